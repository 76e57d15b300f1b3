"""The key-figures page (scripts/render/charts.py), in-process on the real seeds and on figures
written by hand: every bar and row leads back to its paragraph, amounts are in the reader's units,
the charts carry no script, and hostile text stays text."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from scripts import pipeline
from scripts.render.charts import figures_json, render_figures
from scripts.render.figures import Figure, extract
from scripts.render.generators import with_data
from tests.conftest import ROOT
from tests.test_hardening import injected

DOC_HREF = "../../documents/x/"
GDP = Figure(indicator="gdp", label_zh="地区生产总值", label_en="GDP", value=4294e8, unit="元", shown="4294亿元",
             qualifier="", change=2.8, change_unit="%", period="2025年", paragraph="p-12-1", source="地区生产总值4294亿元")


@pytest.fixture(scope="module")
def project() -> pipeline.Project:
    return pipeline.load(ROOT, warn=lambda *a, **kw: None)


@pytest.fixture(scope="module")
def eds(project):
    return with_data(project.glossary, project.memory, first_only=True)


def _links(page: str) -> list[str]:
    return re.findall(r'(?:xlink:href|href)="([^"]+#[^"]+)"', page)


def test_every_bar_and_row_links_to_a_paragraph_of_its_document(project, eds):
    drawn = 0
    for doc in project.docs:
        figures = extract(doc, project.glossary)
        ids = {p.id for p in doc.paragraphs()}
        for ed in eds:
            page = render_figures(doc, figures, ed, document_href=DOC_HREF, data_href="d.json")
            links = _links(page)
            assert {link.split("#")[1] for link in links} <= ids, (doc.meta.slug, ed.code)
            assert all(link.startswith(DOC_HREF) for link in links)
            assert "<script" not in page
            assert ("<svg" in page) == any(f.value is not None and f.unit == "元" or f.change_unit == "%" for f in figures)
            assert page == render_figures(doc, figures, ed, document_href=DOC_HREF, data_href="d.json"), "stable ids"
            drawn += len(links)
    assert drawn, "the seeds state figures: some bars and rows were drawn"


def test_amounts_are_in_the_readers_units(project, eds):
    doc = project.docs[0]
    source, english = eds[0], next(ed for ed in eds if ed.translated)
    chinese = render_figures(doc, [GDP], source, document_href=DOC_HREF, data_href="d.json")
    assert "4294亿元" in chinese and ">4294<" in chinese.replace(" ", "")  # the bar's value, in 亿元
    page = render_figures(doc, [GDP], english, document_href=DOC_HREF, data_href="d.json")
    assert "429.4 billion yuan" in page and ">429.4<" in page.replace(" ", "")
    assert "亿" not in re.sub(r"<title>.*?</title>", "", page.split("<table")[1])


def test_hostile_labels_stay_text_in_the_chart_and_the_table(project, eds):
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    figure = replace(GDP, label_zh=hostile, label_en=hostile, period="")
    for ed in eds:
        page = render_figures(project.docs[0], [figure], ed, document_href=DOC_HREF, data_href="d.json")
        assert not injected(page), ed.code
        assert "<script>alert" not in page and "<img src=x" not in page


def test_a_document_without_figures_says_so_and_draws_nothing(project, eds):
    for ed in eds:
        page = render_figures(project.docs[0], [], ed, document_href=DOC_HREF, data_href="d.json")
        assert ed.labels["figures_none"] in page and "<svg" not in page and "<table" not in page


def test_the_figures_data_is_json_with_the_english_values(project):
    records = json.loads(figures_json([GDP]))
    assert records[0]["value_en"] == "429.4 billion yuan" and records[0]["period_en"] == "2025"
    assert records[0]["paragraph"] == "p-12-1"
    for doc in project.docs:
        for record in json.loads(figures_json(extract(doc, project.glossary))):
            assert record["paragraph"] in {p.id for p in doc.paragraphs()}
