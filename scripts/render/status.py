"""The translation status page: coverage of every document in the memory of a target language."""

from __future__ import annotations

from collections.abc import Callable

from ..editions import Edition
from ..model import Document
from ..translate.translation import STATUSES
from .markup import esc, front_matter, md_heading, texts_for


def render_status(docs: list[tuple[Document, dict[str, int]]], ed: Edition, href: Callable[[Document], str]) -> str:
    """The page, from each document's coverage (`Texts.coverage`) in the edition's target language."""
    L = ed.labels
    # not searched: a table of every document's title and counts; a search leads to the documents
    out = front_matter(title=L["status_title"], search={"exclude": True}) + [f"# {md_heading(L['status_title'])}", "", esc(L["status_intro"]), "",
           "| " + " | ".join([L["status_doc"], *(L[s] for s in STATUSES), L["total"]]) + " |",
           "|---|" + "---:|" * (len(STATUSES) + 1)]
    totals = dict.fromkeys(STATUSES, 0)
    for doc, c in docs:
        for k in totals:
            totals[k] += c[k]
        title = texts_for(doc, ed).plain("meta:title", doc.meta.title)
        out.append(f"| [{md_heading(title)}]({href(doc)}) | " + " | ".join(str(c[s]) for s in STATUSES) + f" | {sum(c.values())} |")
    out.append(f"| **{L['total']}** | " + " | ".join(str(totals[s]) for s in STATUSES) + f" | {sum(totals.values())} |")
    return "\n".join(out) + "\n"
