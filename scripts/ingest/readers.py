"""Stage 1: bytes on disk -> text -> raw blocks, with the source lines each came from.

Government texts reach us as UTF-8 (with or without BOM) or GB18030/GBK, with LF or CRLF,
pasted from PDFs (hard-wrapped) or OCR (blank-line paragraphs). Nothing is repaired here
beyond undoing line wrapping; every textual repair belongs to `repairs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..chinese import ends_sentence, is_date_line, is_heading_line, numbering
from ..model import Block, SourceError
from .header import ends_title

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_INDENT = ("\u3000", "  ", "\t")
_CLAUSE = re.compile(r"[。！？；，、,;!?]")  # a line holding one is text


BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\x84\x31\x95\x33", "gb18030"))


def decode(data: bytes, path: Path | str) -> str:
    """Decode a source file; refuse binary, empty or undecodable input, naming the byte offset."""
    skip, encodings = 0, ["utf-8", "gb18030"]
    for bom, encoding in BOMS:
        if data.startswith(bom):
            skip, encodings = len(bom), [encoding]
    body = data[skip:]
    nul = body.find(b"\x00")
    if nul != -1:
        raise SourceError(path, "binary file (NUL byte); expected UTF-8 or GB18030 text", offset=skip + nul)
    errors = []
    for encoding in encodings:
        try:
            text = body.decode(encoding)
            break
        except UnicodeDecodeError as error:
            errors.append((encoding, error.start))
    else:
        found = ", ".join(f"invalid {e.upper()} at byte {skip + at}" for e, at in errors)
        raise SourceError(path, f"cannot decode: {found}", offset=skip + errors[0][1])
    if not text.strip():
        raise SourceError(path, "empty file", offset=0)
    control = _CONTROL.search(text)
    if control:
        offset = skip + len(text[: control.start()].encode(encoding))
        raise SourceError(path, f"binary content (control character U+{ord(control.group()):04X})", offset=offset)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path) -> str:
    return decode(path.read_bytes(), path)


def _glue(left: str, right: str) -> str:
    """Join two wrapped lines: no space between CJK characters, one between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


@dataclass(frozen=True)
class Layout:
    """How a source lays out its paragraphs, and the evidence for it (shares of its lines)."""

    name: str  # blank-line | one-per-line | hard-wrapped
    lines: int  # non-blank lines of text (Markdown headings aside)
    blank_after: float  # share of lines followed by a blank line
    sentence_end: float  # share of lines ending a sentence
    width: int  # the wrap width: the 90th percentile of line lengths
    at_width: float  # share of lines within 15 % of that width
    run_on: float  # share of the lines at that width that stop mid-sentence

    def describe(self) -> str:
        return (f"{self.name}: {self.lines} lines, {self.blank_after:.0%} followed by a blank line, "
                f"{self.sentence_end:.0%} end a sentence; {self.at_width:.0%} are within 15% of the widest "
                f"({self.width} characters), {self.run_on:.0%} of those stop mid-sentence")


def _runs_on(line: str, after: str) -> bool:
    """A line that stops mid-sentence with the next one going on with it: not one before a blank
    line, nor before the next item of a list (1、… 2、…, a table of contents), which also stop
    without a full stop."""
    return not ends_sentence(line) and bool(after.strip()) and numbering(after.strip()) is None


def detect_layout(text: str) -> Layout:
    """Blank-line paragraphs, one paragraph per line, or hard-wrapped lines, from the text itself.

    Hard-wrapped text (PDF extraction) has most lines at one width, stopping mid-sentence. Web
    copy has a paragraph per line, of every length, with no blank line between. Else paragraphs
    are separated by blank lines (OCR output, the seeds).
    """
    raw = text.split("\n")
    body = [(i, line.strip()) for i, line in enumerate(raw) if line.strip() and not _HEADING.match(line.strip())]
    if not body:
        return Layout("blank-line", 0, 1.0, 0.0, 0, 0.0, 0.0)
    lengths = sorted(len(s) for _, s in body)
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    wide = [(i, s) for i, s in body if len(s) >= 0.85 * width]
    blank_after = sum(1 for i, _ in body if i + 1 >= len(raw) or not raw[i + 1].strip()) / len(body)
    sentence_end = sum(1 for _, s in body if ends_sentence(s)) / len(body)
    at_width = len(wide) / len(body)
    run_on = sum(1 for i, s in wide if _runs_on(s, raw[i + 1] if i + 1 < len(raw) else "")) / len(wide) if wide else 0.0
    if len(body) >= 4 and (at_width >= 0.4 and run_on >= 0.5 or width <= 100 and at_width >= 0.25 and run_on >= 0.7):
        name = "hard-wrapped"
    elif blank_after >= 0.5 or len(body) < 3:
        name = "blank-line"
    else:
        name = "one-per-line"
    return Layout(name, len(body), blank_after, sentence_end, width, at_width, run_on)


def _unwrap(group: list[tuple[int, str]], layout: Layout) -> list[Block]:
    """Turn a run of non-blank lines into paragraphs.

    A short line ending in two spaces is a Markdown hard break inside a title set over several
    lines: it joins the next line with a space. A run of heading lines only is `_heading_lines`.
    In one-per-line text, and in a run where every line ends a sentence, each line is a block.
    Otherwise the run is hard-wrapped text: a line ends a paragraph when it ends a sentence and
    stops well short of the wrap width, or
    when the next line is indented or opens a heading; a short heading line between paragraphs
    is a block of its own. In text known to be hard-wrapped, any line well short of the
    document's wrap width ends its paragraph.
    """
    stripped = [(n, line.strip()) for n, line in group]
    if len(group) > 1 and not any(line.endswith("  ") for _, line in group) and all(is_heading_line(s) for _, s in stripped):
        return _heading_lines(stripped)
    if len(group) > 1 and (layout.name == "one-per-line" and not any(line.endswith("  ") for _, line in group)
                           or all(ends_sentence(s) for _, s in stripped) or _page_lines(group)):
        return [Block(text=s, lines=(n,)) for n, s in stripped]
    wrapped = layout.name == "hard-wrapped"
    width = layout.width if wrapped else max(len(s) for _, s in stripped)
    blocks: list[Block] = []
    text, lines = "", []  # type: tuple[str, list[int]]

    def heading_at(i: int) -> bool:
        s = stripped[i][1]
        return is_heading_line(s) and len(s) < 0.8 * width

    for i, (n, s) in enumerate(stripped):
        if not text and len(group) > 1 and heading_at(i) and not group[i][1].endswith("  "):
            blocks.append(Block(text=s, lines=(n,)))
            continue
        title_break = bool(text) and len(text) <= 40 and group[i - 1][1].endswith("  ")
        text, lines = (text + " " + s if title_break else _glue(text, s)), lines + [n]
        if i + 1 < len(group) and group[i][1].endswith("  ") and len(text) <= 40:
            continue  # a title set over several lines goes on
        next_indented = i + 1 < len(group) and group[i + 1][1].startswith(_INDENT)
        short_end = (ends_sentence(s) or wrapped) and len(s) < 0.8 * width
        next_heading = i + 1 < len(group) and ends_sentence(s) and numbering(stripped[i + 1][1]) is not None
        if i + 1 == len(group) or next_indented or short_end or next_heading:
            blocks.append(Block(text=text, lines=tuple(lines)))
            text, lines = "", []
    return blocks


def _page_lines(lines: list[tuple[int, str]]) -> bool:
    """Lines set one under another on a page, not a paragraph the source wrapped: none holds a
    sentence or a clause, and one before the last stops well short of the widest (a navigation
    bar over the title over a toolbar; not a title set over lines with Markdown's hard breaks)."""
    texts = [line.strip() for _, line in lines]
    width = max(len(text) for text in texts)
    return (not any(_CLAUSE.search(text) for text in texts) and any(len(text) < 0.8 * width for text in texts[:-1])
            and not any(line.endswith("  ") for _, line in lines))


def _heading_lines(lines: list[tuple[int, str]]) -> list[Block]:
    """A run of heading lines, each a block of its own (a title over its subtitle, offices signing
    together over their date), but for the rest of a numbered heading the source wrapped
    (一、2023年全市和市级预算执行情况及落实市人大决议情况 / 的说明)."""
    blocks: list[Block] = []
    for n, s in lines:
        prev = blocks[-1] if blocks else None
        if (prev is not None and numbering(prev.text) is not None and numbering(s) is None and not ends_title(prev.text)
                and not is_date_line(s) and not s.startswith("——")):
            blocks[-1] = Block(text=_glue(prev.text, s), lines=(*prev.lines, n))
        else:
            blocks.append(Block(text=s, lines=(n,)))
    return blocks


def read_blocks(text: str, layout: Layout | None = None) -> list[Block]:
    """Split decoded text into blocks; Markdown headings are blocks of their own.

    Lines holding only spaces count as blank. The layout is detected when not given.
    """
    layout = layout or detect_layout(text)
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []

    def flush() -> None:
        if group:
            blocks.extend(_unwrap(group, layout))
            group.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        heading = _HEADING.match(line.strip())
        if heading:
            flush()
            blocks.append(Block(text=heading.group(2), lines=(number,), heading=len(heading.group(1))))
        elif line.strip():
            group.append((number, line))
        else:
            flush()
    flush()
    return blocks
