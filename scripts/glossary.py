"""The term base: loading and validating it, and finding its terms in Chinese text.

Python-Markdown's `abbr` matches only at word boundaries, which never occur inside Chinese
prose, so we match ourselves: longest form first, and only where the match starts and ends on
a word boundary of jieba's segmentation (which knows every form), so 新会 is not found inside
新会员.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jieba
import jsonschema
from pypinyin import Style, lazy_pinyin

from .chinese import simplified
from .datafiles import LINE, load_yaml, strip_lines, warn_if_shrunk
from .model import SourceError

TRAP_WORDS = 30  # a two-character form ending or inside more dictionary words than this is a trap (工程, 发展)

RENDERINGS = "en"  # the language of the renderings a term carries (`en`, `en_short`, `explain_en`)


@dataclass(frozen=True)
class Term:
    id: str
    zh: str
    en: str
    category: str
    explain_zh: str
    explain_en: str
    source: dict
    aliases: tuple[str, ...] = ()
    en_short: str = ""
    pinyin: str = ""
    file: str = ""
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)

    @cached_property
    def reading(self) -> str:
        """Pinyin with tone marks: the entry's override, else pypinyin's phrase-aware reading (asked
        once: every Chinese edition sorts and shows it)."""
        return self.pinyin or " ".join(lazy_pinyin(self.zh, style=Style.TONE))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


class Glossary:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.by_form = {form: t for t in terms for form in t.forms}
        self.longest = max((len(f) for f in self.by_form), default=0)
        self.by_english = {f: t for t in reversed(terms) for f in (t.en, t.en_short) if f}
        forms = sorted(self.by_english, key=len, reverse=True)
        self.english = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])") if forms else None
        self._found: dict[str, list[Match]] = {}

    @cached_property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba, knowing every form; made on first use, since loading its dictionary is most of what
        a build whose documents all come from the cache would otherwise do."""
        tokenizer = jieba.Tokenizer()
        for form in self.by_form:
            tokenizer.add_word(form)  # jieba's own suggested frequency: enough to keep the form
            # whole, not enough to cut it out of a longer dictionary word (新会 stays inside 新会员)
        return tokenizer

    def find(self, text: str) -> list[Match]:
        """Every occurrence, longest form first, on jieba word boundaries.

        A paragraph is looked up by several stages (occurrences, key figures, each Chinese
        edition), so each text is segmented once and its matches kept."""
        if not self.by_form:
            return []
        if text not in self._found:
            self._found[text] = self._find(text)
        return list(self._found[text])

    def _find(self, text: str) -> list[Match]:
        text = simplified(text)  # a text in Traditional characters is matched as Simplified, position for position
        cuts = sorted({0, len(text)} | {edge for _, start, end in self.tokenizer.tokenize(text) for edge in (start, end)})
        matches: list[Match] = []
        free = 0  # matches do not overlap: the first position not inside one
        for k, start in enumerate(cuts):
            if start < free:
                continue
            for end in reversed(cuts[k + 1:bisect_right(cuts, start + self.longest)]):  # longest first
                term = self.by_form.get(text[start:end]) if end - start >= 2 else None
                if term:
                    matches.append(Match(start, end, term))
                    free = end
                    break
        return matches

    def find_english(self, text: str) -> list[Match]:
        """English renderings as whole words, longest first: for annotating the English edition."""
        if self.english is None:
            return []
        return [Match(m.start(), m.end(), self.by_english[m.group()]) for m in self.english.finditer(text)]


def load_glossary(folder: Path) -> Glossary:
    """Load every YAML file of the term base; schema errors name the file and line."""
    schema_path = folder / "schema.json"
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema["items"])
        jsonschema.Draft202012Validator.check_schema(schema)
    except json.JSONDecodeError as error:
        raise SourceError(schema_path, f"invalid JSON: {error.msg}", line=error.lineno) from None
    except (OSError, KeyError, TypeError, jsonschema.SchemaError) as error:
        raise SourceError(schema_path, f"not a usable JSON Schema for the term base: {error}".splitlines()[0]) from None
    terms = []
    for path in sorted(folder.glob("*.yaml")):
        entries = load_yaml(path)
        if not entries:
            raise SourceError(path, "no terms in this glossary file (empty or cut short?); delete it if that is meant", line=1)
        if not isinstance(entries, list):
            raise SourceError(path, "a glossary file is a list of terms", line=1)
        warn_if_shrunk(path, "terms", len(entries), lambda text: len(re.findall(r"^-\s*id:", text, re.M)))
        for entry in entries:
            line = entry.get(LINE) if isinstance(entry, dict) else None
            data = strip_lines(entry)
            invalid = next(iter(sorted(validator.iter_errors(data), key=lambda e: e.path)), None)
            if invalid is not None:
                where = "/".join(str(p) for p in invalid.path) or "entry"
                name = data.get("id", "?") if isinstance(data, dict) else "?"
                raise SourceError(path, f"{name}: {where}: {invalid.message}", line=line)
            terms.append(Term(**{**data, "aliases": tuple(data.get("aliases", ()))}, file=path.name, line=line or 0))
    return Glossary(terms)


def check(glossary: Glossary, corpus: list[str], traps: bool = True) -> tuple[list[str], list[str]]:
    """Errors (duplicate ids or forms, substring traps) and warnings (terms found nowhere).

    The trap check reads jieba's whole dictionary (seconds): the `glossary` command and the tests
    run it; a build, which only needs the term base to be consistent, leaves it out."""
    errors, warnings = [], []
    where = lambda t: f"{t.file}:{t.line}"  # noqa: E731
    seen_ids: dict[str, Term] = {}
    seen_forms: dict[str, Term] = {}
    for t in glossary.terms:
        if t.id in seen_ids:
            errors.append(f"{where(t)}: duplicate id {t.id!r} (also {where(seen_ids[t.id])})")
        seen_ids.setdefault(t.id, t)
        for form in t.forms:
            if form in seen_forms:
                errors.append(f"{where(t)}: form {form!r} of {t.id!r} is also a form of {seen_forms[form].id!r} ({where(seen_forms[form])})")
            seen_forms.setdefault(form, t)
    containing = _words_containing({f for f in seen_forms if len(f) == 2}) if traps else Counter()
    for form, t in seen_forms.items():
        if containing.get(form, 0) > TRAP_WORDS:
            errors.append(f"{where(t)}: form {form!r} of {t.id!r} is a substring trap: it occurs inside "
                          f"{containing[form]} dictionary words; use a longer form")
    found = {m.term.id for text in corpus for m in glossary.find(text)}
    warnings += [f"{where(t)}: term {t.id!r} occurs in no document" for t in glossary.terms if t.id not in found]
    return errors, warnings


def _words_containing(forms: set[str]) -> Counter:
    """How many words of jieba's dictionary have each form inside or at their end (not as a prefix)."""
    counts: Counter = Counter()
    if not forms:
        return counts
    jieba.dt.check_initialized()
    for word, freq in jieba.dt.FREQ.items():
        if freq and len(word) > 2:
            for i in range(1, len(word) - 1):
                if word[i:i + 2] in forms:
                    counts[word[i:i + 2]] += 1
    return counts
