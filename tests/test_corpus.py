"""Real documents the pipeline has never been tuned on, against outlines written by hand.

Each text in tests/corpus/ is a public Chinese document kept as published (see sources.yaml);
each `<id>.outline.yaml` says what a careful editor expects of it: layout, title, header
fields, every heading with its level, and how many body paragraphs. The outlines were written
by reading the texts, never by running this code.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from scripts.chinese import TERMINAL
from scripts.ingest.readers import detect_layout, read_source
from scripts.ingest.sources import load_document
from scripts.model import Document
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
SOURCES = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
TEXTS = sorted(CORPUS.glob("*.txt"))
FIELDS = ("layout", "title", "kind", "date", "venue", "author", "issuer", "publication")


def load(path: Path) -> Document:
    doc, _ = load_document(path, {}, warn=lambda *a, **k: None)
    return doc


def outline(doc: Document) -> dict:
    """What the outline files record, read off the document model."""
    m = doc.meta
    found = {"layout": m.layout, **{k: getattr(m, k) for k in FIELDS[1:] if getattr(m, k)}}
    if m.untitled:
        del found["title"]  # the text has no title: the page is titled by its file name
    found["headings"] = [f"{s.level} {s.title}" for s in doc.all_sections()]
    found["paragraphs"] = len(list(doc.paragraphs()))
    return found


def expected(path: Path) -> dict:
    data = yaml.safe_load(path.with_suffix(".outline.yaml").read_text(encoding="utf-8"))
    return {k: (str(v) if k in FIELDS else v) for k, v in data.items()}


def test_the_corpus_is_varied_and_every_text_has_a_source_and_an_outline():
    assert {e["file"] for e in SOURCES} == {p.name for p in TEXTS}
    assert all(p.with_suffix(".outline.yaml").exists() for p in TEXTS)
    assert len(TEXTS) >= 20
    assert len({e["issuer"] for e in SOURCES}) >= 8
    assert len({e["kind"] for e in SOURCES}) >= 6
    assert all(e.get("origin") and e.get("retrieved") for e in SOURCES)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_outline(path):
    want = expected(path)
    got = outline(load(path))
    got = {k: v for k, v in got.items() if k in want or k in FIELDS}
    if got != want:
        lines = lambda d: [f"{k}: {v}" for k, v in d.items() if k != "headings"] + [f"  - {h}" for h in d.get("headings", [])]  # noqa: E731
        diff = "\n".join(difflib.unified_diff(lines(want), lines(got), "expected (by hand)", "pipeline", lineterm=""))
        pytest.fail(f"{path.name}: outline differs\n{diff}")


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_layout_is_decided_from_the_text(path):
    assert detect_layout(read_source(path)).name == expected(path)["layout"]


def test_body_paragraphs_end_sentences_and_no_heading_is_glued_to_a_paragraph():
    """Across the corpus, body paragraphs end with sentence-final punctuation (signatures,
    contents, table rows, captions and the last paragraph of an excerpt the store cut off
    aside), and no heading line of a source starts a paragraph."""
    complete = {e["file"]: e["complete"] for e in SOURCES}
    ends, total, glued = 0, 0, []
    for path in TEXTS:
        doc = load(path)
        headings = [h.split(" ", 1)[1] for h in expected(path)["headings"]]
        paragraphs = [p for p in doc.paragraphs() if p.role == "body"]
        for p in paragraphs if complete[path.name] else paragraphs[:-1]:
            total += 1
            ends += p.text.rstrip().endswith(tuple(TERMINAL))
            glued += [(path.name, h) for h in headings if p.full_text.startswith(h) and len(p.full_text) > len(h)]
    assert not glued
    assert ends / total >= 0.95, f"{ends} of {total} paragraphs end a sentence"


def test_kinds_in_the_corpus():
    """Inferred kinds match the editors' sources file for every text."""
    kinds = Counter((e["kind"], load(CORPUS / e["file"]).meta.kind) for e in SOURCES)
    assert all(want == got for want, got in kinds), kinds


def _notes(doc: Document) -> list:
    found = list(doc.notes)
    for section in doc.all_sections():
        found += section.notes
        found += [n for p in section.paragraphs for n in p.notes]
    return found + [n for p in doc.front for n in p.notes]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_every_line_of_the_source_reaches_the_reader(path):
    """Nothing of a text is lost on its way to the page: each line of the source is in its title,
    a header line, a heading, a paragraph, or quoted by an editorial note (page furniture moved
    out of the text included), spaces and bold markers aside. (A line the pipeline set apart, a title
    glued to its text, is split at a space: each piece between spaces must reach the reader.)"""
    doc = load(path)
    squeeze = lambda text: re.sub(r"[\s*]", "", text)  # noqa: E731
    shown = [doc.meta.title, *(line.text for line in doc.header), *(s.title for s in doc.all_sections()),
             *(p.full_text for p in doc.paragraphs()), *(n.source_text for n in _notes(doc))]
    page = "\n".join(squeeze(text) for text in shown)
    lost = [line for line in path.read_text(encoding="utf-8").splitlines()
            if any(squeeze(piece) not in page for piece in line.split() if squeeze(piece))]
    assert not lost, f"{path.name}: lines that reach no reader: {lost[:3]}"
