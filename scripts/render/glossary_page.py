"""The glossary page of an edition, and the edition's tooltip file (`data/terms-<lang>.json`)."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..editions import Edition, to_traditional
from ..glossary import Glossary, Term
from ..model import Document
from .markup import esc, front_matter, md_heading, safe_url, term_title, texts_for


def terms_json(glossary: Glossary, ed: Edition) -> str:
    """{term id: tooltip text} for one edition."""
    return json.dumps({t.id: term_title(t, ed) for t in glossary.terms}, ensure_ascii=False, sort_keys=True)


def terms_in(doc: Document, glossary: Glossary) -> list[tuple[str, str]]:
    """Where terms occur in one document: [(term id, paragraph id)], in reading order. Kept with the
    document's pages, so a build that takes those from the cache does not look for terms again."""
    return [(term_id, p.id) for p in doc.paragraphs() for term_id in dict.fromkeys(m.term.id for m in glossary.find(p.full_text))]


def occurrences(found: list[tuple[Document, list[tuple[str, str]]]]) -> dict[str, list[tuple[Document, str]]]:
    """Every paragraph each term occurs in, documents in the order given: {term id: [(document, paragraph id)]}."""
    by_term: dict[str, list[tuple[Document, str]]] = {}
    for doc, terms in found:
        for term_id, pid in terms:
            by_term.setdefault(term_id, []).append((doc, pid))
    return by_term


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
    if ed.convert is to_traditional:
        rows.append(("term_hans", f'<span lang="zh-Hans">{esc(t.zh)}</span>'))
    else:  # the Traditional form comes from the same conversion as the Traditional edition
        rows.append(("term_hant", f'<span lang="zh-Hant">{esc(to_traditional(t.zh))}</span>'))
    if t.aliases:
        rows.append(("term_aliases", f'<span lang="zh-Hans">{aliases}</span>' if ed.translated else aliases))
    if ed.translated and t.en_short:
        rows.append(("term_en", english))
    rows += [("term_explain", explain[0]), ("term_explain_other", explain[1]), ("term_source", source), ("term_occurs", occurs)]
    # where the term occurs is navigation, not text to search: a query for 江门 should not lead to the
    # glossary because it lists documents whose titles hold 江门 (the list of a common term also makes
    # the page's search record, which a query fetches, several times larger)
    body = "".join(f"<dt>{esc(L[k])}</dt><dd{' data-pagefind-ignore' if k == 'term_occurs' else ''}>{v}</dd>" for k, v in rows)
    return f'<div class="term-entry" id="term-{t.id}" data-term="{t.id}"><h3>{heading}</h3><dl>{body}</dl></div>'
