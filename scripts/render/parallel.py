"""The side-by-side view: the Chinese and a translation paragraph by paragraph, with each one's status."""

from __future__ import annotations

from ..editions import Edition
from ..model import Document, Paragraph, Section
from .markup import Texts, esc, front_matter, md_heading, texts_for


def _pair(anchor: str, left: str, right: str, status: str, ed: Edition, left_lang: str, right_lang: str) -> str:
    badge = esc(ed.labels.get(f"status_{status}", status)) if status != "source" else ""
    return (f'<div class="pair para" id="{anchor}" data-status="{status}">'
            f'<div class="pair-zh" lang="{left_lang}">{left}</div>'
            f'<div class="pair-en" lang="{right_lang}">{right}<span class="status-badge status-{status}">{badge}</span></div></div>')


def _paragraph(p: Paragraph, zh: Texts, en: Texts, ed: Edition, left_lang: str) -> str:
    runin_zh = f"<strong>{esc(zh.plain(p.id + ':runin', p.runin))}</strong>" if p.runin else ""
    runin_en = f"<strong>{en.show(p.id + ':runin', p.runin)}</strong> " if p.runin else ""
    text = en.get(p.id, p.text)
    right = runin_en + (esc(text) if text is not None else f'<em>{esc(en.ed.labels["pending"])}</em>')
    return _pair(p.id, runin_zh + esc(zh.plain(p.id, p.text)), right, en.status(p.id), ed, left_lang, en.ed.html_lang)


def _section(s: Section, zh: Texts, en: Texts, ed: Edition, left_lang: str) -> list[str]:
    title = en.get(s.anchor, s.title)
    out = [f"{'#' * s.level} {md_heading(zh.plain(s.anchor, s.title))} {{ #{s.anchor} }}", "",
           f'<p class="pair-heading" lang="{en.ed.html_lang}">{esc(title) if title else ""}</p>', ""]
    out += [_paragraph(p, zh, en, ed, left_lang) + "\n" for p in s.paragraphs]
    for sub in s.subsections:
        out += _section(sub, zh, en, ed, left_lang)
    return out


def render_parallel(doc: Document, ed: Edition, chinese: Edition, target: Edition, document_href: str) -> str:
    """One document side by side; `chinese` gives the left column's script (Simplified or Traditional),
    `target` the right column's language."""
    zh, en = texts_for(doc, chinese), texts_for(doc, target)
    own = texts_for(doc, ed)
    title = ed.labels["parallel_of"].format(title=own.plain("meta:title", doc.meta.title))
    out = front_matter(title=title, search={"exclude": True}) + [f"# {md_heading(title)}", "",
           f'<p class="parallel-intro">{esc(ed.labels["parallel_intro"])} <a href="{document_href}">↩</a></p>', "",
           '<div class="parallel">', ""]
    out += [_paragraph(p, zh, en, ed, zh.lang) + "\n" for p in doc.front]
    body = []
    for s in doc.sections:
        body += _section(s, zh, en, ed, zh.lang)
    return "\n".join(out + ["</div>", ""] + body) + "\n"
