"""Stage 3: repaired blocks -> the typed document: parts, items, paragraphs with stable ids.

Headings come from the text's own structure: Markdown headings and title lines (articles on
a newspaper page), 一、二、 (parts), 一是/二是 (items, titled by their first sentence), bold
lead-ins (run-in headings that open a paragraph), and 上接 A01 版 (continuations whose start
is on another page).
"""

from __future__ import annotations

import re
from .model import Block, Document, Meta, Note, Paragraph, Section
from .repairs import CONTINUATION, ITEM, PART, is_heading_like

FIRST_SENTENCE = re.compile(r"^.+?[。；！？]")
BYLINE = ("◇", "□", "■", "●", "○")
LEAD_END = re.compile(r"[。，：；！？]$")
SENTENCE_END = "。！？；"
EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


def normalise_emphasis(text: str) -> tuple[str, list[tuple[int, str]], list[Note]]:
    """Strip ** markers; return plain text, run-in heading positions, and notes on broken ones.

    A bold span is a run-in heading when it is a short phrase ending in punctuation that opens
    a sentence. Any other bold span (one running over several sentences, a stray marker around
    a word, an unpaired marker) is print debris: the markers go, a note says so.
    """
    plain, runins, notes = [], [], []
    pos = 0
    for match in EMPHASIS.finditer(text):
        before = text[pos:match.start()]
        plain.append(before)
        so_far = "".join(plain)
        inner = match.group(1)
        opens_sentence = not so_far or so_far.endswith(tuple(SENTENCE_END))
        if len(inner) <= 40 and LEAD_END.search(inner) and opens_sentence and "。" not in inner[:-1]:
            runins.append((len(so_far), inner))
        else:
            notes.append(Note("emphasis", "原文此处的粗体标记残缺或错位（排版残留），编者删除标记，文字不变",
                              match.group(0), automatic=True, anchor=inner[:12]))
        plain.append(inner)
        pos = match.end()
    rest = text[pos:]
    if "**" in rest:
        notes.append(Note("emphasis", "原文此处有不成对的粗体标记（排版残留），编者删除标记，文字不变",
                          rest[max(0, rest.index("**") - 8):rest.index("**") + 10], automatic=True))
        rest = rest.replace("**", "")
    plain.append(rest)
    return "".join(plain), runins, notes


def _paragraphs(text: str, runins: list[tuple[int, str]], role: str) -> list[Paragraph]:
    """Split a block at its run-in headings: each lead-in opens a paragraph of its own."""
    cuts = [0] + [at for at, _ in runins if at > 0] + [len(text)]
    heads = {at: inner for at, inner in runins}
    out = []
    for start, end in zip(cuts, cuts[1:]):
        chunk = text[start:end]
        runin = heads.get(start, "")
        if chunk:
            out.append(Paragraph(id="", text=chunk[len(runin):], runin=runin, role=role))
    return out


class _Builder:
    """Walks the blocks once, keeping the section currently open at each level."""

    def __init__(self, meta: Meta):
        self.doc = Document(meta=meta)
        self.part: Section | None = None
        self.item: Section | None = None
        self.counts: dict[int, int] = {}
        self.anchors: set[str] = set()

    def open(self, title: str, level: int, notes: list[Note], line: int, editorial: bool = False) -> Section:
        """A new section, anchored by the source line it starts on: `s-13` (stable, like `p-` ids)."""
        anchor, n = f"s-{line}", 1
        while anchor in self.anchors:
            n += 1
            anchor = f"s-{line}-{n}"
        self.anchors.add(anchor)
        if level == 2 or self.part is None:
            section = Section(title=title, level=2, anchor=anchor, notes=notes, editorial_title=editorial)
            self.doc.sections.append(section)
            self.part, self.item = section, None
        else:
            section = Section(title=title, level=3, anchor=anchor, notes=notes, editorial_title=editorial)
            self.part.subsections.append(section)
            self.item = section
        return section

    @property
    def current(self) -> Section | None:
        return self.item or self.part

    def add(self, block: Block, paragraphs: list[Paragraph], notes: list[Note]) -> None:
        for p in paragraphs:
            n = self.counts.get(block.line, 0)
            self.counts[block.line] = n + 1
            p.id = f"p-{block.line}-{n + 1}"
            p.lines = block.lines
        for note in notes:
            target = next((p for p in paragraphs if note.anchor and note.anchor in p.full_text), None)
            if target is None and paragraphs:
                target = paragraphs[0]
            (target.notes if target else self.notes()).append(note)
        (self.current.paragraphs if self.current else self.doc.front).extend(paragraphs)

    def notes(self) -> list[Note]:
        return self.current.notes if self.current else self.doc.notes


def _closing(blocks: list[Block]) -> bool:
    """The signature and date that end many reports: short lines with nothing after them."""
    return all(not b.heading and is_heading_like(b.text) and not b.text.startswith("**") for b in blocks)


def build(meta: Meta, blocks: list[Block]) -> Document:
    b = _Builder(meta)
    pending_title: Section | None = None  # a title line waiting to see whether a continuation follows
    for i, block in enumerate(blocks):
        notes = list(block.notes)
        text = block.text.strip()
        bare = text[2:-2] if is_heading_like(text) and text.startswith("**") else text  # a wholly bold line
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        if block.title:
            pending_title = b.open(block.title, block.title_level, [], block.line, editorial=True)
            b.notes().extend(n for n in notes if n.kind == "title")
            notes = [n for n in notes if n.kind != "title"]
        marker = CONTINUATION.match(text)
        if marker:
            section = pending_title or b.current
            if section is None or section.paragraphs or section.subsections:
                section = b.open("（无标题续文）", 2, [Note("title", "续文没有标题，程序以此暂代", automatic=True)],
                                 block.line, editorial=True)
            section.continued_from = marker.group(1)
            section.notes.extend(notes)
            pending_title = None
            continue
        pending_title = None
        if i == 0 and bare == meta.title and (block.heading == 1 or not block.heading and is_heading_like(bare)):
            b.doc.notes.extend(notes)  # the source's own title line is the page title
            continue
        if block.heading or (PART.match(bare) and is_heading_like(text)):
            level = 2 if block.heading <= 2 or PART.match(bare) else 3
            pending_title = b.open(bare, level, notes, block.line)
            continue
        titled = b.doc.sections or text.startswith("**")
        if is_heading_like(text) and not text.startswith(("——",) + BYLINE) and titled and not _closing(blocks[i:]):
            level = 2 if CONTINUATION.match(nxt.strip()) else 3
            pending_title = b.open(bare, level, notes, block.line)
            continue
        plain, runins, emphasis_notes = normalise_emphasis(text)
        notes += emphasis_notes
        if ITEM.match(plain) and not (runins and runins[0][0] == 0):
            first = FIRST_SENTENCE.match(plain)
            title = first.group() if first else plain
            runins = [(at - len(title), inner) for at, inner in runins]
            b.open(title, 3, [n for n in notes if n.anchor and n.anchor in title], block.line)
            notes = [n for n in notes if not (n.anchor and n.anchor in title)]
            plain = plain[len(title):]
            if not plain:
                b.notes().extend(notes)
                continue
        b.add(block, _paragraphs(plain, runins, _role(plain, bool(b.doc.sections), blocks[i:])), notes)
    return b.doc


def _role(text: str, in_sections: bool, rest: list[Block]) -> str:
    if text.endswith("——"):
        return "lead"  # a line introducing what follows
    if text.startswith(BYLINE):
        return "byline"
    if text.startswith("——") and not in_sections:
        return "subtitle"
    return "closing" if in_sections and _closing(rest) else "body"
