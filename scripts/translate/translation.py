"""The translation memory: one gettext PO file per document and language, kept in step with the source.

`msgctxt` is the unit's context (a paragraph id, a heading anchor, `meta:title` …), `msgid` its
Chinese text. Status (STATUSES): reviewed (translated, not fuzzy: a person checked it), draft
(fuzzy, written by the team), machine (fuzzy, a machine draft: the translator comment starts
"machine draft:" and names the engine, its version and the date), missing (empty). Provenance
is the translator comment. When the Chinese changes, the entry
turns fuzzy and keeps the old source as `#| msgid`; until someone updates it (and removes the
`#|` lines), it counts as missing and the site shows the Chinese: nothing is silently reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from ..datafiles import warn_if_shrunk, write_atomic
from ..model import SourceError
from .units import Unit

HEADER = {
    "Project-Id-Version": "jiangmen-reader",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


STATUSES = ("reviewed", "draft", "machine", "missing")  # every status an entry can have, best first
MACHINE = "machine draft:"  # how a machine draft's translator comment starts


@dataclass(frozen=True)
class Coverage:
    reviewed: int
    draft: int
    machine: int
    missing: int

    def describe(self) -> str:
        return f"{self.reviewed} reviewed, {self.draft} team draft, {self.machine} machine draft, {self.missing} missing"


def po_path(root: Path, lang: str, slug: str) -> Path:
    return root / "translations" / lang / f"{slug}.po"


def load(path: Path, lang: str) -> polib.POFile:
    if not path.exists():
        po = polib.POFile(wrapwidth=0)
        po.metadata = {**HEADER, "Language": lang}
        return po
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(path, "not UTF-8 (the memory is kept in UTF-8)", offset=error.start) from None
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    check_po_text(path, text)
    warn_if_shrunk(path, "translated entries", translated(text), translated)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise SourceError(path, f"invalid PO file: {error}") from None
    charset = re.search(r"charset=([\w-]+)", po.metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise SourceError(path, f"the header declares charset {charset.group(1)}; the memory is UTF-8: "
                          "set Content-Type: text/plain; charset=UTF-8")
    return po


def translated(text: str) -> int:
    """How many entries of a PO file's text have English (a msgstr that is not empty; the header aside)."""
    return len(re.findall(r'^msgstr "(?!")', text, re.M)) + len(re.findall(r'^msgstr ""\n"', text, re.M)) - 1


_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+" + _STRING)
_CONTINUATION = re.compile(_STRING)


def check_po_text(path: Path, text: str) -> None:
    """Refuse a PO file that would not parse cleanly, naming the line: an unclosed quote, an
    entry without msgstr, a context given twice, or no entry at all. polib is lenient with all
    of these, and each would lose or garble the team's work."""
    contexts: dict[str, int] = {}
    open_entry: tuple[int, bool] | None = None  # (line of msgid, has msgstr)
    context = None
    entries = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD_LINE.fullmatch(line)
        if not keyword and not _CONTINUATION.fullmatch(line):
            problem = "a quote opened here is never closed" if line.count('"') % 2 or not line.endswith('"') else "not PO syntax"
            raise SourceError(path, f"{problem}: {line[:40]!r}", line=number)
        if not keyword:
            continue
        word = keyword.group(1)
        if word in ("msgctxt", "msgid") and open_entry and not open_entry[1]:
            raise SourceError(path, "this entry has no msgstr (an empty translation is msgstr \"\")", line=open_entry[0])
        if word == "msgctxt":
            context = line
        elif word == "msgid":
            open_entry, entries = (number, False), entries + 1
            if context is not None:
                if context in contexts:
                    raise SourceError(path, f"{context} is given twice (also at line {contexts[context]}): "
                                      "each paragraph has one entry", line=number)
                contexts[context] = number
            context = None
        elif word.startswith("msgstr") and open_entry:
            open_entry = (open_entry[0], True)
    if open_entry and not open_entry[1]:
        raise SourceError(path, "this entry has no msgstr (the file may be cut short)", line=open_entry[0])
    if entries <= 1:
        raise SourceError(path, "no entries: the file is empty or cut short; restore it from git, or delete it to "
                          "start the memory of this document again", line=1)


def save(po: polib.POFile, path: Path) -> bool:
    return write_atomic(path, str(po) if str(po).endswith("\n") else str(po) + "\n")


def status(entry: polib.POEntry) -> str:
    """missing (no translation, or one of a Chinese text that has since changed), machine, draft, reviewed."""
    if not entry.msgstr or entry.previous_msgid:
        return "missing"
    if not entry.fuzzy:
        return "reviewed"
    return "machine" if entry.tcomment.startswith(MACHINE) else "draft"


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
    counts = dict.fromkeys(STATUSES, 0)
    for entry in po:
        if not entry.obsolete:
            counts[status(entry)] += 1
    return Coverage(**counts)


def lookup(po: polib.POFile) -> dict[str, tuple[str, str]]:
    """{context: (translation, status)} of every entry the site may show: a translation of the
    Chinese as it is now. Call it on a synced memory, so a changed source is never shown."""
    return {e.msgctxt: (e.msgstr, status(e)) for e in po if not e.obsolete and status(e) != "missing"}
