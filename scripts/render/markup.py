"""The markup every page shares: escaping (the one boundary between input text and HTML),
front matter, an edition's strings for a document, glossary links, and lists of documents.

Body text is emitted as escaped HTML, so a `<script>` in a government text is shown as text, never
run. Every visible string is looked up by its unit context (see `units`), so the English edition is
the same page with the memory's text, or the Chinese where the memory has none.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..editions import Edition
from ..glossary import Glossary, Match, Term
from ..model import Document
from ..translate.translation import STATUSES
from ..translate.units import units

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text without control characters (NUL, ESC …): an engine's answer or a hand-edited file may hold them."""
    return _CONTROL.sub("", text)


def esc(text: str) -> str:
    """Every string from an input reaches HTML through here: clean, escaped for text or attribute,
    and on one line (a blank line would end the HTML block and hand the rest to Markdown)."""
    return re.sub(r"[\r\n]+", " ", html.escape(clean(text), quote=True))


def md_heading(text: str) -> str:
    """Heading text safe for Markdown: HTML-escaped, Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_\[\]{}#|!])", r"\\\1", re.sub(r"[\r\n]+", " ", html.escape(clean(text), quote=False)))


def md_inline(html_text: str) -> str:
    """Escaped HTML placed where Markdown still reads it (a list item): its punctuation backslashed
    too, so `[x](javascript:…)` in a summary stays text."""
    return re.sub(r"([\\`*_\[\]{}#|!])", r"\\\1", html_text)


def safe_url(url: str) -> str:
    """A link target from an input: http(s) or relative only (no javascript:), escaped for the attribute."""
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return esc(url) if not scheme or scheme.group(1).lower() in ("http", "https") else "#"


def front_matter(**fields: object) -> list[str]:
    """YAML front matter; JSON values are valid YAML, whatever the text holds.

    MkDocs' templates print `title` and `description` unescaped (navigation, <title>, meta
    tags), so they go in as HTML-escaped text: a title is always text, never markup.
    """
    def value(key: str, v: object) -> object:
        return esc(v) if key in ("title", "description") and isinstance(v, str) else v
    return ["---", *(f"{k}: {json.dumps(value(k, v), ensure_ascii=False)}" for k, v in fields.items() if v), "---", ""]


@dataclass
class Texts:
    """The strings of one document in one edition, by unit context."""

    ed: Edition
    memory: dict[str, tuple[str, str]]  # context -> (translation, status); empty for Chinese editions
    source_lang: str = "zh-Hans"  # the language of the source text, shown where no translation exists

    @property
    def lang(self) -> str:
        """The language of the body text this edition shows: the source's where it is shown as written
        (a text in Traditional characters, in the Simplified edition), else the edition's."""
        return self.source_lang if self.ed.as_written else self.ed.html_lang

    def lang_of(self, context: str) -> str:
        """The language of a string as this edition shows it (`plain`): the source's where it is
        shown as written or not yet translated, else the edition's."""
        if self.ed.translated:
            return self.ed.html_lang if self.memory.get(context) else self.source_lang
        return self.lang

    def heading_attrs(self, context: str, anchor: str = "") -> str:
        """A heading's attribute list (Python-Markdown's attr_list): its anchor, and its language
        where that is not the page's."""
        lang = self.lang_of(context)
        attrs = ([f"#{anchor}"] if anchor else []) + ([f'lang="{lang}"'] if lang != self.ed.html_lang else [])
        return f" {{ {' '.join(attrs)} }}" if attrs else ""

    def get(self, context: str, source: str) -> str | None:
        if not self.ed.translated:
            return self.ed.convert(source)
        hit = self.memory.get(context)
        return hit[0] if hit else None

    def show(self, context: str, source: str) -> str:
        """Escaped text; the Chinese, marked as such, where no translation exists."""
        text = self.get(context, source)
        return esc(text) if text is not None else self.original(source)

    def original(self, source: str) -> str:
        return f'<span lang="{self.source_lang}">{esc(source)}</span>'

    def plain(self, context: str, source: str) -> str:
        text = self.get(context, source)
        return text if text is not None else source

    def coverage(self, doc: Document) -> dict[str, int]:
        """How many of the document's units have each status (STATUSES) in this edition."""
        found = dict.fromkeys(STATUSES, 0)
        for unit in units(doc):
            found[self.status(unit.context)] += 1
        return found

    def status(self, context: str) -> str:
        if not self.ed.translated:
            return "source"
        hit = self.memory.get(context)
        return hit[1] if hit else "missing"


def texts_for(doc: Document, ed: Edition) -> Texts:
    return Texts(ed, ed.memory.get(doc.meta.slug, {}), doc.meta.language)


# --- terms -----------------------------------------------------------------------------------

def term_title(term: Term, ed: Edition) -> str:
    if ed.translated:
        return f"{term.zh} ({term.reading}) — {term.explain_en}"
    return f"{term.reading} · {term.en} · {ed.convert(term.explain_zh)}"


def term_link(term: Term, shown_html: str, glossary_href: str) -> str:
    """A term links to its glossary entry; its explanation is in the edition's terms file
    (`terms_json`), shown by assets/terms.js on hover and focus: written once, not at every use."""
    return f'<a class="term" data-term="{term.id}" href="{glossary_href}#term-{term.id}">{shown_html}</a>'


def annotate(text: str, t: Texts, seen: set[str], glossary_href: str, chinese: bool) -> str:
    """Escaped HTML of `text` with glossary terms linked, each once per section.

    Chinese text is matched in Simplified and converted piece by piece; English text is
    matched on the glossary's English renderings.
    """
    shown = t.ed.convert(text) if chinese else text
    glossary: Glossary | None = t.ed.glossary
    if glossary is None:
        return esc(shown)
    matches: list[Match] = glossary.find(text) if chinese else glossary.find_english(text)
    if len(shown) != len(text):  # a conversion that changed the length: convert piece by piece
        def piece(start: int, end: int) -> str:
            return t.ed.convert(text[start:end]) if chinese else text[start:end]
    else:  # the usual case: cut the whole converted text, so every page converts it the same way
        def piece(start: int, end: int) -> str:
            return shown[start:end]
    out, pos = [], 0
    for m in matches:
        if t.ed.first_only and m.term.id in seen:
            continue
        seen.add(m.term.id)
        out += [esc(piece(pos, m.start)), term_link(m.term, esc(piece(m.start, m.end)), glossary_href)]
        pos = m.end
    out.append(esc(piece(pos, len(text))))
    return "".join(out)


def doc_list(docs: list[Document], ed: Edition, href: Callable[[Document], str]) -> list[str]:
    """Documents as a list: title, date, issuer, kind, summary."""
    out = ['<div class="doc-list" markdown>', ""]
    for doc in docs:
        t = texts_for(doc, ed)
        m = doc.meta
        issuer = t.plain("meta:issuer", m.issuer) if m.issuer else ""
        facts = " · ".join(v for v in (m.date, issuer, ed.kinds.get(m.kind, m.kind)) if v)
        title, lang = md_heading(t.plain("meta:title", m.title)), t.lang_of("meta:title")
        if lang != ed.html_lang:  # shown as written, or not yet translated
            title = f'<span lang="{lang}">{title}</span>'
        out.append(f"- [{title}]({href(doc)}) "
                   f"<span class=\"doc-facts\">{md_inline(esc(facts))}</span>")
        if m.summary:
            out.append(f"  <br><span class=\"doc-summary\">{md_inline(t.show('meta:summary', m.summary))}</span>")
    return out + ["", "</div>", ""]
