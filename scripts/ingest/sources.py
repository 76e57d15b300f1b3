"""Stages 1–3 for the sources: read each file and its decisions (the I/O), then repair and structure."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..cache import Store, file_part
from ..datafiles import LINE, as_committed, strip_lines
from ..model import Document, SourceError
from .header import split_header
from .manifest import load_manifest, meta_for
from .readers import detect_layout, read_blocks, read_source
from .repairs import Finding, apply, auto_join, auto_split, decisions_path, detect, load_decisions
from .structure import build

MANIFEST = "manifest.yaml"


MAX_BYTES = 3_000_000  # a source larger than this is refused (about a million Chinese characters; 1 MB builds in about a minute)


def source_files(seeds: Path) -> list[Path]:
    """The sources in `seeds/`; a link is followed only when it stays inside the project."""
    root = seeds.resolve().parent
    files = sorted(seeds.glob("*.txt"))
    for path in files:
        if path.is_symlink():
            target = path.resolve()
            if not target.exists():
                raise SourceError(path, f"a link to {os.readlink(path)}, which does not exist")
            if not target.is_relative_to(root):
                raise SourceError(path, f"a link to {target}, outside the project: copy the text into seeds/ instead")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(path, f"{size:,} bytes: sources are limited to {MAX_BYTES:,} bytes; "
                              "split a longer text into one file per part")
    return files


def load_document(source: Path, manifest: dict[str, dict], warn: Callable[..., None] = print,
                  store: Store | None = None) -> tuple[Document, list[Finding]]:
    """Read, repair and structure one source: its decisions file if it has one, else the automatic
    repair. With a store, a source whose text, decisions and manifest entry an earlier build read
    is taken from it, and what it said then is said again."""
    path = decisions_path(source)
    key = ""
    if store is not None and not as_committed(path):
        store = None  # decisions changed since the last commit: read them, so a cut is reported
    if store is not None:
        try:
            key = store.key(source.name, source.read_bytes(), file_part(path), repr(strip_lines(manifest.get(source.name))))
        except OSError:
            store = None  # unreadable: reading it below says so, naming the file
    if store is not None:
        kept = store.get(key)
        if kept is not None:
            doc, findings, said = kept
            for message in said:
                warn(message, file=sys.stderr)
            return doc, findings
    text = read_source(source)
    layout = detect_layout(text)
    blocks = read_blocks(text, layout)
    if path.exists():  # decisions may name any block, header lines included
        header, body = split_header(apply(blocks, load_decisions(path, source.name), path))
    else:
        header, body = split_header(auto_split(blocks))
        body = auto_join(body, pages=layout.name != "one-per-line")
    body = header.held + body
    meta = meta_for(source, header, body, manifest, layout.name)
    said = []
    if meta.inferred or source.name not in manifest:
        guesses = ", ".join(f"{k} {getattr(meta, k)!r}" for k in meta.inferred)
        said.append(f"warning: {source}: no manifest entry; guessed {guesses or 'nothing'}, layout {layout.name!r}")
    for message in said:
        warn(message, file=sys.stderr)
    doc, findings = build(meta, body, header), detect(blocks)
    if store is not None:
        store.put(key, (doc, findings, said))
    return doc, findings


def load_all(seeds: Path, warn: Callable[..., None] = print, store: Store | None = None) -> list[tuple[Document, list[Finding]]]:
    """Every source in `seeds/`, newest first (with a store, those read before from it: `load_document`)."""
    manifest = load_manifest(seeds / MANIFEST)
    sources = source_files(seeds)
    stray = sorted(set(manifest) - {p.name for p in sources})
    if stray:
        raise SourceError(seeds / MANIFEST, f"entry for {stray[0]!r}, which is not a file in {seeds.name}/",
                          line=manifest[stray[0]][LINE])
    loaded = [load_document(path, manifest, warn=warn, store=store) for path in sources]
    seen: dict[str, str] = {}
    for path in sources:  # the same text saved twice is published twice: say so
        digest = hashlib.sha256(re.sub(r"\s+", "", read_source(path)).encode("utf-8")).hexdigest()
        if digest in seen:
            warn(f"warning: {path}: the same text as {seen[digest]}; both are published", file=sys.stderr)
        seen.setdefault(digest, path.name)
    slugs: dict[str, str] = {}
    for doc, _ in loaded:
        other = slugs.setdefault(doc.meta.slug, doc.meta.source_file)
        if other != doc.meta.source_file:
            raise SourceError(seeds / doc.meta.source_file, f"slug {doc.meta.slug!r} is also the slug of {other}; "
                              f"give one of them its own `slug:` in {MANIFEST}")
    return sorted(loaded, key=lambda pair: (pair[0].meta.date, pair[0].meta.slug), reverse=True)
