"""Stage 6: one Pagefind index per edition, made from the finished HTML.

Pagefind splits an index into small chunks that the reader's browser fetches per query, so what a
query costs stays flat however large the archive grows (README "Search" has the measurements); its
extended build segments Chinese with jieba at index time. Each edition is its own bundle, so a reader
searches the edition they are reading. Only what `overrides/main.html` marks `data-pagefind-body`
is indexed: the article, not the navigation.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

BUNDLE = "pagefind"
# What the reader's browser loads: the component UI and the search core. The other two UIs are not used.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


# Links that are not text: headings' and paragraphs' permalinks, a paragraph's link to its twin.
IGNORED = (".headerlink", ".pilcrow", ".twin")


class SearchIndexError(Exception):
    pass


def index_edition(root: Path, glob: str = "**/*.html") -> None:
    """Index the HTML under `root` matching `glob` into `root/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(root), "--glob", glob, "--output-subdir", BUNDLE]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (root / BUNDLE / "pagefind.js").exists():
        raise SearchIndexError(f"pagefind could not index {root}:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        (root / BUNDLE / name).unlink(missing_ok=True)


def index_site(site: Path, folders: Iterable[str]) -> None:
    """The source edition at the site root (everything but the folder editions), then each folder edition.

    A folder edition is indexed as a site of its own: Pagefind takes a bundle's folder as the root of
    its result URLs, so indexing `en/` from the site root would give `/en/en/…`.
    """
    folders = list(folders)
    own = sorted(p.name + ("/**/*.html" if p.is_dir() else "") for p in site.iterdir()
                 if p.name not in folders and p.name != BUNDLE and (p.is_dir() or p.suffix == ".html"))
    index_edition(site, "{" + ",".join(own) + "}")
    for folder in folders:
        index_edition(site / folder)
