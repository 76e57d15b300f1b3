"""Stage 1: bytes on disk -> text -> raw blocks, with the source lines each came from.

Government texts reach us as UTF-8 (with or without BOM) or GB18030/GBK, with LF or CRLF,
pasted from PDFs (hard-wrapped) or OCR (blank-line paragraphs). Nothing is repaired here
beyond undoing line wrapping; every textual repair belongs to `repairs`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Block, SourceError

TERMINAL = "。！？；：…”’」』）)!?;:"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_INDENT = ("\u3000", "  ", "\t")


def decode(data: bytes, path: Path | str) -> str:
    """Decode a source file; refuse binary, empty or undecodable input, naming the byte offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul != -1:
        raise SourceError(path, "binary file (NUL byte); expected UTF-8 or GB18030 text", offset=nul)
    if not data.strip():
        raise SourceError(path, "empty file", offset=0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise SourceError(
                path,
                f"cannot decode: invalid UTF-8 at byte {utf8_error.start}, "
                f"invalid GB18030 at byte {gb_error.start}",
                offset=utf8_error.start,
            ) from None
    control = _CONTROL.search(text)
    if control:
        offset = len(text[: control.start()].encode("utf-8"))
        raise SourceError(path, f"binary content (control character U+{ord(control.group()):04X})", offset=offset)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path) -> str:
    return decode(path.read_bytes(), path)


def _glue(left: str, right: str) -> str:
    """Join two wrapped lines: no space between CJK characters, one between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def _unwrap(group: list[tuple[int, str]]) -> list[Block]:
    """Turn a run of non-blank lines into paragraphs.

    A line ending in two spaces is a Markdown hard break (a title set over several lines): its
    lines are joined with a space. A run where every line ends a sentence is one paragraph per
    line. Otherwise the run is hard-wrapped text: a line ends a paragraph when it ends a sentence
    and stops well short of the wrap width, or when the next line is indented.
    """
    stripped = [(n, line.rstrip()) for n, line in group]
    if any(line.endswith("  ") for _, line in group[:-1]):
        return [Block(text=" ".join(s.strip() for _, s in stripped), lines=tuple(n for n, _ in group))]
    if len(group) > 1 and all(s.endswith(tuple(TERMINAL)) for _, s in stripped):
        return [Block(text=s.strip(), lines=(n,)) for n, s in stripped]
    width = max(len(s.strip()) for _, s in stripped)
    blocks: list[Block] = []
    text, lines = "", []
    for i, (n, s) in enumerate(stripped):
        text, lines = _glue(text, s.strip()), lines + [n]
        next_indented = i + 1 < len(group) and group[i + 1][1].startswith(_INDENT)
        short_end = s.endswith(tuple(TERMINAL)) and len(s.strip()) < 0.8 * width
        if i + 1 == len(group) or next_indented or short_end:
            blocks.append(Block(text=text, lines=tuple(lines)))
            text, lines = "", []
    return blocks


def read_blocks(text: str) -> list[Block]:
    """Split decoded text into blocks; Markdown headings are blocks of their own."""
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []

    def flush() -> None:
        if group:
            blocks.extend(_unwrap(group))
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
