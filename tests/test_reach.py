"""Key figures, feeds and link previews: extracted from the real seeds, checked in the built site."""

import json
import re
from xml.etree import ElementTree as ET

import pytest

from scripts.glossary import load_glossary
from scripts.ingest.sources import load_all
from scripts.render.figures import extract, format_en, period_en
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def figures():
    glossary = load_glossary(ROOT / "glossary")
    return {doc.meta.slug: extract(doc, glossary) for doc, _ in load_all(ROOT / "seeds")}


def test_gdp_is_extracted_with_value_change_period_and_paragraph(figures):
    gdp = next(f for f in figures["2026-jiangmen-government-work-report"] if f.indicator == "gross-domestic-product" and f.value)
    assert (gdp.value, gdp.unit, gdp.change, gdp.change_unit) == (4294e8, "元", 2.8, "%")
    assert (gdp.period, gdp.paragraph, gdp.source) == ("2025年", "p-17-1", "地区生产总值4294亿元、增长2.8%")
    assert format_en(gdp.value, gdp.unit) == "429.4 billion yuan"


def test_average_annual_rates_and_budget_years_get_their_period(figures):
    report = figures["2026-jiangmen-government-work-report"]
    assert any(f.period == "“十四五”时期年均" and f.change == 6.7 for f in report)
    assert period_en("“十四五”时期年均") == "14th Five-Year Plan period, average annual"
    paper = figures["2024-02-jiangmen-daily-page"]
    assert [(f.period, f.value) for f in paper if f.indicator == "total-general-public-budget-expenditure"] == [("2024年", 132.97e8)]


@pytest.mark.parametrize("value, unit, english", [(5.3e4, "人", "53,000 people"), (7.58e8, "元", "758 million yuan"),
                                                 (32.485e9, "元", "32.485 billion yuan"), (80.78, "岁", "80.78 years")])
def test_units_are_localised_for_english_readers(value, unit, english):
    assert format_en(value, unit) == english


def test_figures_data_file_and_pages_link_back_to_paragraphs(built_site):
    site = built_site / "site"
    data = json.loads((site / "data" / "2026-jiangmen-government-work-report-figures.json").read_text(encoding="utf-8"))
    assert {"indicator": "gross-domestic-product", "value_en": "429.4 billion yuan", "paragraph": "p-17-1"}.items() <= data[0].items()
    for prefix in ("", "en/", "zh-Hant/"):
        html = (site / prefix / "figures" / "2026-jiangmen-government-work-report" / "index.html").read_text(encoding="utf-8")
        assert html.count("<svg xmlns:xlink") == 2 and 'class="figures sortable"' in html
        links = set(re.findall(r'href="\.\./\.\./documents/2026-jiangmen-government-work-report/#(p-[\d-]+)"', html))
        page = (site / prefix / "documents" / "2026-jiangmen-government-work-report" / "index.html").read_text(encoding="utf-8")
        assert links and all(f'id="{pid}"' in page for pid in links)
    assert "429.4 billion yuan" in (site / "en/figures/2026-jiangmen-government-work-report/index.html").read_text(encoding="utf-8")


def test_an_atom_feed_per_edition_lists_documents_newest_first(built_site):
    for prefix, lang, first in (("", "zh-Hans", "政府工作报告"), ("en/", "en", "Report on the Work of the Government"),
                                ("zh-Hant/", "zh-Hant", "政府工作報告")):
        feed = ET.parse(built_site / "site" / prefix / "feed.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries][0] == first
        assert len(entries) == len(list((built_site / "seeds").glob("*.txt")))
        updated = [e.findtext(f"{ATOM}updated") for e in entries]
        assert updated[0] == "2026-02-05T00:00:00Z" and updated == sorted(updated, reverse=True)


def test_pages_carry_open_graph_metadata_and_the_feed_link(built_site):
    html = (built_site / "site" / "en/documents/2026-jiangmen-government-work-report/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Report on the Work of the Government">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'en/feed.xml"' in html
    assert "fonts.googleapis.com" not in html


def test_a_bound_stays_a_bound(figures):
    """超9000亿元 is more than 900 billion yuan, not 900 billion: the qualifier is kept."""
    fixed = next(f for f in figures["2026-jiangmen-government-work-report"] if f.shown == "超9000亿元")
    assert (fixed.qualifier, fixed.value) == ("超", 9000e8)
    assert format_en(fixed.value, fixed.unit, fixed.qualifier) == "over 900 billion yuan"
