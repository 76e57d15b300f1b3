"""Stage 4: the document model -> a document's Markdown page, for one edition.

Pure functions: data in, page text out. Each paragraph carries its `p-` id, the same in every
edition, its status, and its editorial notes. Headings stay Markdown so MkDocs builds the table of
contents and permalinks.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..editions import Edition
from ..model import Document, Note, Paragraph, Section
from ..translate.units import note_context
from .markup import Texts, annotate, esc, front_matter, md_heading, texts_for


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
    lang = f' lang="{t.lang}"' if status != "missing" else ""
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
    out = [f"{'#' * s.level} {md_heading(t.plain(s.anchor, s.title))}{t.heading_attrs(s.anchor, s.anchor)}", ""]
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
    # (label, value, whether the value is the text's own words or the edition's)
    rows = [(L[k], t.ed.kinds.get(m.kind, m.kind) if k == "kind" else str(getattr(m, k)), k != "kind") for k in m.inferred]
    if m.untitled:  # say so
        rows.insert(0, (L["title"], L["title_missing"], False))
    rows.append((L["layout"], L.get(f"layout_{m.layout}", m.layout), False))
    # the text's own words as the edition shows the text: converted in a Chinese edition, as written in English
    chinese, lang = (t.ed.convert, t.lang) if not t.ed.translated else (str, t.source_lang)
    items = "".join(f'<li>{esc(label)}{L["colon"]}<span lang="{lang if own else t.ed.html_lang}">{esc(chinese(value) if own else value)}</span></li>'
                    for label, value, own in rows)
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
    out += [f"# {md_heading(title)}{t.heading_attrs('meta:title')}", ""] + source_header(doc, t) + banner(doc, t, status_href)
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
