"""Stage 4 for the whole site: every document, every edition -> {path under docs/: content}."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..editions import Edition, editions
from ..glossary import Glossary
from ..model import Document
from .archive import NEWEST, render_archive
from .charts import figures_json, render_figures
from .document import Links, render_document
from .feeds import render_feed
from .figures import extract
from .glossary_page import occurrences, render_glossary, terms_in, terms_json
from .home import render_home
from .markup import texts_for
from .parallel import render_parallel
from .status import render_status


def doc_path(doc: Document) -> str:
    return f"documents/{doc.meta.slug}.md"


def with_data(glossary: Glossary, memory: dict[str, dict[str, dict[str, tuple[str, str]]]], first_only: bool) -> list[Edition]:
    """The editions, given the term base, the memory of each target language and how often to annotate a term."""
    return [replace(ed, glossary=glossary, memory=memory.get(ed.target, {}) if ed.translated else {}, first_only=first_only)
            for ed in editions()]


@dataclass(frozen=True)
class Rendered:
    """What one document gives the site: its files, and what the pages about the whole archive need
    of it (where terms occur, for the glossary page; its coverage in each target language, for the
    translation status page)."""

    files: dict[str, str]
    terms: list[tuple[str, str]]
    coverage: dict[str, dict[str, int]]


def document_files(doc: Document, eds: list[Edition], glossary: Glossary) -> Rendered:
    """One document's pages in every edition (the document, its key figures, the side-by-side view),
    its figures data and its terms: all that depends on this document alone (with the term base and
    its memory), so what a change to it makes again.

    The side-by-side view pairs the source with a translated edition: its own in a translated
    edition, else the first one; the Chinese column is in the edition's own script."""
    slug = doc.meta.slug
    source, first_target = eds[0], next(e for e in eds if e.translated)
    figures = extract(doc, glossary)
    files = {f"data/{slug}-figures.json": figures_json(figures)}
    links = Links(source=f"../sources/{doc.meta.source_file}", glossary="../../glossary/", parallel=f"../../parallel/{slug}/")
    for ed in eds:
        sfx = ed.suffix
        files[f"documents/{slug}{sfx}.md"] = render_document(doc, ed, links, status_href="../../translation-status/",
                                                             figures_href=f"../figures/{slug}.md")
        files[f"figures/{slug}{sfx}.md"] = render_figures(doc, figures, ed, document_href=f"../../documents/{slug}/",
                                                          data_href=f"../data/{slug}-figures.json")
        chinese, target = (source, ed) if ed.translated else (ed, first_target)
        files[f"parallel/{slug}{sfx}.md"] = render_parallel(doc, ed, chinese, target, document_href=f"../../documents/{slug}/")
    coverage = {ed.target: texts_for(doc, ed).coverage(doc) for ed in eds if ed.translated}
    return Rendered(files, terms_in(doc, glossary), coverage)


def site_pages(rendered: list[tuple[Document, Rendered]], sources: dict[str, bytes], about: str, glossary: Glossary,
               eds: list[Edition], site_url: str) -> dict[str, str | bytes]:
    """The files about the whole archive, in every edition: home, lists, glossary, translation
    status, feeds, terms data, the about page, and the raw sources."""
    docs = [doc for doc, _ in rendered]
    files: dict[str, str | bytes] = {}
    found = occurrences([(doc, r.terms) for doc, r in rendered])
    first_target = next(e for e in eds if e.translated)
    for ed in eds:
        sfx = ed.suffix
        files[f"index{sfx}.md"] = render_home(docs, ed, href=doc_path, newest=NEWEST, all_href="documents/index.md")
        for path, page in render_archive(docs, ed, lambda d, up: up + doc_path(d)).items():
            files[f"{path}{sfx}.md"] = page
        files[f"glossary{sfx}.md"] = render_glossary(glossary, found, ed, href=lambda d: f"documents/{d.meta.slug}/")
        target = (ed if ed.translated else first_target).target
        files[f"translation-status{sfx}.md"] = render_status([(doc, r.coverage[target]) for doc, r in rendered], ed, href=doc_path)
        files[f"feed{sfx}.xml"] = render_feed(docs, ed, site_url, ed.labels["home_title"])
        files[f"data/terms-{ed.html_lang}.json"] = terms_json(glossary, ed)
    for ed in eds[1:]:
        if not ed.translated:  # a Chinese edition's about page is converted; a translated one's is written by hand
            files[f"about{ed.suffix}.md"] = ed.convert(about)
    for doc in docs:
        files[f"sources/{doc.meta.source_file}"] = sources[doc.meta.source_file]
    return files

