"""Source metadata: the manifest's entry for a file, or what can be inferred from its text.

Adding a document is dropping a `.txt` into `seeds/`; the manifest is optional. Without an
entry we guess title and date from the text and say so, loudly, but still build the page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

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
        entry = {k: str(v) for k, v in entry.items() if k != LINE}
        if not _ISO.match(entry["date"]):
            raise SourceError(path, f"{name}: date {entry['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD", line=line)
        entries[str(name)] = entry
    return entries


def slug_for(source: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "document"


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


def meta_for(source: Path, blocks: list[Block], manifest: dict[str, dict], warn=print) -> Meta:
    entry = manifest.get(source.name)
    inferred: tuple[str, ...] = ()
    if entry is None:
        entry = {k: v for k, v in infer(source, blocks).items() if v}
        inferred = tuple(sorted(entry))
        guesses = ", ".join(f"{k} {entry[k]!r}" for k in inferred)
        warn(f"warning: {source}: no manifest entry; guessed {guesses or 'nothing'}", file=sys.stderr)
    values = {"slug": slug_for(source), **entry}
    return Meta(source_file=source.name, inferred=inferred, **values)
