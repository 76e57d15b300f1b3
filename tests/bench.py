"""Speed and size targets (`make bench`): the whole pipeline on the real seeds, in a scratch copy.

Prints one line per measure with its target, and exits 1 when a target is missed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import copy_project, run_cli

TARGETS = {  # measure: (limit, unit); measured 2026-11: 3.2 s, 6.4 s, 170 KB, 177 KB, 330 KB, 6.9 MB
    "pages (read, repair, structure, annotate, render 3 editions)": (15.0, "s"),
    "build (pages + mkdocs build --strict + post-processing)": (60.0, "s"),
    "report page, Simplified edition": (400.0, "KB"),
    "report page, English edition": (400.0, "KB"),
    "search index, largest edition": (1500.0, "KB"),
    "whole site": (20.0, "MB"),
}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp))
        start = time.perf_counter()
        run_cli(root, "pages")
        pages = time.perf_counter() - start
        start = time.perf_counter()
        run_cli(root, "build")
        build = time.perf_counter() - start
        site = root / "site"
        report = "documents/2026-jiangmen-government-work-report/index.html"
        indexes = [site / p / "search" / "search_index.json" for p in ("", "en", "zh-Hant")]
        return dict(zip(TARGETS, [pages, build, _size(site / report) / 1e3, _size(site / "en" / report) / 1e3,
                                  max(_size(i) for i in indexes) / 1e3, _size(site) / 1e6]))


def main() -> int:
    results = measure()
    missed = 0
    for name, value in results.items():
        limit, unit = TARGETS[name]
        ok = value <= limit
        missed += not ok
        print(f"{'ok  ' if ok else 'MISS'} {name}: {value:.1f} {unit} (target ≤ {limit:g} {unit})")
    print(f"bench: {len(results) - missed} passed, {missed} failed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
