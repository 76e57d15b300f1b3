"""Reading built HTML in tests: visible text, elements by attribute, and what search indexed."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    SKIP = {"script", "style", "template"}

    def __init__(self, keep_ignored: bool = True):
        super().__init__()
        self.parts: list[str] = []
        self.ids: list[str] = []
        self.skipping = 0
        self.keep_ignored = keep_ignored  # keep the text of elements marked data-pagefind-ignore
        self.ignored: list[str] = []  # the tags open inside such an element, itself first

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if self.ignored:
            if tag == self.ignored[0]:
                self.ignored.append(tag)
        elif not self.keep_ignored and any(name == "data-pagefind-ignore" for name, _ in attrs):
            self.ignored.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping -= 1
        if self.ignored and tag == self.ignored[0]:
            self.ignored.pop()

    def handle_data(self, data):
        if not self.skipping and not self.ignored:
            self.parts.append(data)


def parse(html: str, keep_ignored: bool = True) -> _Text:
    parser = _Text(keep_ignored)
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    return "".join(parse(html).parts)


def element_ids(html: str) -> list[str]:
    return parse(html).ids


def article_text(html: str) -> str:
    """Visible text of the page's main article (no navigation, header or footer)."""
    return visible_text(_article(html))


def searched_text(html: str) -> str:
    """What search should find of a page: its article's visible text, less what the page marks
    data-pagefind-ignore."""
    return "".join(parse(_article(html), keep_ignored=False).parts)


def _article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def search_records(edition_root: Path) -> list[dict]:
    """The pages a Pagefind bundle holds (url, meta.title, content), read from its fragment files:
    gzip streams of a `pagefind_dcd` signature followed by JSON. Pagefind puts a zero-width space
    between the words it segmented; they are removed here, to give the text as read."""
    records = []
    for fragment in sorted((edition_root / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data[len(b"pagefind_dcd"):])
        records.append({**record, "content": record["content"].replace("\u200b", "")})
    return records
