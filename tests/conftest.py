"""Shared fixtures: the real seeds, and a real build of the whole site in a scratch copy."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = {"documents", "sources", "site"}


def copy_project(dest: Path) -> Path:
    """The committed inputs of the project (no generated files) in a scratch folder."""
    for name in ("mkdocs.yml", "seeds", "scripts", "glossary", "translations", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs",
                    ignore=lambda d, names: [n for n in names if n in GENERATED or n.startswith("index")])
    return dest


def run_cli(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), *args],
                            cwd=root, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole pipeline, run as `make site` runs it, on the real seeds."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    run_cli(root, "build")
    return root


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 (search needs a real server)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
