"""Stages 1–3 for one source file: read, repair, structure. I/O only at the edges."""

from __future__ import annotations

from pathlib import Path

from .manifest import load_manifest, meta_for
from .model import Document
from .readers import read_blocks, read_source
from .repairs import Finding, repair
from .structure import build

MANIFEST = "manifest.yaml"


def source_files(seeds: Path) -> list[Path]:
    return sorted(seeds.glob("*.txt"))


def load_document(source: Path, manifest: dict[str, dict], warn=print) -> tuple[Document, list[Finding]]:
    blocks = read_blocks(read_source(source))
    meta = meta_for(source, blocks, manifest, warn=warn)
    repaired, findings = repair(source, blocks)
    return build(meta, repaired), findings


def load_all(seeds: Path, warn=print) -> list[tuple[Document, list[Finding]]]:
    """Every source in `seeds/`, newest first."""
    manifest = load_manifest(seeds / MANIFEST)
    loaded = [load_document(path, manifest, warn=warn) for path in source_files(seeds)]
    return sorted(loaded, key=lambda pair: (pair[0].meta.date, pair[0].meta.slug), reverse=True)
