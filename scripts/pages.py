"""Stage 4: the document model -> Markdown pages for MkDocs, for one edition.

Pure functions: data in, page text out. Body paragraphs are emitted as escaped HTML, so a
`<script>` in a government text is shown as text, never run, and each paragraph carries its
`p-` id, the same in every edition. Headings stay Markdown so MkDocs builds the table of
contents and permalinks. Every visible string is looked up by its unit context (see `units`),
so the English edition is the same page with the memory's text, or the Chinese where the
memory has none ("translation pending").
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .editions import Edition, to_traditional
from .glossary import Glossary, Match, Term
from .model import Document, Note, Paragraph, Section
from .translation import STATUSES
from .units import note_context, units

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


def terms_json(glossary: Glossary, ed: Edition) -> str:
    """{term id: tooltip text} for one edition."""
    return json.dumps({t.id: term_title(t, ed) for t in glossary.terms}, ensure_ascii=False, sort_keys=True)


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


# --- notes and paragraphs ----------------------------------------------------------------------

def render_note(note: Note, owner: str, t: Texts) -> str:
    ed = t.ed
    context = note_context(owner, note)
    parts = [f'<details class="note ed-note" data-kind="{note.kind}">',
             f"<summary>{esc(ed.labels['ed_note'])} · {esc(ed.note_kinds.get(note.kind, note.kind))}</summary>",
             f"<p>{t.show(context, note.reason)}" + (f" {esc(ed.labels['automatic'])}" if note.automatic else "") + "</p>"]
    if note.source_text:
        L = ed.labels
        parts.append(f'<p class="ed-source">{esc(L["source_said"])}{L["colon"]}'
                     f'<span lang="{t.source_lang}">{esc(note.source_text)}</span>'
                     + (f'{L["semicolon"]}{esc(L["repaired"])}{L["colon"]}<span lang="{t.source_lang}">{esc(note.repaired)}</span>'
                        if note.repaired else "") + "</p>")
    if note.lines:
        parts.append(f'<p class="ed-lines">{esc(ed.labels["lines"])}{ed.labels["colon"]}'
                     f'{ed.labels["comma"].join(str(n) for n in note.lines)}</p>')
    parts.append("</details>")
    return "".join(parts)


def paragraph_html(p: Paragraph, t: Texts, seen: set[str], glossary_href: str) -> tuple[str, str]:
    """The inner HTML of a paragraph in this edition (run-in heading first), and its status."""
    ed = t.ed
    chinese = not ed.translated

    def shown(context: str, source: str) -> str | None:
        text = t.get(context, source)
        return None if text is None else annotate(source if chinese else text, t, seen, glossary_href, chinese)

    runin = ""
    if p.runin:
        head = shown(p.id + ":runin", p.runin)
        runin = f'<strong class="runin">{head or t.original(p.runin)}</strong>' + ("" if chinese else " ")
    body = shown(p.id, p.text)
    if body is None:
        body = f'<span class="pending-label" lang="{ed.html_lang}">{esc(ed.labels["pending"])}</span> ' + t.original(p.text)
    elif chinese:
        for note in p.notes:
            if note.kind == "gap" and note.anchor:
                anchor = esc(ed.convert(note.anchor))
                body = body.replace(anchor, f'<span class="gap-mark">{esc(ed.labels["gap_mark"])}</span>' + anchor, 1)
    return runin + body, t.status(p.id)


def render_paragraph(p: Paragraph, t: Texts, seen: set[str], glossary_href: str, parallel_href: str) -> str:
    inner, status = paragraph_html(p, t, seen, glossary_href)
    ed = t.ed
    lang = f' lang="{ed.html_lang}"' if status != "missing" else ""
    links = (f'<a class="pilcrow" href="#{p.id}" title="{esc(ed.labels["permalink"])}">¶</a>'
             f'<a class="twin" href="{parallel_href}#{p.id}" title="{esc(ed.labels["twin"])}">⇄</a>')
    mark = (f'<span class="status-mark" lang="{ed.html_lang}">{esc(ed.labels["status_" + status])}</span>'
            if ed.translated and status in ("machine", "draft") else "")
    lines = [f'<p id="{p.id}" class="para {p.role}" data-status="{status}"{lang}>{inner}{mark}{links}</p>']
    lines += [render_note(n, p.id, t) for n in p.notes]
    return "\n".join(lines)


# --- documents -------------------------------------------------------------------------------

@dataclass
class Links:
    """Relative links from a document page, the same in every edition (same page structure)."""

    source: str
    glossary: str
    parallel: str


def render_section(s: Section, t: Texts, links: Links) -> list[str]:
    ed = t.ed
    out = [f"{'#' * s.level} {md_heading(t.plain(s.anchor, s.title))} {{ #{s.anchor} }}", ""]
    if s.editorial_title:
        out += [f'<p class="editorial-title">{esc(ed.labels["editorial_title"])}</p>', ""]
    if s.continued_from:
        out += [f'<p class="continued">{esc(ed.labels["continued"].format(page=s.continued_from))}</p>', ""]
    return out + _body(s.anchor, s.notes, s.paragraphs, s.subsections, t, links)


def _body(owner: str, notes: list[Note], paragraphs: list[Paragraph], sections: list[Section], t: Texts,
          links: Links) -> list[str]:
    """Notes, then paragraphs (terms annotated once in this run), then the sections below."""
    out: list[str] = []
    for note in notes:
        out += [render_note(note, owner, t), ""]
    seen: set[str] = set()
    for p in paragraphs:
        out += [render_paragraph(p, t, seen, links.glossary, links.parallel), ""]
    for sub in sections:
        out += render_section(sub, t, links)
    return out


def banner(doc: Document, t: Texts, status_href: str) -> list[str]:
    """The English edition's honest statement of what the text is."""
    if not t.ed.translated:
        return []
    counts = t.coverage(doc)
    reviewed, total = counts["reviewed"], sum(counts.values())
    share = f"{reviewed / total:.0%}" if total else "0%"
    text = t.ed.labels["banner"].format(reviewed=reviewed, total=total, share=share, machine=counts["machine"],
                                        draft=counts["draft"], missing=counts["missing"])
    return [f'<div class="admonition warning draft-banner"><p>{text} '
            f'<a href="{status_href}">{esc(t.ed.labels["status_title"])}</a></p></div>', ""]


def source_header(doc: Document, t: Texts) -> list[str]:
    """The source's own header lines (venue, speaker, dateline …) in its wording, under the title."""
    if not doc.header:
        return []
    lines = "".join(f'<p class="header-line" data-role="{line.role}">{t.show(line.context, line.text)}</p>'
                    for line in doc.header)
    return [f'<div class="source-header">{lines}</div>', ""]


def inferred_note(doc: Document, t: Texts) -> str:
    """What the pipeline guessed, for an editor to confirm in seeds/manifest.yaml."""
    m, L = doc.meta, t.ed.labels
    values = {"kind": t.ed.kinds.get(m.kind, m.kind)}
    rows = [(L[k], values.get(k, str(getattr(m, k)))) for k in m.inferred]
    rows.append((L["layout"], L.get(f"layout_{m.layout}", m.layout)))
    items = "".join(f'<li>{esc(label)}{L["colon"]}<span lang="{t.source_lang if label != L["kind"] else t.ed.html_lang}">'
                    f'{esc(value)}</span></li>' for label, value in rows)
    return (f'<details class="note ed-note inferred" data-kind="inferred" open><summary>{esc(L["ed_note"])} · '
            f'{esc(t.ed.note_kinds["inferred"])}</summary><p>{esc(L["inferred"])}</p><ul>{items}</ul></details>')


def _meta_rows(doc: Document, t: Texts) -> list[tuple[str, str]]:
    m = doc.meta
    rows = [("issuer", t.plain("meta:issuer", m.issuer) if m.issuer else ""),
            ("author", t.plain("meta:author", m.author) if m.author else ""), ("date", m.date),
            ("venue", t.plain("meta:venue", m.venue) if m.venue else ""),
            ("publication", t.plain("meta:publication", m.publication) if m.publication else ""),
            ("kind", t.ed.kinds.get(m.kind, m.kind))]
    return [(t.ed.labels[k], v) for k, v in rows if v]


def render_document(doc: Document, ed: Edition, links: Links, status_href: str, figures_href: str = "") -> str:
    t = texts_for(doc, ed)
    m = doc.meta
    notes = list(doc.all_notes())
    title = t.plain("meta:title", m.title)
    out = front_matter(title=title, description=t.plain("meta:summary", m.summary) if m.summary else "")
    out += [f"# {md_heading(title)}", ""] + source_header(doc, t) + banner(doc, t, status_href)
    out += ['<div class="doc-header" markdown>', ""]
    L = ed.labels
    out += [f"- **{label}**{L['colon']}{md_heading(value)}" for label, value in _meta_rows(doc, t)]
    out += [f"- **{L['source']}**{L['colon']}[{md_heading(m.source_file)}](<{quote(links.source)}>)"]
    out += [f"- **{L['parallel']}**{L['colon']}[{L['parallel_of'].format(title=md_heading(title))}]({links.parallel})"]
    if figures_href:
        out += [f"- **{L['figures']}**{L['colon']}[{L['figures_of'].format(title=md_heading(title))}]({figures_href})"]
    out.append("")
    if m.excerpt:
        out += [f'<p class="excerpt">{esc(L["excerpt"])}{L["colon"]}{t.show("meta:excerpt", m.excerpt)}</p>', ""]
    if m.inferred:
        out += [inferred_note(doc, t), ""]
    out += [f'<p class="notes-count">{esc(L["notes_count"].format(n=len(notes)))}</p>', ""]
    if m.licence:
        out += [f'<p class="licence">{esc(L["licence"])}{L["colon"]}{t.show("meta:licence", m.licence)}</p>', ""]
    out += ["</div>", ""] + _body("doc", doc.notes, doc.front, doc.sections, t, links)
    return "\n".join(out).rstrip() + "\n"


def doc_list(docs: list[Document], ed: Edition, href: Callable[[Document], str]) -> list[str]:
    """Documents as a list: title, date, issuer, kind, summary."""
    out = ['<div class="doc-list" markdown>', ""]
    for doc in docs:
        t = texts_for(doc, ed)
        m = doc.meta
        issuer = t.plain("meta:issuer", m.issuer) if m.issuer else ""
        facts = " · ".join(v for v in (m.date, issuer, ed.kinds.get(m.kind, m.kind)) if v)
        out.append(f"- [{md_heading(t.plain('meta:title', m.title))}]({href(doc)}) "
                   f"<span class=\"doc-facts\">{md_inline(esc(facts))}</span>")
        if m.summary:
            out.append(f"  <br><span class=\"doc-summary\">{md_inline(t.show('meta:summary', m.summary))}</span>")
    return out + ["", "</div>", ""]


def render_home(docs: list[Document], ed: Edition, href: Callable[[Document], str], newest: int, all_href: str) -> str:
    """The home page: the newest documents, and the way to all of them."""
    L = ed.labels
    out = front_matter(title=L["home_title"]) + [f"# {md_heading(L['home_title'])}", "", esc(L["home_intro"]), "",
                                                 f"## {esc(L['latest'])}", ""]
    out += doc_list(docs[:newest], ed, href)
    out += [f"[{md_heading(L['all_documents'].format(n=len(docs)))}]({all_href})", ""]
    return "\n".join(out)


# --- glossary ----------------------------------------------------------------------------------

def occurrences(docs: list[Document], glossary: Glossary) -> dict[str, list[tuple[Document, str]]]:
    """Every paragraph each term occurs in: {term id: [(document, paragraph id)]}."""
    found: dict[str, list[tuple[Document, str]]] = {}
    for doc in docs:
        for p in doc.paragraphs():
            for term_id in dict.fromkeys(m.term.id for m in glossary.find(p.full_text)):
                found.setdefault(term_id, []).append((doc, p.id))
    return found


OCCURRENCE_DOCS, OCCURRENCE_PARAGRAPHS = 10, 5  # listed under each glossary entry


def render_glossary(glossary: Glossary, found: dict[str, list[tuple[Document, str]]], ed: Edition,
                    href: Callable[[Document], str]) -> str:
    """The glossary page: by category; sorted by pinyin (Chinese editions) or English."""
    L = ed.labels
    out = front_matter(title=L["glossary"]) + [f"# {md_heading(L['glossary'])}", "", esc(L["glossary_intro"]), ""]
    for category, name in ed.categories.items():
        key = (lambda t: t.en.lower()) if ed.translated else (lambda t: (t.reading, t.zh))
        terms = sorted((t for t in glossary.terms if t.category == category), key=key)
        if terms:
            out += [f"## {esc(name)} {{ #{category} }}", ""]
            out += [_glossary_entry(t, found.get(t.id, []), ed, href) + "\n" for t in terms]
    return "\n".join(out)


def _glossary_entry(t: Term, places: list[tuple[Document, str]], ed: Edition, href: Callable[[Document], str]) -> str:
    L = ed.labels
    english = esc(t.en) + (f" ({esc(L['term_short'])}: {esc(t.en_short)})" if t.en_short else "")
    if t.source.get("status") == "official":
        name = esc(t.source.get("name", ""))
        source = f"{esc(L['term_official'])}{L['colon']}" + (f'<a href="{safe_url(t.source["url"])}">{name}</a>' if t.source.get("url") else name)
    else:
        source = esc(L["term_working"])
    by_doc: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for doc, pid in places:  # newest documents first, a few paragraphs each: the page stays bounded
        if doc.meta.slug not in by_doc and len(by_doc) == OCCURRENCE_DOCS:
            continue
        links = by_doc.setdefault(doc.meta.slug, [])
        if len(links) < OCCURRENCE_PARAGRAPHS:
            links.append(f'<a href="../{href(doc)}#{pid}">{pid}</a>')
        titles[doc.meta.slug] = texts_for(doc, ed).plain("meta:title", doc.meta.title)
    more = len({doc.meta.slug for doc, _ in places}) - len(by_doc)
    occurs = L["semicolon"].join(f"{esc(titles[slug])}{L['colon']}{L['comma'].join(links)}"
                                 for slug, links in by_doc.items()) or "—"
    if more:
        occurs += L["semicolon"] + esc(L["more_documents"].format(n=more))
    chinese = f'<span lang="{"zh-Hans" if ed.translated else ed.html_lang}">{esc(ed.convert(t.zh))}</span>'
    pinyin = f'<span class="pinyin" lang="zh-Latn-pinyin">{esc(t.reading)}</span>'
    aliases = esc("、".join(ed.convert(a) for a in t.aliases))
    explain = (esc(t.explain_en), f'<span lang="zh-Hans">{esc(t.explain_zh)}</span>') if ed.translated else (
        esc(ed.convert(t.explain_zh)), f'<span lang="en">{esc(t.explain_en)}</span>')
    if ed.translated:
        heading = f'<span lang="en">{esc(t.en)}</span>'
        rows = [("term_zh", chinese), ("term_pinyin", pinyin)]
    else:
        heading = f"{chinese} {pinyin}"
        rows = [("term_en", f'<span lang="en">{english}</span>')]
    if ed.code == "zh-Hant":
        rows.append(("term_hans", f'<span lang="zh-Hans">{esc(t.zh)}</span>'))
    else:  # the Traditional form comes from the same conversion as the Traditional edition
        rows.append(("term_hant", f'<span lang="zh-Hant">{esc(to_traditional(t.zh))}</span>'))
    if t.aliases:
        rows.append(("term_aliases", f'<span lang="zh-Hans">{aliases}</span>' if ed.translated else aliases))
    if ed.translated and t.en_short:
        rows.append(("term_en", english))
    rows += [("term_explain", explain[0]), ("term_explain_other", explain[1]), ("term_source", source), ("term_occurs", occurs)]
    body = "".join(f"<dt>{esc(L[k])}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="term-entry" id="term-{t.id}" data-term="{t.id}"><h3>{heading}</h3><dl>{body}</dl></div>'


def render_not_found(editions: list[Edition], site_url: str) -> str:
    """The site's 404 page, in every edition's language: GitHub Pages serves it for any missing path."""
    root = urlsplit(site_url).path or "/"
    links = "".join(
        f'<p lang="{ed.html_lang}">{esc(ed.labels["not_found"])} '
        f'<a href="{root}{"" if ed.code == "zh" else ed.code + "/"}">{esc(ed.labels["home_title"])}</a></p>'
        for ed in editions)
    return ('<!doctype html>\n<html lang="zh-Hans">\n<head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f'<title>404</title><style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;'
            f'padding:0 1rem;line-height:1.6}}a{{color:#00796b}}</style></head>\n<body><h1>404</h1>{links}</body></html>\n')
