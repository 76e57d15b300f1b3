"""The one document model every stage shares.

source text -> Block (readers) -> repaired Block (repairs) -> Document (structure)
-> annotated pages per edition (pages) -> files MkDocs builds (writers).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath


class SourceError(Exception):
    """Bad input: always names the file and, where known, the line or byte offset."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, offset: int | None = None):
        where = str(path)
        if line is not None:
            where += f":{line}"
        if offset is not None:
            where += f" (byte offset {offset})"
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
        self.offset = offset


@dataclass(frozen=True)
class Note:
    """An editorial note (编者注): one repair, why it was made, and what the source said."""

    kind: str  # join, move, split, drop, correct, note, gap, title, emphasis
    reason: str
    source_text: str = ""  # the source's own wording, shown to readers
    lines: tuple[int, ...] = ()
    automatic: bool = False  # made by code without a reviewed decision
    anchor: str = ""  # repaired text the note is about: it goes with the paragraph holding it
    repaired: str = ""  # for a correction, the wording that replaced source_text


@dataclass(frozen=True)
class Block:
    """A raw paragraph of the source: lines between blank lines, hard wraps joined."""

    text: str
    lines: tuple[int, ...]  # source lines it came from, first line first
    heading: int = 0  # Markdown heading level written in the source (# = 1), 0 for body text
    notes: tuple[Note, ...] = ()
    title: str = ""  # editor-supplied title for the section this block opens
    title_level: int = 0  # 2 = part/article, 3 = subsection

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass(frozen=True)
class HeaderLine:
    """A line of the document's header (title, venue, speaker, dateline …), shown in its header block."""

    role: str  # title, subtitle, venue, author, issuer, number, dateline, source, byline, furniture
    text: str  # as the source wrote it (a line broken in two joined)
    lines: tuple[int, ...]

    @property
    def context(self) -> str:
        return f"h-{self.lines[0]}"


@dataclass
class Paragraph:
    id: str  # "p-<source line>-<n>": the n-th paragraph starting on that source line; the same in every edition
    text: str  # plain text, no markup
    runin: str = ""  # run-in heading (bold lead-in) printed before the text
    lines: tuple[int, ...] = ()
    notes: list[Note] = field(default_factory=list)
    role: str = "body"  # body | lead (ends in ——, introducing what follows) | byline | subtitle | closing
    # (the signature and date) | contents (a line of a table of contents) | table (a row) | caption
    # | salutation (各位代表：, or a notice's addressees)

    @property
    def full_text(self) -> str:
        return self.runin + self.text


@dataclass
class Section:
    title: str
    level: int  # 2 = the body's top division (part, chapter, article), 3 and deeper below it
    anchor: str  # "s-<source line>" of the block that opens it: stable, the same in every edition
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    continued_from: str = ""  # page the start is on, e.g. "A01" for 上接 A01 版
    editorial_title: bool = False  # the title was supplied by the editors, not the source

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.subsections:
            yield from sub.walk()


@dataclass
class Meta:
    title: str
    slug: str
    source_file: str
    date: str = ""  # ISO date
    issuer: str = ""
    author: str = ""
    venue: str = ""
    publication: str = ""
    kind: str = ""
    language: str = "zh-Hans"
    licence: str = ""
    excerpt: str = ""  # notice shown when the source is an excerpt
    subtitle: str = ""
    summary: str = ""
    layout: str = ""  # blank-line, one-per-line or hard-wrapped: how the source lays out its paragraphs
    inferred: tuple[str, ...] = ()  # fields guessed because the manifest had no entry

    @property
    def untitled(self) -> bool:
        """No title in the text nor the manifest: the file's name stands in (`manifest.meta_for`)."""
        return self.title == PurePath(self.source_file).stem


@dataclass
class Document:
    meta: Meta
    header: list[HeaderLine] = field(default_factory=list)  # the source's header lines, in order
    front: list[Paragraph] = field(default_factory=list)  # paragraphs before the first section
    sections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # document-level notes (e.g. moved passages)

    def all_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def paragraphs(self) -> Iterator[Paragraph]:
        yield from self.front
        for section in self.all_sections():
            yield from section.paragraphs

    def all_notes(self) -> Iterator[Note]:
        yield from self.notes
        for p in self.front:
            yield from p.notes
        for section in self.all_sections():
            yield from section.notes
            for p in section.paragraphs:
                yield from p.notes
