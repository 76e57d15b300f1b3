"""The translation memory: one gettext PO file per document and language, kept in step with the source.

`msgctxt` is the unit's context (a paragraph id, a heading anchor, `meta:title` …), `msgid` its
Chinese text. Status: reviewed (translated, not fuzzy), draft (fuzzy: machine or team draft,
provenance in the translator comment), missing (empty). When the Chinese changes, the entry
turns fuzzy and keeps the old source as `#| msgid`; until someone updates it (and removes the
`#|` lines), it counts as missing and the site shows the Chinese: nothing is silently reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .datafiles import write_atomic
from .model import SourceError
from .units import Unit

HEADER = {
    "Project-Id-Version": "jiangmen-reader",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


@dataclass(frozen=True)
class Coverage:
    reviewed: int
    draft: int
    missing: int


def po_path(root: Path, lang: str, slug: str) -> Path:
    return root / "translations" / lang / f"{slug}.po"


def load(path: Path, lang: str) -> polib.POFile:
    if not path.exists():
        po = polib.POFile(wrapwidth=0)
        po.metadata = {**HEADER, "Language": lang}
        return po
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as error:
        raise SourceError(path, f"invalid PO file: {error}") from None


def save(po: polib.POFile, path: Path) -> bool:
    return write_atomic(path, str(po) if str(po).endswith("\n") else str(po) + "\n")


def status(entry: polib.POEntry) -> str:
    """missing (no translation, or one of a Chinese text that has since changed), draft, reviewed."""
    if not entry.msgstr or entry.previous_msgid:
        return "missing"
    return "draft" if entry.fuzzy else "reviewed"


def sync(po: polib.POFile, units: list[Unit]) -> polib.POFile:
    """Bring the memory in line with the source units, in reading order.

    New units get empty entries; a unit whose Chinese changed becomes fuzzy with the previous
    source kept; entries whose unit is gone become obsolete (kept, commented out).
    """
    by_context = {e.msgctxt: e for e in po if not e.obsolete}
    synced = polib.POFile(wrapwidth=0)
    synced.metadata = po.metadata
    for unit in units:
        entry = by_context.pop(unit.context, None)
        if entry is None:
            entry = polib.POEntry(msgctxt=unit.context, msgid=unit.source, msgstr="")
        elif entry.msgid != unit.source:
            entry.previous_msgid = entry.msgid
            entry.msgid = unit.source
            if entry.msgstr and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        entry.comment = unit.comment
        synced.append(entry)
    for entry in [*by_context.values(), *(e for e in po if e.obsolete)]:
        entry.obsolete = True
        synced.append(entry)
    return synced


def fill(po: polib.POFile, translations: dict[str, str], provenance: str) -> int:
    """Fill missing entries with drafts (fuzzy), noting where they came from. Returns how many."""
    filled = 0
    for entry in po:
        text = translations.get(entry.msgctxt)
        if entry.obsolete or entry.msgstr or not text:
            continue
        entry.msgstr = text
        entry.flags = sorted(set(entry.flags) | {"fuzzy"})
        entry.tcomment = provenance
        filled += 1
    return filled


def coverage(po: polib.POFile) -> Coverage:
    counts = {"reviewed": 0, "draft": 0, "missing": 0}
    for entry in po:
        if not entry.obsolete:
            counts[status(entry)] += 1
    return Coverage(**counts)


def lookup(po: polib.POFile) -> dict[str, tuple[str, str]]:
    """{context: (translation, status)} of every entry the site may show: a translation of the
    Chinese as it is now. Call it on a synced memory, so a changed source is never shown."""
    return {e.msgctxt: (e.msgstr, status(e)) for e in po if not e.obsolete and status(e) != "missing"}
