"""Stage 5: write generated pages into `docs/`, and build `site/` without ever breaking it.

Generated files live only under the paths in GENERATED; anything there that the current run
did not produce is stale and removed. Hand-written pages (about, assets) are never touched.
The site is built into a temporary folder and swapped in only when MkDocs succeeds, so a
failed build leaves the previous `site/` as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .datafiles import write_atomic

GENERATED = ("documents", "sources", "parallel")


def write_docs(docs: Path, files: dict[str, str | bytes]) -> list[str]:
    """Write {relative path: content}; remove stale generated files. Returns the paths changed."""
    changed = [rel for rel, content in sorted(files.items()) if write_atomic(docs / rel, content)]
    for folder in GENERATED:
        for path in sorted((docs / folder).rglob("*")) if (docs / folder).exists() else []:
            rel = path.relative_to(docs).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed.append(rel)
    return changed


class BuildError(Exception):
    pass


def build_site(root: Path, site: Path) -> None:
    """Run `mkdocs build --strict` into a temporary folder, then swap it in for `site/`."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"mkdocs build failed; {site} left as it was:\n{result.stdout}{result.stderr}")
    old = root / f".site-old-{os.getpid()}"
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
