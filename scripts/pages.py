"""Stage 4: the document model -> Markdown pages for MkDocs, one set per edition.

Pure functions: data in, page text out. Body paragraphs are emitted as escaped HTML, so a
`<script>` in a government text is shown as text, never run, and each paragraph carries its
`p-` id. Headings stay Markdown so MkDocs builds the table of contents and permalinks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from .glossary import CATEGORIES, Glossary, Term
from .model import Document, Note, Paragraph, Section

NOTE_KINDS = {
    "join": "合并段落", "move": "调整次序", "split": "另起一段", "drop": "删除重复",
    "correct": "订正文字", "note": "存疑", "gap": "原文缺文", "title": "编者拟题", "emphasis": "粗体标记",
}
KINDS = {"government-work-report": "政府工作报告", "newspaper-page": "报纸版面", "budget-report": "预算报告",
         "document": "文件"}

LABELS = {
    "issuer": "发布机关", "author": "报告人／作者", "date": "日期", "venue": "会议", "publication": "刊物",
    "kind": "类别", "source": "原文文件", "excerpt": "节选说明", "licence": "版权与说明",
    "ed_note": "编者注", "source_said": "原文", "automatic": "（程序自动处理，未经编辑复核）",
    "continued": "上接 {page} 版：本文开头刊于 {page} 版，不在本站所收原文之内。",
    "editorial_title": "编者拟题", "permalink": "本段链接", "notes_count": "本页共有 {n} 条编者注，说明对原文所作的每一处修复。",
    "inferred": "本页元数据由程序从原文推断（{fields}），尚未经编辑核对。",
    "documents": "文件", "home_title": "江门公开文件读本",
    "home_intro": "本站把江门市政府公开发布的报告和报刊文章整理成结构清晰、可检索的网页。"
                  "原文的每一处修复都以“编者注”标明，并引出原文。",
    "glossary": "术语表", "glossary_intro": "本站文件中的政策术语、统计指标、机构和地名，按类别和拼音排列。"
                "每条列出英文译名及其来源、释义，以及它在各文件中出现的段落。",
    "term_en": "英文", "term_aliases": "又作", "term_explain": "释义", "term_explain_en": "English",
    "term_source": "译名来源", "term_official": "官方译名", "term_working": "本站试译（未见官方译名）",
    "term_occurs": "出现于", "term_short": "简称",
    "gap_mark": "〔原文缺文〕", "lines": "原文行号", "repaired": "改为",
}


@dataclass
class Edition:
    """One language edition: its code, interface strings, and how body text is rendered."""

    code: str  # "zh" (the default, at the site root), later "en", "zh-Hant"
    html_lang: str
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))
    note_kinds: dict[str, str] = field(default_factory=lambda: dict(NOTE_KINDS))
    kinds: dict[str, str] = field(default_factory=lambda: dict(KINDS))
    convert: Callable[[str], str] = lambda text: text  # e.g. OpenCC for zh-Hant
    glossary: Glossary | None = None
    first_only: bool = True  # annotate a term's first occurrence in each section, not every one

    def term_title(self, term: Term) -> str:
        return f"{term.reading} · {term.en} · {self.convert(term.explain_zh)}"


ZH = Edition(code="zh", html_lang="zh-Hans")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_heading(text: str) -> str:
    """Heading text safe for Markdown: HTML-escaped, Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_\[\]{}#|])", r"\\\1", esc(text))


def render_note(note: Note, ed: Edition) -> str:
    kind = ed.note_kinds.get(note.kind, note.kind)
    parts = [f'<details class="note ed-note" data-kind="{note.kind}">',
             f"<summary>{esc(ed.labels['ed_note'])} · {esc(kind)}</summary>",
             f"<p>{esc(ed.convert(note.reason))}"
             + (f" {esc(ed.labels['automatic'])}" if note.automatic else "") + "</p>"]
    if note.source_text:
        parts.append(f'<p class="ed-source">{esc(ed.labels["source_said"])}：'
                     f'<span lang="zh-Hans">{esc(note.source_text)}</span>'
                     + (f'；{esc(ed.labels["repaired"])}：<span lang="zh-Hans">{esc(note.repaired)}</span>'
                        if note.repaired else "") + "</p>")
    if note.lines:
        parts.append(f'<p class="ed-lines">{esc(ed.labels["lines"])}：{"、".join(str(n) for n in note.lines)}</p>')
    parts.append("</details>")
    return "".join(parts)


def term_link(term: Term, shown: str, ed: Edition, glossary_href: str) -> str:
    return (f'<a class="term" data-term="{term.id}" href="{glossary_href}#term-{term.id}" '
            f'title="{esc(ed.term_title(term))}">{esc(shown)}</a>')


def annotate(text: str, ed: Edition, seen: set[str], glossary_href: str) -> str:
    """Escaped HTML of `text` with glossary terms linked (first occurrence per section)."""
    if ed.glossary is None:
        return esc(ed.convert(text))
    out, pos = [], 0
    for m in ed.glossary.find(text):
        if ed.first_only and m.term.id in seen:
            continue
        seen.add(m.term.id)
        out += [esc(ed.convert(text[pos:m.start])), term_link(m.term, ed.convert(text[m.start:m.end]), ed, glossary_href)]
        pos = m.end
    out.append(esc(ed.convert(text[pos:])))
    return "".join(out)


def render_paragraph(p: Paragraph, ed: Edition, seen: set[str], glossary_href: str) -> str:
    body = annotate(p.text, ed, seen, glossary_href)
    for note in p.notes:
        if note.kind == "gap" and note.anchor:
            anchor = esc(ed.convert(note.anchor))
            body = body.replace(anchor, f'<span class="gap-mark">{esc(ed.labels["gap_mark"])}</span>' + anchor, 1)
    runin = f'<strong class="runin">{esc(ed.convert(p.runin))}</strong>' if p.runin else ""
    link = f'<a class="pilcrow" href="#{p.id}" title="{esc(ed.labels["permalink"])}">¶</a>'
    lines = [f'<p id="{p.id}" class="para {p.role}">{runin}{body}{link}</p>']
    lines += [render_note(n, ed) for n in p.notes]
    return "\n".join(lines)


def render_section(s: Section, ed: Edition, glossary_href: str) -> list[str]:
    title = md_heading(ed.convert(s.title))
    out = [f"{'#' * s.level} {title} {{ #{s.anchor} }}", ""]
    if s.editorial_title:
        out += [f'<p class="editorial-title">{esc(ed.labels["editorial_title"])}</p>', ""]
    if s.continued_from:
        out += [f'<p class="continued">{esc(ed.labels["continued"].format(page=s.continued_from))}</p>', ""]
    return out + _body(s.notes, s.paragraphs, s.subsections, ed, glossary_href)


def _body(notes: list[Note], paragraphs: list[Paragraph], sections: list[Section], ed: Edition,
          glossary_href: str) -> list[str]:
    """Notes, then paragraphs (terms annotated once in this run), then the sections below."""
    out: list[str] = []
    for note in notes:
        out += [render_note(note, ed), ""]
    seen: set[str] = set()
    for p in paragraphs:
        out += [render_paragraph(p, ed, seen, glossary_href), ""]
    for sub in sections:
        out += render_section(sub, ed, glossary_href)
    return out


def _meta_rows(doc: Document, ed: Edition) -> list[tuple[str, str]]:
    m = doc.meta
    rows = [("issuer", m.issuer), ("author", m.author), ("date", m.date), ("venue", m.venue),
            ("publication", m.publication), ("kind", ed.kinds.get(m.kind, m.kind))]
    return [(ed.labels[k], ed.convert(v)) for k, v in rows if v]


def render_document(doc: Document, ed: Edition, source_href: str, glossary_href: str) -> str:
    m = doc.meta
    notes = list(doc.all_notes())
    out = ["---", f"title: {esc(ed.convert(m.title))}"]
    if m.summary:
        out.append(f"description: {esc(ed.convert(m.summary))}")
    out += ["---", "", f"# {md_heading(ed.convert(m.title))}", "", '<div class="doc-header" markdown>', ""]
    out += [f"- **{label}**：{md_heading(value)}" for label, value in _meta_rows(doc, ed)]
    out += [f"- **{ed.labels['source']}**：[{m.source_file}]({source_href})", ""]
    if m.excerpt:
        out += [f'<p class="excerpt">{esc(ed.labels["excerpt"])}：{esc(ed.convert(m.excerpt))}</p>', ""]
    if m.inferred:
        out += [f'<p class="inferred">{esc(ed.labels["inferred"].format(fields="、".join(m.inferred)))}</p>', ""]
    out += [f'<p class="notes-count">{esc(ed.labels["notes_count"].format(n=len(notes)))}</p>', ""]
    if m.licence:
        out += [f'<p class="licence">{esc(ed.labels["licence"])}：{esc(ed.convert(m.licence))}</p>', ""]
    out += ["</div>", ""] + _body(doc.notes, doc.front, doc.sections, ed, glossary_href)
    return "\n".join(out).rstrip() + "\n"


def render_home(docs: list[Document], ed: Edition, href: Callable[[Document], str]) -> str:
    """The home page: every document, newest first."""
    out = ["---", f"title: {esc(ed.labels['home_title'])}", "---", "", f"# {esc(ed.labels['home_title'])}", "",
           esc(ed.labels["home_intro"]), "", f"## {esc(ed.labels['documents'])}", "", '<div class="doc-list" markdown>', ""]
    for doc in docs:
        m = doc.meta
        facts = " · ".join(v for v in (m.date, ed.convert(m.issuer), ed.kinds.get(m.kind, m.kind)) if v)
        out.append(f"- [{md_heading(ed.convert(m.title))}]({href(doc)}) <span class=\"doc-facts\">{esc(facts)}</span>")
        if m.summary:
            out.append(f"  <br><span class=\"doc-summary\">{esc(ed.convert(m.summary))}</span>")
    out += ["", "</div>", ""]
    return "\n".join(out)


def occurrences(docs: list[Document], glossary: Glossary) -> dict[str, list[tuple[Document, str]]]:
    """Every paragraph each term occurs in: {term id: [(document, paragraph id)]}."""
    found: dict[str, list[tuple[Document, str]]] = {}
    for doc in docs:
        for p in doc.paragraphs():
            for term_id in dict.fromkeys(m.term.id for m in glossary.find(p.full_text)):
                found.setdefault(term_id, []).append((doc, p.id))
    return found


def render_glossary(glossary: Glossary, found: dict[str, list[tuple[Document, str]]], ed: Edition,
                    href: Callable[[Document], str]) -> str:
    """The glossary page: by category, each sorted by pinyin, each entry linking to its paragraphs."""
    L = ed.labels
    out = ["---", f"title: {esc(L['glossary'])}", "---", "", f"# {esc(L['glossary'])}", "", esc(L["glossary_intro"]), ""]
    for category, (zh_name, _) in CATEGORIES.items():
        terms = sorted((t for t in glossary.terms if t.category == category), key=lambda t: (t.reading, t.zh))
        if not terms:
            continue
        out += [f"## {esc(ed.convert(zh_name))} {{ #{category} }}", ""]
        for t in terms:
            out += [_glossary_entry(t, found.get(t.id, []), ed, href), ""]
    return "\n".join(out)


def _glossary_entry(t: Term, places: list[tuple[Document, str]], ed: Edition, href: Callable[[Document], str]) -> str:
    L = ed.labels
    english = esc(t.en) + (f"（{esc(L['term_short'])} {esc(t.en_short)}）" if t.en_short else "")
    if t.source.get("status") == "official":
        name = esc(t.source.get("name", ""))
        source = f"{esc(L['term_official'])}：" + (f'<a href="{esc(t.source["url"])}">{name}</a>' if t.source.get("url") else name)
    else:
        source = esc(L["term_working"])
    by_doc: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for doc, pid in places:
        by_doc.setdefault(doc.meta.slug, []).append(f'<a href="../{href(doc)}#{pid}">{pid}</a>')
        titles[doc.meta.slug] = ed.convert(doc.meta.title)
    occurs = "；".join(f"{esc(titles[slug])}：{'、'.join(links)}" for slug, links in by_doc.items())
    rows = [("term_en", f'<span lang="en">{english}</span>')]
    if t.aliases:
        rows.append(("term_aliases", esc("、".join(ed.convert(a) for a in t.aliases))))
    rows += [("term_explain", esc(ed.convert(t.explain_zh))), ("term_explain_en", f'<span lang="en">{esc(t.explain_en)}</span>'),
             ("term_source", source), ("term_occurs", occurs or "—")]
    body = "".join(f"<dt>{esc(L[k])}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<div class="term-entry" id="term-{t.id}" data-term="{t.id}"><h3>{esc(ed.convert(t.zh))} '
            f'<span class="pinyin" lang="zh-Latn-pinyin">{esc(t.reading)}</span></h3><dl>{body}</dl></div>')
