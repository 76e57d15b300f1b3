"""Stage 6: one Pagefind index per edition, made from the finished HTML.

Pagefind splits an index into small chunks that the reader's browser fetches per query, so what a
query costs stays flat however large the archive grows (README "Search" has the measurements); its
extended build segments Chinese with jieba at index time. Each edition is its own bundle, so a reader
searches the edition they are reading. Only what `overrides/main.html` marks `data-pagefind-body`
is indexed: the article, not the navigation.

Chinese needs one more thing. Pagefind cuts the page's text into words with jieba, but the reader's
browser cuts the query with its own segmenter (ICU), and a query word must begin one of the page's
words: 百千万工程 is indexed as 百千|万|工程 and searched as 百|千万|工程, so 千万 misses; and a query
ICU does not know is cut into characters (营商环境 into 营|商|环境), which finds pages holding them apart.
So Pagefind reads a copy of each page whose every Chinese character is a word of its own (a
zero-width space between two characters, which the page as shown never gets: `by_character`), and
`docs/assets/search.js` searches a Chinese query as Pagefind's exact phrase of its characters
("营 商 环 境"): a page is found when it holds the query's characters side by side, whatever words
either segmenter would make of them. A page of the Simplified edition that shows a source in
Traditional characters is read with its Simplified reading after it, so that a query in Simplified
finds it. The published page is unchanged; the copies live only while Pagefind reads them.
(README "Search" has what it finds and what it costs.)
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..chinese import simplified

BUNDLE = "pagefind"
# What the reader's browser loads: the component UI and the search core. The other two UIs are not used.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# Links that are not text: headings' and paragraphs' permalinks, a paragraph's link to its twin.
IGNORED = (".headerlink", ".pilcrow", ".twin")
BODY = "<div data-pagefind-body>"
# What a page marks as not its text (the glossary's lists of the documents a term occurs in): left out
# of the copy Pagefind reads. Such an element holds no element of its own tag.
_UNSEARCHED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)
_LANG = re.compile(r'<html lang="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_NOT_TEXT = re.compile(r'<a class="(?:' + "|".join(c.strip(".") for c in IGNORED) + r')"[^>]*>.*?</a>', re.S)
# A source's paragraphs, headings and list items shown as written in Traditional characters (not the
# glossary's Traditional forms of its terms, which the page also gives in Simplified); a nested list's
# item is read up to the nested list.
_TRADITIONAL = re.compile(r'<(p|h[1-6]|li)\b[^>]*\blang="zh-Hant"[^>]*>(.*?)</\1>', re.S)


class SearchIndexError(Exception):
    pass


HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # 〇 and the Han blocks; search.js has the same
_SPLIT = re.compile(f"(?<=[{HAN}])(?=[{HAN}A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")
_SPLIT_PAIR = re.compile(f"[{HAN}][{HAN}A-Za-z0-9]|[A-Za-z0-9][{HAN}]")
_TAG_OR_TEXT = re.compile(f"({_TAG.pattern})")  # split keeping the tags
ZWSP = "\u200b"  # splits words for Pagefind's segmenter, shows nothing (Pagefind puts one between words itself)


def by_character(markup: str) -> str:
    """HTML whose text has a zero-width space after every Chinese character and before every one that
    follows a letter or digit, across inline tags too (全市<a>民生支出</a>: jieba would make 市民 a word);
    tags and attributes untouched. Each Chinese character is then a word of its own to Pagefind, and so
    is 2035 in 2035年."""
    out, last = [], ""
    for part in _TAG_OR_TEXT.split(markup):
        if not part or part.startswith("<"):
            out.append(part)
            continue
        out.append((ZWSP if last and _SPLIT_PAIR.fullmatch(last + part[0]) else "") + _SPLIT.sub(ZWSP, part))
        last = part[-1]
    return "".join(out)


def shadow_page(page: str) -> str | None:
    """What Pagefind reads of a page: its article, less what it marks unsearched, each Chinese
    character a word (`by_character`); a Simplified page showing Traditional text, with its Simplified
    reading after it. None for a page that is not indexed (no `data-pagefind-body`)."""
    if BODY not in page or "</article>" not in page:
        return None
    lang = _LANG.search(page)
    code = lang.group(1) if lang else "en"
    article = _UNSEARCHED.sub("", page[page.index(BODY) + len(BODY):page.index("</article>")].rstrip().removesuffix("</div>"))
    if code == "zh-Hans":  # a source shown as written in Traditional characters is also read in Simplified
        article += "".join(f'<p lang="zh-Hans">{html.escape(simplified(_plain(found.group(2))))}</p>'
                           for found in _TRADITIONAL.finditer(article))
    heading = _H1.search(article)  # the result's title as the page shows it, without the spaces
    title = f' data-pagefind-meta="title[data-title]" data-title="{html.escape(_plain(heading.group(1)))}"' if heading else ""
    return (f'<!doctype html><html lang="{code}"><head><meta charset="utf-8"></head>'
            f"<body><div data-pagefind-body{title}>{by_character(article)}</div></body></html>")


def _plain(markup: str) -> str:
    """The text of some inline HTML, less its links that are not text (`IGNORED`)."""
    return html.unescape(_TAG.sub("", _NOT_TEXT.sub("", markup))).strip()


def write_shadows(site: Path, pages: Iterable[Path], folders: list[str], shadows: Path) -> None:
    """Bring the shadow copies under `shadows/` up to date with these pages of `site`: one tree per
    edition (`shadows/<edition folder or "-">/`, paths as on the edition's site), a page that is not
    indexed without one."""
    for page in pages:
        rel = page.relative_to(site)
        edition = rel.parts[0] if rel.parts[0] in folders else "-"
        target = shadows / edition / (rel.relative_to(edition) if edition != "-" else rel)
        shadow = shadow_page(page.read_text(encoding="utf-8"))
        if shadow is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(shadow, encoding="utf-8")


def index_edition(shadows: Path, bundle: Path) -> None:
    """Index an edition's shadow tree into `bundle` (none for an edition with nothing to search)."""
    if not any(shadows.rglob("*.html")):  # nothing marked for search (Pagefind refuses an empty index)
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(shadows), "--output-path", str(bundle)]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (bundle / "pagefind.js").exists():
        raise SearchIndexError(f"pagefind could not index {bundle.parent}:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def index_site(site: Path, folders: Iterable[str], shadows: Path, pages: list[Path] | None = None) -> None:
    """One bundle per edition: the source edition's at the site root (every page outside the folder
    editions), each folder edition's in its folder, as a site of its own (Pagefind takes a bundle's
    folder as the root of its result URLs). `shadows` keeps what Pagefind read, so that a build which
    rewrote only some `pages` makes only their shadows again (None: every page, from scratch). The
    editions are indexed side by side: Pagefind runs as a process of its own."""
    folders = list(folders)
    if pages is None:
        shutil.rmtree(shadows, ignore_errors=True)
        pages = sorted(site.rglob("*.html"))
    write_shadows(site, pages, folders, shadows)
    jobs = [(shadows / "-", site / BUNDLE), *((shadows / folder, site / folder / BUNDLE) for folder in folders)]
    with ThreadPoolExecutor(len(jobs)) as pool:
        for done in [pool.submit(index_edition, tree, bundle) for tree, bundle in jobs]:
            done.result()
