"""Shared fixtures: the real seeds, and a real build of the whole site in a scratch copy."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts import pipeline
from tests.browser import chromium, new_page

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")  # the stand-in servers are local, whatever proxy is set


def copy_project(dest: Path) -> Path:
    """The project's own files (tracked, or new and not ignored: no generated page) in a scratch folder."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for rel in listed:
        if rel.startswith(("tests/", ".github/")) or not (ROOT / rel).is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    return dest


def run_cli(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), *args],
                            cwd=root, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result


CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole pipeline, run as `make site` runs it, on the real seeds and, dropped into
    seeds/ as an editor would drop them, every text of the test corpus (no manifest entry)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    for text in CORPUS.glob("*.txt"):
        shutil.copy(text, root / "seeds" / text.name)
    run_cli(root, "build")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> pipeline.Project:
    """The seeds and every text of the test corpus, as the pipeline reads them (in-process, no build)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    for text in CORPUS.glob("*.txt"):
        shutil.copy(text, root / "seeds" / text.name)
    return pipeline.load(root, warn=lambda *a, **kw: None)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 (search needs a real server)."""
    with serve(built_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def _chromium():
    """One headless Chromium for the whole session (started when a browser test first needs it)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(_chromium):
    """`with browser_page(width, height) as page`: a page in a fresh browser context of the session's Chromium."""
    return functools.partial(new_page, _chromium)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A folder served over HTTP on 127.0.0.1, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
