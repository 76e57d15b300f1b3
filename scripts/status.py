"""The translation status page: coverage of every document in the memory."""

from __future__ import annotations

from typing import Callable

from .editions import Edition
from .model import Document
from .pages import esc, front_matter, md_heading, texts_for


def render_status(docs: list[Document], ed: Edition, english: Edition, href: Callable[[Document], str]) -> str:
    L = ed.labels
    out = front_matter(title=L["status_title"]) + [f"# {md_heading(L['status_title'])}", "", esc(L["status_intro"]), "",
           f"| {L['status_doc']} | {L['reviewed']} | {L['draft']} | {L['missing']} | {L['total']} |",
           "|---|---:|---:|---:|---:|"]
    totals = {"reviewed": 0, "draft": 0, "missing": 0}
    for doc in docs:
        c = texts_for(doc, english).coverage(doc)
        for k in totals:
            totals[k] += c[k]
        title = texts_for(doc, ed).plain("meta:title", doc.meta.title)
        out.append(f"| [{md_heading(title)}]({href(doc)}) | {c['reviewed']} | {c['draft']} | {c['missing']} | {sum(c.values())} |")
    out.append(f"| **{L['total']}** | {totals['reviewed']} | {totals['draft']} | {totals['missing']} | {sum(totals.values())} |")
    return "\n".join(out) + "\n"
