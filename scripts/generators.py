"""Stage 4 for the whole site: every document, every edition -> {path under docs/: content}."""

from __future__ import annotations

from pathlib import Path

from .model import Document
from .pages import ZH, Edition, render_document, render_home

EDITIONS = [ZH]


def doc_path(doc: Document) -> str:
    return f"documents/{doc.meta.slug}.md"


def site_files(docs: list[Document], seeds: Path, editions: list[Edition] = EDITIONS) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for ed in editions:
        suffix = "" if ed is editions[0] else f".{ed.code}"
        for doc in docs:
            files[doc_path(doc).replace(".md", f"{suffix}.md")] = render_document(
                doc, ed, source_href=f"../sources/{doc.meta.source_file}")
        files[f"index{suffix}.md"] = render_home(docs, ed, href=doc_path)
    for doc in docs:
        files[f"sources/{doc.meta.source_file}"] = (seeds / doc.meta.source_file).read_bytes()
    return files
