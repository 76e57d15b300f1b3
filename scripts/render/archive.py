"""The archive: every document reached through pages whose size is bounded, whatever the archive's.

The sidebar lists only the site's sections (mkdocs.yml `nav`); documents are listed here, newest
first: an overview (`documents/index`) with every year, kind and issuer and how many documents
each has, then one page per year, and per kind and per issuer in pages of PAGE documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from pypinyin import lazy_pinyin

from ..editions import Edition
from ..model import Document
from .markup import doc_list, esc, front_matter, md_heading, texts_for

PAGE = 50  # documents on one page of a kind or an issuer
NEWEST = 20  # documents on the home page


def key(text: str) -> str:
    """A file name for a group: 南开区财政局 -> nan-kai-qu-cai-zheng-ju."""
    return re.sub(r"[^a-z0-9]+", "-", " ".join(lazy_pinyin(text)).lower()).strip("-")[:60] or "x"


def groups(docs: list[Document], ed: Edition) -> dict[str, list[tuple[str, str, list[Document]]]]:
    """{facet: [(file name, label, documents newest first)]} for years, kinds and issuers."""
    L = ed.labels
    by_year = [(f"year-{y or 'undated'}", y or L["undated"], list(d)) for y, d in
               groupby(sorted(docs, key=lambda d: d.meta.date, reverse=True), key=lambda d: d.meta.date[:4])]
    kinds = sorted({d.meta.kind or "document" for d in docs})
    by_kind = [(f"kind-{k}", ed.kinds.get(k, k), [d for d in docs if (d.meta.kind or "document") == k]) for k in kinds]
    issuers = sorted({d.meta.issuer for d in docs}, key=lambda i: (not i, lazy_pinyin(i)))
    by_issuer = [(f"issuer-{key(i) if i else 'none'}", texts_for(next(d for d in docs if d.meta.issuer == i), ed).plain(
        "meta:issuer", i) if i else L["no_issuer"], [d for d in docs if d.meta.issuer == i]) for i in issuers]
    return {"by_year": by_year, "by_kind": by_kind, "by_issuer": by_issuer}


def render_archive(docs: list[Document], ed: Edition, doc_href: Callable[[Document, str], str]) -> dict[str, str]:
    """{path under docs/ without the edition suffix: page} for the overview and every group page."""
    L = ed.labels
    facets = groups(docs, ed)
    # not searched, as the home page: lists of titles, ranked above the documents they list
    overview = front_matter(title=L["documents"], search={"exclude": True}) + [
        f"# {md_heading(L['documents'])}", "", esc(L["archive_intro"]), ""]
    pages: dict[str, str] = {}
    for facet, entries in facets.items():
        overview += [f"## {esc(L[facet])}", ""]
        for name, label, members in entries:
            overview.append(f"- [{md_heading(label)}](../archive/{name}.md) ({len(members)})")
            chunks = [members] if facet == "by_year" else [members[i:i + PAGE] for i in range(0, len(members), PAGE)]
            for n, chunk in enumerate(chunks, start=1):
                path = f"archive/{name}" + (f"-{n}" if n > 1 else "")
                title = label + (f" · {L['page_n'].format(n=n)}" if len(chunks) > 1 else "")
                nav = [f"[{md_heading(L['page_n'].format(n=k))}]({name}{'' if k == 1 else f'-{k}'}.md)"
                       for k in range(1, len(chunks) + 1) if k != n] if len(chunks) > 1 else []
                body = front_matter(title=title, search={"exclude": True}) + [f"# {md_heading(title)}", ""]
                body += doc_list(chunk, ed, lambda d: doc_href(d, "../"))
                body += [" · ".join(nav), ""] if nav else []
                body += [f"[{md_heading(L['all_documents'].format(n=len(docs)))}](../documents/index.md)", ""]
                pages[path] = "\n".join(body)
        overview.append("")
    pages["documents/index"] = "\n".join(overview)
    return pages
