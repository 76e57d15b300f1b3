"""The home page of an edition, and the site's 404 page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from ..editions import Edition
from ..model import Document
from .markup import doc_list, esc, front_matter, md_heading


def render_home(docs: list[Document], ed: Edition, href: Callable[[Document], str], newest: int, all_href: str) -> str:
    """The home page: the newest documents, and the way to all of them."""
    L = ed.labels
    # not searched: a list of titles (ranked above the documents it lists); a search leads to the documents
    out = front_matter(title=L["home_title"], search={"exclude": True}) + [
        f"# {md_heading(L['home_title'])}", "", esc(L["home_intro"]), "", f"## {esc(L['latest'])}", ""]
    out += doc_list(docs[:newest], ed, href)
    out += [f"[{md_heading(L['all_documents'].format(n=len(docs)))}]({all_href})", ""]
    return "\n".join(out)


def render_not_found(editions: list[Edition], site_url: str) -> str:
    """The site's 404 page, in every edition's language: GitHub Pages serves it for any missing path."""
    root = urlsplit(site_url).path or "/"
    links = "".join(
        f'<p lang="{ed.html_lang}">{esc(ed.labels["not_found"])} '
        f'<a href="{root}{ed.prefix}">{esc(ed.labels["home_title"])}</a></p>'
        for ed in editions)
    return ('<!doctype html>\n<html lang="zh-Hans">\n<head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f'<title>404</title><style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;'
            f'padding:0 1rem;line-height:1.6}}a{{color:#00796b}}</style></head>\n<body><h1>404</h1>{links}</body></html>\n')
