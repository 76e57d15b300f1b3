"""Stage 3: header and repaired blocks -> the typed document: sections, paragraphs with stable ids.

Headings come from the text's own structure: Markdown headings and title lines (articles on
a newspaper page); numbered headings, whose levels follow the document's own hierarchy
(第一部分 > 第一章 > 第一节 > 一、 > （一） > 1. > （1）, see `chinese.NUMBERING`); short unnumbered
lines standing between paragraphs; 一是/（一） items titled by their first sentence, in a
document whose only numbered headings are 一、; bold lead-ins (run-in headings that open a
paragraph); and 上接 A01 版 (continuations whose start is on another page).
"""

from __future__ import annotations

import re

from ..chinese import (
    BYLINE_MARKS,
    CAPTION,
    CONTENTS,
    CONTINUATION,
    FIRST_SENTENCE,
    IMAGE_NAMES,
    ITEM,
    PAGE_ACTIONS,
    SENTENCE_END,
    SPEAKER,
    STYLE_RANK,
    collapse,
    is_byline,
    is_date_line,
    is_heading_like,
    is_numbered_heading,
    is_organisation,
    is_salutation,
    is_signature,
    is_table_row,
    numbering,
    simplified,
)
from ..model import Block, Document, Meta, Note, Paragraph, Section
from .header import Header

LEAD_END = re.compile(r"[。，：；！？]$")
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
    """Walks the blocks once, keeping the open section at each level."""

    def __init__(self, meta: Meta):
        self.doc = Document(meta=meta)
        self.stack: list[Section] = []
        self.counts: dict[int, int] = {}
        self.anchors: set[str] = set()

    def open(self, title: str, level: int, notes: list[Note], line: int, editorial: bool = False) -> Section:
        """A new section, anchored by the source line it starts on: `s-13` (stable, like `p-` ids)."""
        anchor, n = f"s-{line}", 1
        while anchor in self.anchors:
            n += 1
            anchor = f"s-{line}-{n}"
        self.anchors.add(anchor)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        level = level if self.stack else 2
        section = Section(title=title, level=level, anchor=anchor, notes=notes, editorial_title=editorial)
        (self.stack[-1].subsections if self.stack else self.doc.sections).append(section)
        self.stack.append(section)
        return section

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None

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


def _page_furniture(reason: str, lines: list[tuple[str, tuple[int, ...]]]) -> Note:
    """What the page had around the text, set out of it and quoted in a note: nothing of the source is lost."""
    return Note("furniture", reason, " ／ ".join(text for text, _ in lines), tuple(n for _, numbers in lines for n in numbers),
                automatic=True)


def _page_links_at_end(blocks: list[Block]) -> int:
    """How many blocks at the end are the page's own links (列印此頁, 【打印】【关闭】), not the text's."""
    n = 0
    while n < len(blocks) and PAGE_ACTIONS.match(simplified(blocks[-1 - n].text.strip())):
        n += 1
    return n


def _closing(blocks: list[Block]) -> bool:
    """The signature and date that end many reports: short lines with nothing after them, an office
    or a date among them (four offices signing together; but a text cut short after its opening
    lines is not a signature)."""
    return (all(not b.heading and is_heading_like(b.text) and not b.text.startswith("**") for b in blocks)
            and any(is_date_line(b.text) or is_organisation(b.text) for b in blocks))


def _bare(text: str) -> str:
    """A heading's text: a wholly bold line without its markers, spaces collapsed, letter-spacing removed."""
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        text = text[2:-2]
    return collapse(text)


def _unnumbered_heading(blocks: list[Block], i: int) -> bool:
    """A short line standing on its own between paragraphs (not a byline, a lead, a caption,
    a table row, a speaker, or the closing lines)."""
    text = blocks[i].text.strip()
    return (is_heading_like(text) and not text.startswith(("——",) + BYLINE_MARKS) and not is_byline(text) and i + 1 < len(blocks)
            and not _closing(blocks[i:]) and not CONTINUATION.match(text) and not CAPTION.match(text)
            and not is_table_row(text) and not is_date_line(text) and not _speaker(text))


def _speaker(text: str) -> bool:
    """A speaker's line, office and name apart: 区财政局局长 张品飞 (not a crosshead, 委员声音)."""
    return bool(SPEAKER.match(text)) and " " in collapse(text)


PARAGRAPH_KINDS = ("body", "closing", "contents")
TOC_RUN = 5  # this many heading lines in a row, with no text between, are a table of contents


def classify(blocks: list[Block]) -> list[str]:
    """What each block is: `markdown` (a # heading or 上接 marker), a numbering style (`cjk`,
    `chapter` …) for a numbered heading, `unnumbered` for a title line, else `body`.

    Lines signing a notice (office and date) are body text wherever they stand. A run of
    heading lines with no text between them is a table of contents, also body text, from its
    second line (the first names it: 目录, kind `toc`, or the document's title) up to where its
    numbering starts again at 1 or its first entry comes again (the headings themselves follow).
    """
    texts = [b.text for b in blocks]
    kinds = []
    for i, block in enumerate(blocks):
        if block.heading or CONTINUATION.match(block.text.strip()):
            kinds.append("markdown")
        elif is_signature(texts, i):
            kinds.append("closing")
        elif is_numbered_heading(block.text):
            kinds.append(numbering(_bare(block.text)) or "cjk")
        elif _unnumbered_heading(blocks, i):
            kinds.append("unnumbered")
        else:
            kinds.append("body")
    _lists(texts, kinds)
    i = 0
    while i < len(kinds):
        j = i
        while j < len(kinds) and kinds[j] not in ("body", "closing", "markdown"):
            j += 1
        if j - i >= TOC_RUN:
            first = collapse(texts[i + 1])
            restart = next((k for k in range(i + 2, j) if _number(texts[k]) == 1 and (_number(texts[k - 1]) or 0) > 1
                            or collapse(texts[k]) == first), j)
            kinds[i + 1:restart] = ["contents"] * (restart - i - 1)
            if CONTENTS.match(texts[i].strip()):
                kinds[i] = "toc"
        i = j + 1
    return kinds


def _lists(texts: list[str], kinds: list[str]) -> None:
    """Items of one numbering style that follow each other with nothing between, some of them
    sentences, are a list, not headings: (一)组织…措施。(二)…(五)协调…收费。 are duties alike, the
    short ones too. An item with text of its own under it is a heading all the same (（二）基本原则
    after （一）指导思想。坚持…). (A table of contents has no sentences.)"""
    i = 0
    while i < len(texts):
        style = numbering(_bare(texts[i]))
        j = i + 1
        while style and j < len(texts) and numbering(_bare(texts[j])) == style and kinds[j] in (style, "body"):
            j += 1
        if j - i >= 2 and kinds[i] in (style, "body") and "body" in kinds[i:j]:
            for k in range(i, j):
                if k + 1 == len(texts) or numbering(_bare(texts[k + 1])) is not None:
                    kinds[k] = "body"
        i = j


def _frames_a_restart(blocks: list[Block], kinds: list[str], i: int) -> bool:
    """An unnumbered heading right under a numbered one is its part (一.推进… / 具体措施), unless that
    numbering starts again at 1 after it (二、政府性基金预算 / 2024年预算草案 / 一、一般公共预算): then it
    frames what follows, as the headings like it do."""
    after = next((k for k in range(i + 1, len(kinds)) if kinds[k] == kinds[i - 1]), None)
    return after is not None and bool(_FIRST.match(_bare(blocks[after].text)))


_FIRST = re.compile(r"^[（(]?\s*(?:第\s*)?(?:一|1)(?![\d〇一二三四五六七八九十])")  # 一、, （一）, 1., 第一章: the first of its kind


def _number(text: str) -> int | None:
    """The first number of a 1 总则 / 1.1 heading, for telling a table of contents from the headings."""
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else None


class Outline:
    """The heading levels of one document: its numbering styles, outermost first, under any
    unnumbered headings that frame them (2023年预算执行情况 above 一、预算收支情况)."""

    def __init__(self, kinds: list[str]):
        headings = [k for k in kinds if k not in (*PARAGRAPH_KINDS, "toc")]  # 目录 stands apart from the outline
        self.styles = sorted({k for k in headings if k in STYLE_RANK}, key=STYLE_RANK.__getitem__)
        self.markdown = "markdown" in headings
        self.framed = bool(self.styles) and not self.markdown and headings[0] == "unnumbered"
        self.base = 3 if self.framed else 2
        self.items = self.styles == ["cjk"]  # 一是 paragraphs are the second level

    def numbered(self, style: str) -> int:
        return self.base + self.styles.index(style)

    def unnumbered(self, open_level: int) -> int:
        """Framing headings are the top level; otherwise one below the open numbered heading."""
        return 2 if self.framed or not open_level else min(open_level + 1, 6)


def build(meta: Meta, blocks: list[Block], header: Header | None = None) -> Document:
    b = _Builder(meta)
    if header is not None:
        b.doc.notes.extend(header.notes)
        squeezed = re.sub(r"\s+", "", meta.title)  # title lines the page's title shows are not repeated
        b.doc.header = [line for line in header.lines if not (line.role == "title" and re.sub(r"\s+", "", line.text) in squeezed)]
        furniture = [line for line in b.doc.header if line.role == "furniture"]
        b.doc.header = [line for line in b.doc.header if line.role != "furniture"]
        if furniture:
            b.doc.notes.append(_page_furniture("原文开头的网页导航、工具栏、索引信息等文字不属于文件正文，编者把它们移到这里",
                                               [(line.text, line.lines) for line in furniture]))
    end = len(blocks) - _page_links_at_end(blocks)
    images = {k for k in range(end) if IMAGE_NAMES.match(blocks[k].text.strip())}
    for reason, aside in (("原文末尾的网页链接（打印、关闭等）不属于文件正文，编者把它们移到这里", blocks[end:]),
                          ("原文中的图片文件名不属于文件正文，编者把它们移到这里", [blocks[k] for k in sorted(images)])):
        if aside:
            b.doc.notes += [n for block in aside for n in block.notes]
            b.doc.notes.append(_page_furniture(reason, [(block.text.strip(), block.lines) for block in aside]))
    blocks = [block for k, block in enumerate(blocks[:end]) if k not in images]
    kinds = classify(blocks)
    outline = Outline(kinds)
    numbered_level = 0  # the level of the numbered heading open now, for unnumbered ones below it
    pending_title: Section | None = None  # a title line waiting to see whether a continuation follows
    for i, block in enumerate(blocks):
        notes = list(block.notes)
        text = block.text.strip()
        bare = _bare(text) if is_heading_like(text) or is_numbered_heading(text) else text
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
        if i == 0 and bare == meta.title and not b.doc.header and (block.heading == 1 or not block.heading and is_heading_like(bare)):
            b.doc.notes.extend(notes)  # the source's own title line is the page title
            continue
        if block.heading:
            pending_title = b.open(bare, 2 if block.heading <= 2 else 3, notes, block.line)
            continue
        if kinds[i] in STYLE_RANK:
            numbered_level = outline.numbered(kinds[i])
            pending_title = b.open(bare, numbered_level, notes, block.line)
            continue
        if kinds[i] == "toc":
            pending_title = b.open(bare, 2, notes, block.line)
            continue
        if kinds[i] == "unnumbered":
            under = i > 0 and kinds[i - 1] in STYLE_RANK and not _frames_a_restart(blocks, kinds, i)  # its part (具体措施)
            level = ((2 if CONTINUATION.match(nxt.strip()) else 3) if outline.markdown
                     else min(numbered_level + 1, 6) if under else outline.unnumbered(numbered_level))
            pending_title = b.open(bare, level, notes, block.line)
            if outline.framed and not under:
                numbered_level = 0
            continue
        plain, runins, emphasis_notes = normalise_emphasis(text)
        notes += emphasis_notes
        if outline.items and ITEM.match(plain) and not (runins and runins[0][0] == 0):
            first = FIRST_SENTENCE.match(plain)
            title = first.group() if first else plain
            runins = [(at - len(title), inner) for at, inner in runins]
            b.open(title, outline.numbered("cjk") + 1, [n for n in notes if n.anchor and n.anchor in title], block.line)
            notes = [n for n in notes if not (n.anchor and n.anchor in title)]
            plain = plain[len(title):]
            if not plain:
                b.notes().extend(notes)
                continue
        role = kinds[i] if kinds[i] in ("closing", "contents") else _role(plain, bool(b.doc.sections), blocks[i:])
        b.add(block, _paragraphs(plain, runins, role), notes)
    return b.doc


def _role(text: str, in_sections: bool, rest: list[Block]) -> str:
    if is_table_row(text):
        return "table"
    if is_salutation(text):
        return "salutation"
    if CAPTION.match(text):
        return "caption"
    if text.endswith("——"):
        return "lead"  # a line introducing what follows
    if text.startswith(BYLINE_MARKS) or is_byline(text):
        return "byline"
    if text.startswith("——") and not in_sections:
        return "subtitle"
    return "closing" if in_sections and _closing(rest) else "body"
