"""Stage 6: one Pagefind index per edition, made from the finished HTML.

Pagefind splits an index into small chunks that the reader's browser fetches per query, so what a
query costs stays flat however large the archive grows (README "Search" has the measurements); its
extended build segments Chinese with jieba at index time. Each edition is its own bundle, so a reader
searches the edition they are reading. Only what `overrides/main.html` marks `data-pagefind-body`
is indexed: the article, not the navigation.

Chinese needs one more thing. Pagefind cuts the page's text into words with jieba, but the reader's
browser cuts the query with its own segmenter (ICU), and a query word must begin one of the page's
words: 百千万工程 is indexed as 百千|万|工程 and searched as 百|千万|工程, so 千万 misses. Each Chinese
page is therefore indexed from a copy whose article also carries, as searchable metadata, every
character and character pair of its text (`search_tokens`): whatever the browser's cut, a query word
of one or two characters begins one of them, and the browser's words are rarely longer. The published
page is unchanged; the copies live only while Pagefind reads them. (Measured on the seeds and
corpus: every page holding 百千万工程, 千万, 跻身, 江门 or 百千萬工程 is found; without the tokens some
are not. The cost is about 5 % more index.)
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

BUNDLE = "pagefind"
# What the reader's browser loads: the component UI and the search core. The other two UIs are not used.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# Links that are not text: headings' and paragraphs' permalinks, a paragraph's link to its twin.
IGNORED = (".headerlink", ".pilcrow", ".twin")
BODY = "<div data-pagefind-body>"
_LANG = re.compile(r'<html lang="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


class SearchIndexError(Exception):
    pass


def search_tokens(text: str) -> str:
    """The characters and character pairs of Chinese text, space-separated: whatever a browser's
    segmenter makes of a query, each of its words of one or two characters begins one of these."""
    runs = _HAN.findall(text)
    return " ".join(sorted({run[i:i + n] for run in runs for n in (1, 2) for i in range(len(run) - n + 1)}))


def shadow_page(page: str) -> str | None:
    """What Pagefind reads of a page: its article, with the search tokens of Chinese text as
    metadata. None for a page that is not indexed (no `data-pagefind-body`)."""
    if BODY not in page or "</article>" not in page:
        return None
    lang = _LANG.search(page)
    code = lang.group(1) if lang else "en"
    article = page[page.index(BODY) + len(BODY):page.index("</article>")].rstrip()
    article = article.removesuffix("</div>")
    tokens = search_tokens(html.unescape(_TAG.sub(" ", article))) if code.startswith("zh") else ""
    meta = f' data-pagefind-meta="tokens:{tokens}"' if tokens else ""
    return (f'<!doctype html><html lang="{code}"><head><meta charset="utf-8"></head>'
            f"<body><div data-pagefind-body{meta}>{article}</div></body></html>")


def index_edition(root: Path, pages: Iterable[Path]) -> None:
    """Index these pages of the edition whose root is `root` into `root/pagefind/` (no bundle for an
    edition with nothing to search)."""
    with tempfile.TemporaryDirectory(prefix=".search-", dir=root) as tmp:  # inside the site being built
        indexed = 0
        for page in pages:
            shadow = shadow_page(page.read_text(encoding="utf-8"))
            if shadow is not None:
                target = Path(tmp) / page.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(shadow, encoding="utf-8")
                indexed += 1
        if not indexed:  # nothing marked for search (Pagefind refuses an empty index)
            return
        command = [sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(root / BUNDLE)]
        for selector in IGNORED:
            command += ["--exclude-selectors", selector]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (root / BUNDLE / "pagefind.js").exists():
        raise SearchIndexError(f"pagefind could not index {root}:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        (root / BUNDLE / name).unlink(missing_ok=True)


def index_site(site: Path, folders: Iterable[str]) -> None:
    """The source edition at the site root (every page outside the folder editions), then each
    folder edition, as a site of its own: Pagefind takes a bundle's folder as the root of its
    result URLs."""
    folders = list(folders)
    pages = sorted(site.rglob("*.html"))
    index_edition(site, [p for p in pages if p.relative_to(site).parts[0] not in folders])
    for folder in folders:
        index_edition(site / folder, [p for p in pages if p.relative_to(site).parts[0] == folder])
