"""Source metadata: the manifest's entry for a file, or what can be inferred from its text.

Adding a document is dropping a `.txt` into `seeds/`; the manifest is optional. Without an
entry we guess title and date from the text and say so, loudly, but still build the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypinyin import lazy_pinyin

from .datafiles import LINE, load_yaml
from .model import Block, Meta, SourceError

FIELDS = {"slug", "title", "subtitle", "date", "issuer", "author", "venue", "publication",
          "kind", "language", "licence", "excerpt", "summary"}
REQUIRED = {"title", "date"}
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_manifest(path: Path) -> dict[str, dict]:
    """The manifest as {source file name: entry}; unknown fields are errors with their line."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise SourceError(path, "the manifest must map source file names to entries", line=1)
    entries = {}
    for name, entry in data.items():
        if name == LINE:
            continue
        if not isinstance(entry, dict):
            raise SourceError(path, f"entry {name!r} must be a mapping", line=data[LINE])
        line = entry.get(LINE)
        unknown = set(entry) - FIELDS - {LINE}
        if unknown:
            raise SourceError(path, f"{name}: unknown field(s) {', '.join(sorted(unknown))}", line=line)
        missing = REQUIRED - set(entry)
        if missing:
            raise SourceError(path, f"{name}: missing field(s) {', '.join(sorted(missing))}", line=line)
        empty = sorted(k for k, v in entry.items() if k != LINE and (v is None or isinstance(v, (list, dict)) or not str(v).strip()))
        if empty:
            raise SourceError(path, f"{name}: field(s) {', '.join(empty)} must be text (remove them if unknown)", line=line)
        entry = {k: str(v).strip() for k, v in entry.items() if k != LINE}
        if not _ISO.match(entry["date"]):
            raise SourceError(path, f"{name}: date {entry['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD", line=line)
        entries[str(name)] = {**entry, LINE: line}
    return entries


def slug_for(source: Path) -> str:
    """The file name in lower-case ASCII; Chinese in pinyin (江门市2027年报告 -> jiang-men-shi-2027-nian-bao-gao)."""
    latin = " ".join(lazy_pinyin(source.stem))
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")[:80].strip("-") or "document"


def infer(source: Path, blocks: list[Block]) -> dict[str, str]:
    """Guess title (first heading, else first line) and date (first date written) from the text."""
    headings = [b for b in blocks if b.heading]
    first = (headings or blocks)[0].text.strip("*# ")
    title = first if len(first) <= 60 else first[:60] + "…"
    date = ""
    for block in blocks[:12]:
        match = _DATE.search(block.text)
        if match:
            year, month, day = match.groups()
            date = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
            break
    return {"title": title, "date": date}


def meta_for(source: Path, blocks: list[Block], manifest: dict[str, dict]) -> Meta:
    """The manifest's metadata for a source, or what the text lets us guess (listed in `inferred`)."""
    entry = manifest.get(source.name)
    inferred: tuple[str, ...] = ()
    if entry is None:
        entry = {k: v for k, v in infer(source, blocks).items() if v}
        inferred = tuple(sorted(entry)) or ("nothing",)
    values = {"slug": slug_for(source), **{k: v for k, v in entry.items() if k != LINE}}
    return Meta(source_file=source.name, inferred=inferred, **values)
