"""The pipeline, in one place: sources -> documents -> pages of every edition -> the site.

`load` reads everything the site is made from (the I/O at the start), `render` turns it into
files (pure), `write` puts them into docs/, and `build` runs the three and MkDocs. The command
line, the tests and the benchmark call these; each stage is a module of its own (README, "How
it works"). A build whose inputs are exactly those of the last one does nothing: `fingerprint`
covers every file the site is made from, the code included.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml
from mkdocs.utils.yaml import yaml_load

from .cache import Store, code_digest, file_part
from .datafiles import as_committed, files_digest, one_git_status, write_atomic
from .editions import Edition, editions, mkdocs_config
from .glossary import Glossary, check, load_glossary
from .ingest.repairs import Finding
from .ingest.sources import load_all
from .model import Document, SourceError
from .publish.writers import build_site, write_docs
from .render.generators import Rendered, document_files, site_pages, with_data
from .render.home import render_not_found
from .translate.translation import load as load_po
from .translate.translation import lookup, po_path, sync
from .translate.units import units

CACHE = ".cache"  # kept between CI runs (see the workflow): the last build's fingerprint, pages (scripts/cache.py)
INPUTS = ("seeds", "glossary", "translations", "docs/about.md", "docs/assets", "overrides", "mkdocs.yml", "scripts",
          "requirements.txt")


@dataclass
class Project:
    """Everything a site is made from, read from disk once."""

    root: Path
    documents: list[tuple[Document, list[Finding]]]
    glossary: Glossary
    memory: dict[str, dict[str, dict[str, tuple[str, str]]]]  # language -> slug -> context -> (text, status), in step with the Chinese
    sources: dict[str, bytes]
    about: str
    site_url: str

    @property
    def docs(self) -> list[Document]:
        return [doc for doc, _ in self.documents]


def site_url(root: Path) -> str:
    """The site's public address, from mkdocs.yml (SITE_URL in the environment overrides it), read
    as MkDocs reads it (!ENV, INHERIT) without loading its plugins."""
    with open(root / "mkdocs.yml", "rb") as file:
        url = str(yaml_load(file).get("site_url") or "/")
    return url if url.endswith("/") else url + "/"


def synced_memory(root: Path, lang: str, doc: Document) -> tuple[Path, polib.POFile]:
    """A document's PO file and its memory, in step with today's Chinese (not saved)."""
    path = po_path(root, lang, doc.meta.slug)
    return path, sync(load_po(path, lang), units(doc))


def remembered(root: Path, lang: str, doc: Document, store: Store) -> dict[str, tuple[str, str]]:
    """A document's memory as its pages use it (`lookup` of `synced_memory`), from the store when the
    PO file (as committed) and the document's strings are those an earlier build read."""
    path = po_path(root, lang, doc.meta.slug)
    if not as_committed(path):  # changed since the last commit: read it, so a cut is reported
        return lookup(synced_memory(root, lang, doc)[1])
    try:
        key = store.key(lang, file_part(path), repr(units(doc)))
    except OSError:  # unreadable: loading it says so, naming the file
        return lookup(synced_memory(root, lang, doc)[1])
    kept = store.get(key)
    if kept is None:
        kept = lookup(synced_memory(root, lang, doc)[1])
        store.put(key, kept)
    return kept


MKDOCS_EDITIONS = "mkdocs.editions.yml"  # generated from scripts/editions.py; mkdocs.yml inherits it


def mkdocs_editions(eds: list[Edition]) -> str:
    """The text of MKDOCS_EDITIONS for these editions."""
    return ("# Generated from scripts/editions.py by `python -m scripts pages`: edit that file, not this one.\n"
            + yaml.safe_dump(mkdocs_config(eds), allow_unicode=True, sort_keys=False, width=120))


def load(root: Path, warn: Callable[..., None] = print) -> Project:
    """Read and check the sources, the term base and the memory (bringing the MkDocs configuration
    of the editions up to date first: the public address is read from it). Sources and memory files
    an earlier build read are taken from the cache (scripts/cache.py)."""
    eds = editions()
    write_atomic(root / MKDOCS_EDITIONS, mkdocs_editions(eds))
    documents_store = Store(root / CACHE / "documents", salt=code_digest())
    memories = Store(root / CACHE / "memory", salt=code_digest())
    with one_git_status(root):
        documents = load_all(root / "seeds", warn=warn, store=documents_store)
        glossary = load_glossary(root / "glossary")
        errors, _ = check(glossary, [], traps=False)  # traps: `python -m scripts glossary` and the tests
        if errors:
            raise SourceError(root / "glossary", "invalid term base:\n" + "\n".join(errors))
        docs = [doc for doc, _ in documents]
        memory = {lang: {doc.meta.slug: remembered(root, lang, doc, memories) for doc in docs}
                  for lang in dict.fromkeys(ed.target for ed in eds if ed.translated)}
    documents_store.prune()
    memories.prune()
    sources = {doc.meta.source_file: (root / "seeds" / doc.meta.source_file).read_bytes() for doc in docs}
    about = (root / "docs" / "about.md").read_text(encoding="utf-8")
    return Project(root, documents, glossary, memory, sources, about, site_url(root))


def render(project: Project, annotate: str = "first", store: Store | None = None) -> dict[str, str | bytes]:
    """Every generated file of every edition: {path under docs/: content}. With a store, a document
    whose pages an earlier build made from the same inputs is taken from it, not rendered again."""
    eds = with_data(project.glossary, project.memory, first_only=annotate == "first")
    terms = repr(project.glossary.terms)
    keys: dict[str, str] = {}
    kept: dict[str, Rendered] = {}
    for doc in project.docs:
        if store is not None:
            memory = {lang: project.memory[lang].get(doc.meta.slug, {}) for lang in sorted(project.memory)}
            keys[doc.meta.slug] = store.key(repr(doc), json.dumps(memory, ensure_ascii=False, sort_keys=True), terms, annotate)
            if isinstance(entry := store.get(keys[doc.meta.slug]), Rendered):
                kept[doc.meta.slug] = entry
    missing = [doc for doc in project.docs if doc.meta.slug not in kept]
    for doc, made in zip(missing, render_documents(missing, eds, project.glossary)):
        kept[doc.meta.slug] = made
        if store is not None:
            store.put(keys[doc.meta.slug], made)
    rendered = [(doc, kept[doc.meta.slug]) for doc in project.docs]
    files: dict[str, str | bytes] = {}
    for _, made in rendered:
        files.update(made.files)
    return files | site_pages(rendered, project.sources, project.about, project.glossary, eds, project.site_url)


PARALLEL_FROM = 16  # documents to render before worker processes pay for themselves
_WORK: tuple[list[Document], list[Edition], Glossary] | None = None  # what forked workers render


def _render_one(i: int) -> Rendered:
    assert _WORK is not None
    docs, eds, glossary = _WORK
    return document_files(docs[i], eds, glossary)


def render_documents(docs: list[Document], eds: list[Edition], glossary: Glossary) -> list[Rendered]:
    """Each document's pages (`document_files`); with many documents and several cores, in worker
    processes, forked so that they share the term base, its segmenter and the editions uncopied."""
    global _WORK
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(docs) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [document_files(doc, eds, glossary) for doc in docs]
    glossary.tokenizer  # noqa: B018 (made before forking, so the workers share it)
    _WORK = (docs, eds, glossary)
    try:
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            return pool.map(_render_one, range(len(docs)), chunksize=max(1, len(docs) // (cores * 8)))
    finally:
        _WORK = None


def write(project: Project, files: dict[str, str | bytes]) -> list[str]:
    """Write the files into docs/ (atomically, stale ones removed); the paths that changed."""
    return write_docs(project.root / "docs", files)


def fingerprint(root: Path) -> str:
    """A hash of every input of the site: file names and contents, and the public address."""
    return files_digest(root, INPUTS, os.environ.get("SITE_URL", ""))


def pages(root: Path, annotate: str = "first", warn: Callable[..., None] = print) -> tuple[Project, list[str]]:
    """Load, render (documents unchanged since an earlier build from the cache) and write docs/."""
    project = load(root, warn=warn)
    store = Store(root / CACHE / "pages", salt=code_digest())
    changed = write(project, render(project, annotate, store))
    store.prune()
    return project, changed


def build(root: Path, annotate: str = "first", warn: Callable[..., None] = print, force: bool = False) -> str:
    """Pages, then site/ with MkDocs; nothing at all when no input changed since the last build."""
    stamp = root / CACHE / f"build-{annotate}.sha256"
    current = fingerprint(root)
    if not force and (root / "site" / "index.html").exists() and stamp.exists() and stamp.read_text() == current:
        return "site: up to date (no input changed since the last build)"
    project, changed = pages(root, annotate, warn=warn)
    print(f"pages: {len(project.docs)} documents, {len(project.glossary.terms)} terms, {len(changed)} files changed",
          file=sys.stdout)
    eds = editions()
    how = build_site(root, root / "site", render_not_found(eds, project.site_url), eds, changed)
    write_atomic(stamp, current)
    return f"site: built {root / 'site'} ({how})"
