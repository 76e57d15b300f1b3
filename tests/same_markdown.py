"""Does the working tree write the same Markdown as another revision? For refactoring.

    python -m tests.same_markdown [REV]        (`make same-markdown REV=…`; REV defaults to HEAD)

Both trees run `python -m scripts pages` on the seeds plus every corpus text (no manifest entry, as
an editor drops them in), and every file they write under `docs/` is compared byte for byte. Exits 1
and lists the files that differ. A change meant to alter no output (moving modules, splitting one)
must pass it against the revision before the change.
"""

from __future__ import annotations

import filecmp
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tests.conftest import CORPUS, ROOT, copy_project


def checkout(rev: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def pages(root: Path) -> Path:
    for text in CORPUS.glob("*.txt"):
        shutil.copy(text, root / "seeds" / text.name)
    subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), "pages"], cwd=root, check=True,
                   capture_output=True)
    return root / "docs"


def differences(a: Path, b: Path) -> list[str]:
    files = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted(f for f in files if not ((a / f).is_file() and (b / f).is_file() and filecmp.cmp(a / f, b / f, shallow=False)))


def main(rev: str = "HEAD") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        before = pages(checkout(rev, Path(tmp) / "before"))
        after = pages(copy_project(Path(tmp) / "after"))
        changed = differences(before, after)
        count = sum(1 for p in after.rglob("*") if p.is_file())
    for rel in changed:
        print(f"differs: docs/{rel}")
    print(f"{count} files under docs/; {len(changed)} differ from {rev}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
