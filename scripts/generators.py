"""Stage 4 for the whole site: every document, every edition -> {path under docs/: content}."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .glossary import Glossary
from .model import Document
from .pages import ZH, Edition, occurrences, render_document, render_glossary, render_home

EDITIONS = [ZH]


def doc_path(doc: Document) -> str:
    return f"documents/{doc.meta.slug}.md"


def site_files(docs: list[Document], seeds: Path, glossary: Glossary,
               editions: list[Edition] = EDITIONS) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    found = occurrences(docs, glossary)
    for ed in editions:
        ed = replace(ed, glossary=glossary)
        suffix = "" if ed.code == editions[0].code else f".{ed.code}"
        for doc in docs:
            files[doc_path(doc).replace(".md", f"{suffix}.md")] = render_document(
                doc, ed, source_href=f"../sources/{doc.meta.source_file}", glossary_href="../../glossary/")
        files[f"index{suffix}.md"] = render_home(docs, ed, href=doc_path)
        files[f"glossary{suffix}.md"] = render_glossary(glossary, found, ed, href=lambda d: f"documents/{d.meta.slug}/")
    for doc in docs:
        files[f"sources/{doc.meta.source_file}"] = (seeds / doc.meta.source_file).read_bytes()
    return files
