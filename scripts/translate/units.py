"""What there is to translate in a document: every string a reader sees, keyed by a stable context.

Contexts: `meta:<field>`, `<section anchor>` for headings, `<p-id>` for a paragraph's text,
`<p-id>:runin` for its run-in heading, `<owner>:note:<hash of kind, reason, source>` for an
editorial note (by content, not position, so adding a decision never shifts other notes' keys).
The same keys tie the Chinese page, the translation memory and every edition together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..model import Document, Note, Paragraph

META_FIELDS = ("title", "summary", "excerpt", "licence", "issuer", "author", "venue", "publication")


@dataclass(frozen=True)
class Unit:
    context: str
    source: str
    comment: str = ""  # for translators: where the string is, and what kind


def note_context(owner: str, note: Note) -> str:
    key = note.kind + note.reason + note.source_text  # two notes may share a reason, never all three
    return f"{owner}:note:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def _note_units(owner: str, notes: list[Note]) -> list[Unit]:
    return [Unit(note_context(owner, note), note.reason, f"editorial note ({note.kind})") for note in notes]


def units(doc: Document) -> list[Unit]:
    """Every translatable string of a document, in reading order."""
    out = [Unit(f"meta:{name}", getattr(doc.meta, name), f"document {name}")
           for name in META_FIELDS if getattr(doc.meta, name)]
    out += [Unit(line.context, line.text, f"header line ({line.role}), source lines {line.lines[0]}-{line.lines[-1]}")
            for line in doc.header]
    out += _note_units("doc", doc.notes)

    def paragraphs(owner_paragraphs: list[Paragraph]) -> None:
        for p in owner_paragraphs:
            if p.runin:
                out.append(Unit(f"{p.id}:runin", p.runin, "run-in heading"))
            out.append(Unit(p.id, p.text, f"paragraph ({p.role}), source lines {p.lines[0]}-{p.lines[-1]}"))
            out.extend(_note_units(p.id, p.notes))

    paragraphs(doc.front)
    for section in doc.all_sections():
        out.append(Unit(section.anchor, section.title, f"heading level {section.level}"))
        out.extend(_note_units(section.anchor, section.notes))
        paragraphs(section.paragraphs)
    return [u for u in out if u.source]
