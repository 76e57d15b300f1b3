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


def _unwrap(group: list[tuple[int, str]]) -> list[Block]:
    """Turn a run of non-blank lines into paragraphs.

    A short line ending in two spaces is a Markdown hard break inside a title set over several
    lines: it joins the next line with a space. A run where every line ends a sentence is one
    paragraph per line. Otherwise the run is hard-wrapped text: a line ends a paragraph when it
    ends a sentence and stops well short of the wrap width, or when the next line is indented.
    """
    stripped = [(n, line.strip()) for n, line in group]
    if len(group) > 1 and all(s.endswith(tuple(TERMINAL)) for _, s in stripped):
        return [Block(text=s, lines=(n,)) for n, s in stripped]
    width = max(len(s) for _, s in stripped)
    blocks: list[Block] = []
    text, lines = "", []  # type: tuple[str, list[int]]
    for i, (n, s) in enumerate(stripped):
        title_break = bool(text) and len(text) <= 40 and group[i - 1][1].endswith("  ")
        text, lines = (text + " " + s if title_break else _glue(text, s)), lines + [n]
        if i + 1 < len(group) and group[i][1].endswith("  ") and len(text) <= 40:
            continue  # a title set over several lines goes on
        next_indented = i + 1 < len(group) and group[i + 1][1].startswith(_INDENT)
        short_end = s.endswith(tuple(TERMINAL)) and len(s) < 0.8 * width
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
