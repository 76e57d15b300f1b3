"""Stage 2: find what is broken in a source, and apply the editors' decisions about it.

Code detects (`detect`); data decides (`<source>.repairs.yaml` next to the source, read by
`load_decisions`); `apply` carries the decisions out and attaches an editorial note to every
change, quoting what the source said. With no decisions file, `auto_split` and `auto_join` make
the repairs we can detect with confidence, and note them as automatic, so an unseen report still
becomes a clean page: a title or heading glued to its paragraph by a space where a transcription
lost its line breaks is set apart, and a paragraph split at a page break rejoined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..chinese import (
    CONTINUATION,
    IMAGE_NAMES,
    ITEM,
    PHOTO_CREDIT,
    SENTENCE_MARK,
    TERMINAL,
    VENUE_START,
    broken_venue,
    glued_heading,
    is_heading_like,
    is_numbered_heading,
    is_salutation,
    is_table_row,
    sentences,
    simplified,
)
from ..datafiles import LINE, load_yaml, warn_if_shrunk
from ..model import Block, Note, SourceError
from .header import ends_title


@dataclass(frozen=True)
class Decision:
    op: str
    reason: str
    line: int  # line in the decisions file, for error messages
    args: dict[str, Any]  # the op's fields, checked against FIELDS by load_decisions


@dataclass(frozen=True)
class Finding:
    """Something the text itself shows to be wrong; named like pofilter's checks."""

    check: str  # a name in CHECKS
    line: int
    message: str


def decisions_path(source: Path) -> Path:
    return source.with_name(source.stem + ".repairs.yaml")


def _valid(kind: str, value: object) -> bool:
    line = lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0  # noqa: E731
    if kind == "lines":
        return isinstance(value, list) and bool(value) and all(line(v) for v in value)
    if kind == "line":
        return line(value)
    if kind == "level":
        return value in (2, 3)
    return isinstance(value, str) and value != ""


KINDS = {"lines": "a list of source line numbers", "line": "a source line number", "level": "2 or 3",
         "text": "non-empty text"}


def load_decisions(path: Path, source_name: str) -> list[Decision]:
    """The editors' decisions for one source; every mistake is an error naming its line."""
    data = load_yaml(path) or {}
    if not isinstance(data, dict) or not isinstance(data.get("decisions") or [], list):
        raise SourceError(path, "expected a mapping with a list under 'decisions'", line=1)
    unknown = set(data) - {"source", "decisions", LINE}
    if unknown:
        raise SourceError(path, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; expected source and decisions", line=1)
    if data.get("source", source_name) != source_name:
        raise SourceError(path, f"these decisions are for {data['source']!r}, not {source_name!r}", line=1)
    if not data.get("decisions"):
        raise SourceError(path, "no decisions in this file: write them under 'decisions:', or delete the file "
                          "to have the automatic repairs", line=1)
    decisions = []
    for item in data.get("decisions", []):
        line = item.get(LINE) if isinstance(item, dict) else None
        if not isinstance(item, dict) or item.get("op") not in OPERATIONS:
            raise SourceError(path, f"each decision needs an op, one of {', '.join(OPERATIONS)}", line=line)
        op, fields = item["op"], OPERATIONS[item["op"]].fields
        if not str(item.get("reason", "")).strip():
            raise SourceError(path, f"{op}: every decision needs a reason", line=line)
        args = {k: v for k, v in item.items() if k not in {"op", "reason", LINE}}
        absent = sorted(k for k, (_, required) in fields.items() if required and k not in args)
        extra = sorted(set(args) - set(fields))
        if absent or extra:
            problem = f"missing {', '.join(absent)}" if absent else f"unknown {', '.join(extra)}"
            raise SourceError(path, f"{op}: {problem}", line=line)
        for key, value in args.items():
            kind = fields[key][0]
            if not (_valid(kind, value) or (op, key) == ("correct", "to") and value == ""):
                raise SourceError(path, f"{op}: {key} must be {KINDS[kind]}, not {value!r}", line=line)
        problem = OPERATIONS[op].validate(args)
        if problem:
            raise SourceError(path, f"{op}: {problem}", line=line)
        decisions.append(Decision(op=op, reason=str(item["reason"]).strip(), line=line or 0, args=args))
    _check_conflicts(decisions, path)
    warn_if_shrunk(path, "decisions", len(decisions), lambda text: len(re.findall(r"^\s*-\s*op:", text, re.M)))
    return decisions


def _claims(d: Decision) -> list[tuple[str, object]]:
    """What a decision takes for itself: blocks it joins or moves away, text it replaces."""
    a = d.args
    if d.op == "join":
        return [("block", line) for line in a["blocks"][1:]] + [("join", tuple(a["blocks"]))]
    if d.op == "move":
        return [("moved", line) for line in a["blocks"]]
    if d.op in ("drop", "correct"):
        return [("text", (a["block"], a["text"] if d.op == "drop" else a["from"]))]
    if d.op == "title":
        return [("title", a["block"])]
    return [(d.op, tuple(sorted((k, str(v)) for k, v in a.items())))]


def _check_conflicts(decisions: list[Decision], path: Path) -> None:
    """Two decisions that take the same block or text would lose text silently: an error naming both."""
    taken: dict[tuple[str, object], Decision] = {}
    for d in decisions:
        for claim in _claims(d):
            other = taken.get(claim)
            if other is not None:
                raise SourceError(path, f"{d.op}: conflicts with the {other.op} decision at line {other.line} "
                                  f"(both take {claim[0]} {claim[1]!r})", line=d.line)
            taken[claim] = d


# --- detection -------------------------------------------------------------------------------

def is_unterminated(block: Block) -> bool:
    """A body paragraph that stops mid-sentence: the rest is on the next page."""
    text = block.text.rstrip("*")
    return (not block.heading and not is_heading_like(block.text) and not is_numbered_heading(block.text)
            and not is_salutation(block.text) and not is_table_row(block.text)
            and not text.endswith(tuple(TERMINAL) + ("——",)) and not PHOTO_CREDIT.search(simplified(text))
            and not IMAGE_NAMES.match(text.strip()))


def join_text(left: str, right: str) -> str:
    """Join the halves of a split paragraph, mending a bold lead-in cut in two by the break.

    "**提升金融服务**" + "能力。…" is one lead-in, "**提升金融服务能力。**…": the closing
    marker moves to the end of the lead-in's sentence.
    """
    if left.endswith("**") and left.count("**") % 2 == 0:
        opening = left.rfind("**", 0, len(left) - 2)
        lead = left[opening + 2:-2]
        end = re.search(r"[。；：，]", right[:20])
        if opening != -1 and len(lead) < 30 and not lead.endswith(tuple(TERMINAL)) and end:
            return left[:-2] + right[:end.end()] + "**" + right[end.end():]
    return left + right


def _split_paragraphs(blocks: list[Block]) -> list[tuple[int, str]]:
    found = []
    for i, block in enumerate(blocks):
        if is_unterminated(block):
            after = f"; the next block (line {blocks[i + 1].line}) may continue it" if i + 1 < len(blocks) else " at the end of the file"
            found.append((block.line, f"paragraph ends mid-sentence ({block.text[-8:]!r}){after}"))
    return found


def _unbalanced_emphasis(blocks: list[Block]) -> list[tuple[int, str]]:
    return [(block.line, "odd number of ** markers") for block in blocks if block.text.count("**") % 2]


def _continuations(blocks: list[Block]) -> list[tuple[int, str]]:
    return [(block.line, f"continued from page {marker.group(1)}; its start is not in this file")
            for block in blocks if (marker := CONTINUATION.match(block.text))]


def _repeated(blocks: list[Block]) -> list[tuple[int, str]]:
    """Runs of two or more long sentences that occur twice in the source."""
    seen: dict[str, int] = {}
    found: list[tuple[int, str]] = []
    for block in blocks:
        for sentence in sentences(block.text.replace("**", "")):
            found.append((block.line, sentence))
    findings, run = [], []
    for line, sentence in found:
        first = seen.get(sentence) if len(sentence) >= 15 else None
        if first is not None and first != line:
            run.append((line, sentence, first))
        else:
            if len(run) >= 2:
                findings.append(_repeat_finding(run))
            run = []
        seen.setdefault(sentence, line)
    if len(run) >= 2:
        findings.append(_repeat_finding(run))
    return findings


def _repeat_finding(run: list[tuple[int, str, int]]) -> tuple[int, str]:
    chars = sum(len(s) for _, s, _ in run)
    return run[0][0], f"{len(run)} sentences ({chars} characters) from {run[0][1][:12]!r} repeat the text at line {run[0][2]}"


_PINYIN = re.compile(r"[\u3400-\u9fff][(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)[)）]")


def _pinyin_readings(blocks: list[Block]) -> list[tuple[int, str]]:
    """Pinyin in brackets after a character, 發(fā)展: what a copy keeps of a page's pronunciation
    guide, or of a conversion gone wrong. Not the government's text; an editor removes it with
    `correct` decisions."""
    found = []
    for block in blocks:
        readings = list(_PINYIN.finditer(block.text))
        if readings:
            first = readings[0]
            found.append((block.line, f"{len(readings)} pinyin reading(s) in brackets after characters "
                                      f"({block.text[first.start():first.end() + 1]!r})"))
    return found


_FIELD_CODE = re.compile(r"\b(?:PAGEREF|HYPERLINK|MERGEFORMAT)\b[^\u3400-\u9fff]*")


def _field_codes(blocks: list[Block]) -> list[tuple[int, str]]:
    """Word's field codes kept in a copy of a Word file (一、 主要职责 PAGEREF _Toc32310 h 3, its table of
    contents' page references): not the government's words; an editor removes them with `correct`."""
    return [(block.line, f"Word field code {m.group().strip()!r}") for block in blocks if (m := _FIELD_CODE.search(block.text))]


# What the text itself shows to be broken, each check by its name (as pofilter names its checks):
# the `repairs` command lists them for an editor, who decides in the source's decisions file.
CHECKS: dict[str, Callable[[list[Block]], list[tuple[int, str]]]] = {
    "split-paragraph": _split_paragraphs,
    "unbalanced-emphasis": _unbalanced_emphasis,
    "continuation": _continuations,
    "repeated-passage": _repeated,
    "pinyin-reading": _pinyin_readings,
    "field-code": _field_codes,
}


def detect(blocks: list[Block]) -> list[Finding]:
    """Every check's findings, in the order of the text."""
    return sorted((Finding(name, line, message) for name, check in CHECKS.items() for line, message in check(blocks)),
                  key=lambda f: (f.line, f.check))


# --- application ------------------------------------------------------------------------------

def _index(blocks: list[Block], line: int, path: Path, decision: Decision, text: str = "") -> int:
    """The block holding a source line (and, after a split, the given text)."""
    holding = [i for i, block in enumerate(blocks) if line in block.lines]
    for i in holding:
        if text in blocks[i].text:
            return i
    if holding:
        return holding[0]
    raise SourceError(path, f"{decision.op}: no block of the source starts at or contains line {line}", line=decision.line)


def _find(block: Block, text: str, path: Path, decision: Decision) -> int:
    count = block.text.count(text)
    if count != 1:
        found = "not found" if count == 0 else f"found {count} times"
        raise SourceError(path, f"{decision.op}: text {text[:30]!r} {found} in the block at source line {block.line}",
                          line=decision.line)
    return block.text.index(text)


def _with_note(block: Block, note: Note) -> Block:
    return replace(block, notes=block.notes + (note,))


def _seam(left: str, right: str) -> str:
    return left[-6:].replace("*", "") + right[:6].replace("*", "")


Apply = Callable[[list[Block], Decision, Path], None]


@dataclass(frozen=True)
class Operation:
    """One kind of editorial decision: its fields, what it does (help), what its notes are called
    on the page (labels, by language: "zh" for the Chinese editions, "en" for the others unless
    they have their own), and how it is carried out on the blocks (in place), leaving a note that
    quotes the source."""

    name: str
    fields: dict[str, tuple[str, bool]]  # field: (kind checked by _valid, required)
    help: str
    labels: dict[str, str]
    apply: Apply
    validate: Callable[[dict[str, Any]], str] = lambda args: ""  # a problem with the fields together, or ""


OPERATIONS: dict[str, Operation] = {}


def operation(name: str, fields: dict[str, tuple[str, bool]], help: str, labels: dict[str, str],
              validate: Callable[[dict[str, Any]], str] = lambda args: "") -> Callable[[Apply], Apply]:
    """Register an editorial operation: adding one is one function here (and its test)."""
    if not {"zh", "en"} <= set(labels):
        raise ValueError(f"operation {name!r}: its notes need a label in Chinese (zh) and in English (en)")

    def register(apply: Apply) -> Apply:
        OPERATIONS[name] = Operation(name, fields, help, labels, apply, validate)
        return apply
    return register


def _fields_cell(op: Operation) -> str:
    return ", ".join(f"`{f}`" + ("" if required else " (optional)") for f, (_, required) in op.fields.items())


def operations_table() -> str:
    """The README's table of operations, made from the registry (`python -m scripts readme`)."""
    rows = [f"| `{op.name}` | {_fields_cell(op)} | {op.help} | {op.labels['zh']} / {op.labels['en']} |"
            for op in OPERATIONS.values()]
    return "\n".join(["| op | fields | does | note on the page |", "|---|---|---|---|", *rows]) + "\n"


@operation("join", {"blocks": ("lines", True)},
           "`blocks: [a, b]` appends block b to block a (a paragraph cut by a page break); a bold lead-in cut in two is mended",
           labels={"zh": "合并段落", "en": "paragraphs joined"},
           validate=lambda a: "name at least two blocks" if len(a["blocks"]) < 2 else "")
def _join(blocks: list[Block], d: Decision, path: Path) -> None:
    lines = list(d.args["blocks"])
    first = _index(blocks, lines[0], path, d)
    for line in lines[1:]:
        j = _index(blocks, line, path, d)
        left, right = blocks[first], blocks[j]
        joined = replace(left, text=join_text(left.text, right.text), lines=left.lines + right.lines,
                         notes=left.notes + right.notes)
        note = Note("join", d.reason, f"{left.text[-12:]}¶{right.text[:12]}",
                    (left.lines[-1], right.line), anchor=_seam(left.text, right.text))
        blocks[first] = _with_note(joined, note)
        del blocks[j]
        if j < first:
            first -= 1


@operation("move", {"blocks": ("lines", True), "before": ("line", False), "after": ("line", False)},
           "moves a run of blocks `[first, last]` before or after a block, one of the two (passages out of order)",
           labels={"zh": "调整次序", "en": "passage moved"},
           validate=lambda a: "give blocks: [first, last] and exactly one of before or after"
           if ("before" in a) == ("after" in a) or len(a["blocks"]) > 2 else "")
def _move(blocks: list[Block], d: Decision, path: Path) -> None:
    a = d.args
    lines = list(a["blocks"])
    start = _index(blocks, lines[0], path, d)
    end = _index(blocks, lines[-1], path, d)
    moved = blocks[start:end + 1]
    del blocks[start:end + 1]
    target = _index(blocks, a["before"] if "before" in a else a["after"], path, d) + (0 if "before" in a else 1)
    where = f"第{a['before']}行之前" if "before" in a else f"第{a['after']}行之后"
    moved[0] = _with_note(moved[0], Note(
        "move", d.reason, f"原文中本段位于第{moved[0].line}行，编者移至原文{where}",
        tuple(n for b in moved for n in b.lines), anchor=moved[0].text[:8].replace("*", "")))
    blocks[target:target] = moved


@operation("split", {"block": ("line", True), "before": ("text", True)}, "starts a new paragraph at the text `before`",
           labels={"zh": "另起一段", "en": "paragraph split"})
def _split(blocks: list[Block], d: Decision, path: Path) -> None:
    i = _index(blocks, d.args["block"], path, d, d.args["before"])
    block = blocks[i]
    at = _find(block, d.args["before"], path, d)
    note = Note("split", d.reason, f"{block.text[max(0, at - 12):at]}{block.text[at:at + 12]}",
                (block.line,), anchor=block.text[at:at + 8].replace("*", ""))
    blocks[i:i + 1] = [replace(block, text=block.text[:at]), Block(text=block.text[at:], lines=block.lines, notes=(note,))]


def _replace(blocks: list[Block], d: Decision, path: Path, old: str, new: str) -> None:
    """Replace `old` by `new` in a block (drop, correct), the note keeping the source's wording."""
    i = _index(blocks, d.args["block"], path, d, old)
    block = blocks[i]
    at = _find(block, old, path, d)
    anchor = new.replace("*", "")[:12] or _seam(block.text[:at], block.text[at + len(old):])
    blocks[i] = _with_note(replace(block, text=block.text[:at] + new + block.text[at + len(old):]),
                           Note(d.op, d.reason, old, (block.line,), anchor=anchor, repaired=new))


@operation("drop", {"block": ("line", True), "text": ("text", True), "duplicate_of": ("line", False)},
           "removes a duplicated passage (the note keeps it)",
           labels={"zh": "删除重复", "en": "duplicate removed"})
def _drop(blocks: list[Block], d: Decision, path: Path) -> None:
    _replace(blocks, d, path, d.args["text"], "")


@operation("correct", {"block": ("line", True), "from": ("text", True), "to": ("text", True)},
           "fixes a typo (the note shows both)",
           labels={"zh": "订正文字", "en": "typo corrected"})
def _correct(blocks: list[Block], d: Decision, path: Path) -> None:
    _replace(blocks, d, path, d.args["from"], d.args["to"])


@operation("note", {"block": ("line", True), "text": ("text", True)}, "flags the doubtful wording `text` without changing it",
           labels={"zh": "存疑", "en": "doubtful wording"})
def _note(blocks: list[Block], d: Decision, path: Path) -> None:
    i = _index(blocks, d.args["block"], path, d, d.args["text"])
    _find(blocks[i], d.args["text"], path, d)
    blocks[i] = _with_note(blocks[i], Note("note", d.reason, d.args["text"], (blocks[i].line,), anchor=d.args["text"]))


@operation("gap", {"block": ("line", True), "before": ("text", True)}, "marks text missing in the source, just before the text `before`",
           labels={"zh": "原文缺文", "en": "text missing"})
def _gap(blocks: list[Block], d: Decision, path: Path) -> None:
    i = _index(blocks, d.args["block"], path, d, d.args["before"])
    _find(blocks[i], d.args["before"], path, d)
    blocks[i] = _with_note(blocks[i], Note("gap", d.reason, "", (blocks[i].line,), anchor=d.args["before"]))


@operation("title", {"block": ("line", True), "text": ("text", True), "level": ("level", False)},
           "gives an untitled fragment or passage an editor's title `text`, at `level` 2 (default) or 3",
           labels={"zh": "编者拟题", "en": "title supplied"})
def _title(blocks: list[Block], d: Decision, path: Path) -> None:
    i = _index(blocks, d.args["block"], path, d)
    blocks[i] = _with_note(replace(blocks[i], title=str(d.args["text"]), title_level=int(d.args.get("level", 2))),
                           Note("title", d.reason, "", (blocks[i].line,)))


def apply(blocks: list[Block], decisions: list[Decision], path: Path) -> list[Block]:
    """Carry out the decisions in file order; each leaves a note quoting the source."""
    blocks = list(blocks)
    for decision in decisions:
        OPERATIONS[decision.op].apply(blocks, decision, path)
    return blocks


def opens_structure(block: Block) -> bool:
    """A block that starts something of its own: a heading, a part, an item, a continuation."""
    text = block.text.strip("*")
    return bool(block.heading or is_heading_like(block.text) or is_numbered_heading(text) or ITEM.match(text)
                or CONTINUATION.match(text))


GLUED_HEADING = "原文标题与正文连在同一行，中间只隔一个空格（转录时丢失了换行），程序将标题分出"


def _is_title_or_heading(head: str) -> bool:
    """At the top: a numbered heading or a title, but not a name in 《》 that a sentence goes on about
    (《某某条例》 已于…通过)."""
    return is_numbered_heading(head) or is_heading_like(head) and ends_title(head) and not _WHOLE_NAME.fullmatch(head)


_WHOLE_NAME = re.compile(r"《[^《》]+》")


def auto_split(blocks: list[Block]) -> list[Block]:
    """Set apart a numbered heading (or, at the top, the title) that a transcription which lost
    its line breaks glued to the paragraph after it with a space: 一、综 合 根据…. The space is the
    only character left out; a note quotes the source around it. (Paragraphs run together after a
    sentence's end stay as the source has them: a numbered item split off would read as a heading.)"""
    out: list[Block] = []
    top = True  # no sentence yet: header lines (a page's furniture) may stand above the title
    for block in blocks:
        gap = None if block.heading else glued_heading(block.text, _is_title_or_heading if top else is_numbered_heading)
        top = top and gap is None and not SENTENCE_MARK.search(block.text)
        if gap is None:
            out.append(block)
            continue
        (end, resume), text = gap, block.text
        note = Note("split", GLUED_HEADING, text[max(0, end - 12):resume + 12], (block.line,), automatic=True,
                    anchor=text[resume:resume + 8].replace("*", ""))
        out += [replace(block, text=text[:end]), Block(text=text[resume:], lines=block.lines, notes=(note,))]
    return out


PAGE_BREAK = "段落在分页处被截断，程序自动合并"
BROKEN_VENUE = "会议时间和名称一行被原文的换行断成两行，程序合并"
OPEN_TITLE = "标题的书名号《》在此未闭合，原文把一个标题断成了几段，程序合并"


def _open_title(first: str, second: str) -> bool:
    """A title the page set over several blocks (懷化市貫徹落實《關于打好經濟增長主動仗 / 實現經濟運行
    整體好轉的若干政策 / 措施》實施方案): a 《 left open in a line that holds no clause, and a short
    line without one after it."""
    return (first.count("《") > first.count("》") and len(first) <= 80 and not re.search(r"[。！？；，,;!?：:]", first)
            and is_heading_like(second))


def _why_joined(prev: Block, block: Block, pages: bool) -> str | None:
    """Why two blocks are one, where the text shows it beyond doubt: a venue line broken in two
    (——2023年8月29日在某区人民代表大会 / 常务委员会第十二次会议上), a title broken inside its 《》, or,
    in a text that had pages, a paragraph that stops mid-sentence and a next one that starts
    nothing of its own."""
    first, second = prev.text.strip(), block.text.strip()
    if VENUE_START.match(first) and broken_venue(first, second):
        return BROKEN_VENUE
    if _open_title(first, second):
        return OPEN_TITLE
    if pages and is_unterminated(prev) and not opens_structure(block):
        return PAGE_BREAK
    return None


def auto_join(blocks: list[Block], pages: bool = True) -> list[Block]:
    """Rejoin blocks that are one (`_why_joined`), with a note saying why. Web copy, a paragraph a
    line, had no pages (`pages=False`): a line without its full stop there is the source's own."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        why = _why_joined(prev, block, pages) if prev is not None else None
        if prev is not None and why:
            note = Note("join", why, f"{prev.text[-12:]}¶{block.text[:12]}",
                        (prev.lines[-1], block.line), automatic=True, anchor=_seam(prev.text, block.text))
            out[-1] = replace(prev, text=join_text(prev.text, block.text), lines=prev.lines + block.lines,
                              notes=prev.notes + block.notes + (note,))
        else:
            out.append(block)
    return out
