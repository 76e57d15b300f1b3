"""Quality checks on the translation memory, named and reported the way pofilter does.

Each check is a small registered function (`@check`) that looks at one entry and yields what is
wrong; CHECKS lists them, `python -m scripts check --check numbers,glossary` selects some, and
the README's table is tested against the registry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import polib

from ..glossary import Glossary
from ..render.figures import SCALES

SCALE_EN = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3}
WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
ORDINALS: dict[str, float] = {w: i for i, w in enumerate(
    ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"])}
ORDINALS.update({"double": 2, "doubled": 2, "twice": 2, "triple": 3, "tripled": 3, "tenfold": 10, "half": 0.5})
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], start=1)}

_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:多|余)?\s*(万亿|亿|万)?(倍|成)?")
_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand)?", re.I)
_EN_WORD = re.compile(r"[a-z]+", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|\([^)]*\)|（[^）]*）")  # notes may quote the source


@dataclass(frozen=True)
class Problem:
    check: str
    path: str
    line: int
    context: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] {self.context}: {self.message}"


def chinese_numbers(text: str) -> list[tuple[str, set[float]]]:
    """Each number written in digits in the Chinese, with the values an English rendering may show."""
    found = []
    for m in _ZH_NUMBER.finditer(text):
        digits, scale, times = m.groups()
        value = float(digits) * SCALES.get(scale or "", 1.0)
        accepted = {value}
        if times == "倍":  # 增长2倍: grew by 200%, or tripled
            accepted |= {value * 100, value + 1}
        elif times == "成":  # 6成: 60 percent
            accepted = {value * 10}
        found.append((m.group(0).strip(), accepted))
    return found


def english_numbers(text: str) -> list[float]:
    values = []
    for m in _EN_NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        values.append(value * SCALE_EN.get((m.group(2) or "").lower(), 1))
        values.append(value)  # "1.5 million" also carries the plain 1.5
    for word in _EN_WORD.findall(text.lower()):
        for table in (WORDS, ORDINALS, MONTHS):
            if word in table:
                values.append(float(table[word]))
    return values


def check_numbers(source: str, translation: str) -> list[str]:
    english = english_numbers(translation)
    missing = []
    for shown, accepted in chinese_numbers(source):
        if not any(math.isclose(v, a, rel_tol=1e-9) for v in english for a in accepted):
            missing.append(shown)
    return missing


def _unquoted(text: str) -> str:
    """Lower case, without quotation marks: a rendering quoted inside a quotation is still there."""
    return re.sub(r"[\"'“”‘’]", "", text).lower()


Finder = Callable[[polib.POEntry, "Glossary | None"], Iterator[str]]


@dataclass(frozen=True)
class Check:
    """One QA check, like one of pofilter's tests: a name, what it is for, and a function that
    yields a message for every problem it finds in one translated entry."""

    name: str
    help: str
    find: Finder


CHECKS: dict[str, Check] = {}


def check(name: str, help: str) -> Callable[[Finder], Finder]:
    """Register a check: adding one is one function here (and its test)."""
    def register(find: Finder) -> Finder:
        CHECKS[name] = Check(name, help, find)
        return find
    return register


@check("numbers", "every number of the Chinese is in the English (4294亿元 is 429.4 billion yuan)")
def _numbers(entry: polib.POEntry, glossary: Glossary | None) -> Iterator[str]:
    missing = check_numbers(entry.msgid, entry.msgstr)
    if missing:
        yield f"not in the English: {', '.join(missing)}"


@check("glossary", "each glossary term of the Chinese has its approved English rendering")
def _glossary(entry: polib.POEntry, glossary: Glossary | None) -> Iterator[str]:
    english = _unquoted(entry.msgstr)
    for term in {m.term.id: m.term for m in glossary.find(entry.msgid)}.values() if glossary else []:
        renderings = [r for r in (term.en, term.en_short) if r]
        if not any(_unquoted(r) in english for r in renderings):
            yield f"{term.zh}: expected {' or '.join(repr(r) for r in renderings)}"


@check("untranslated-chinese", "no Chinese characters left in the English (a note may quote the source)")
def _untranslated(entry: polib.POEntry, glossary: Glossary | None) -> Iterator[str]:
    visible = _QUOTED.sub("", entry.msgstr) if ":note:" in (entry.msgctxt or "") else entry.msgstr
    if _HAN.search(visible):
        yield f"Chinese characters in the English: {''.join(_HAN.findall(visible))[:20]}"


@check("length", "the English is 1.2 to 8 times as long as the Chinese (a passage of 20 characters or more)")
def _length(entry: polib.POEntry, glossary: Glossary | None) -> Iterator[str]:
    ratio = len(entry.msgstr) / max(len(entry.msgid), 1)
    if len(entry.msgid) >= 20 and not 1.2 <= ratio <= 8:
        yield f"English is {ratio:.1f} times the length of the Chinese"


@check("stale", "the Chinese has not changed since the English was written (the PO entry keeps no previous msgid)")
def _stale(entry: polib.POEntry, glossary: Glossary | None) -> Iterator[str]:
    if entry.previous_msgid:
        yield "the Chinese changed since this was translated (see #| msgid)"


def checks_table() -> str:
    """The README's table of checks, made from the registry (`python -m scripts readme`)."""
    rows = [f"| `{c.name}` | {c.help} |" for c in CHECKS.values()]
    return "\n".join(["| check | passes when |", "|---|---|", *rows]) + "\n"


def check_entry(entry: polib.POEntry, glossary: Glossary | None, selected: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(check, message) for every problem of one translated entry, by the selected checks (default: all)."""
    if not entry.msgstr:
        return []
    return [(name, message) for name in (selected or CHECKS) for message in CHECKS[name].find(entry, glossary)]


def check_po(po: polib.POFile, path: str, glossary: Glossary | None, selected: Iterable[str] | None = None) -> list[Problem]:
    names = list(selected or CHECKS)
    return [Problem(name, path, entry.linenum, entry.msgctxt or "", message)
            for entry in po if not entry.obsolete
            for name, message in check_entry(entry, glossary, names)]
