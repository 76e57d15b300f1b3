"""The key-figures page (scripts/render/charts.py), in-process on the real seeds and corpus and on
figures written by hand: every bar and row leads back to its paragraph, amounts are in the reader's
units, the charts carry no script and are drawn where a reader sees them, and hostile text stays text."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts import pipeline
from scripts.render.charts import TOTAL, figures_json, render_figures
from scripts.render.figures import Figure, extract
from scripts.render.generators import with_data
from tests.test_hardening import injected

DOC_HREF = "../../documents/x/"
GDP = Figure(indicator="gdp", label_zh="地区生产总值", label_en="GDP", value=4294e8, unit="元", shown="4294亿元",
             qualifier="", change=2.8, change_unit="%", period="2025年", paragraph="p-12-1", source="地区生产总值4294亿元")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def eds(project):
    return with_data(project.glossary, project.memory, first_only=True)


@pytest.fixture(scope="module")
def pages(project, eds) -> list[tuple[str, str, list[Figure], str]]:
    """(slug, edition code, figures, page) for every real document in every edition."""
    out = []
    for doc in project.docs:
        figures = extract(doc, project.glossary)
        for ed in eds:
            out.append((doc.meta.slug, ed.code, figures, render_figures(doc, figures, ed, document_href=DOC_HREF, data_href="d.json")))
    return out


def _page(project, ed, figures: list[Figure]) -> str:
    return render_figures(project.docs[0], figures, ed, document_href=DOC_HREF, data_href="d.json")


def _links(page: str) -> list[str]:
    return re.findall(r'(?:xlink:href|href)="([^"]+#[^"]+)"', page)


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def _bars(svg: str) -> list[tuple[str, float, float, float, str]]:
    """Each bar of a chart: (link, x, y, width, label), in the chart's own coordinates."""
    return [(href, float(x), float(y), float(w or 0), label) for href, label, x, y, w in re.findall(
        r'<g class="bar"><a target="_self" xlink:href="([^"]+)">.*?<desc class="label">([^<]*)</desc>'
        r'<rect x="([-\d.e]+)" y="([-\d.e]+)" rx="0" ry="0"(?: width="([-\d.e]+)")?', svg)]  # no width: a bar of 0


def _rows(page: str) -> list[list[str]]:
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr><td>.*?</tr>", page)]


def _drawn(f: Figure) -> int:
    """How many bars a figure gets: one in the amounts chart (a total in yuan, not a per-person sum),
    one in the growth chart (%)."""
    return int(f.unit == "元" and f.value is not None and f.value >= TOTAL) + int(f.change is not None and f.change_unit == "%")


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, name, value) for name, value in attrs]


def test_every_bar_and_row_links_to_a_paragraph_of_its_document(project, pages):
    ids = {doc.meta.slug: {p.id for p in doc.paragraphs()} for doc in project.docs}
    drawn = 0
    for slug, code, figures, page in pages:
        links = _links(page)
        assert {link.split("#")[1] for link in links} <= ids[slug], (slug, code)
        assert all(link.startswith(DOC_HREF) for link in links)
        assert "<script" not in page
        assert ("<svg" in page) == any(_drawn(f) for f in figures)
        drawn += len(links)
    assert drawn, "the seeds state figures: some bars and rows were drawn"


def test_each_figure_has_one_row_and_one_bar_per_amount_and_rate(pages):
    """Nothing is dropped or doubled: a row per figure, in the document's order, linking to its own
    paragraph; a bar per amount in yuan and per rate in %."""
    for slug, code, figures, page in pages:
        if not figures:
            continue
        rows = _rows(page)
        assert len(rows) == len(figures), (slug, code)
        assert [re.search(r'href="[^"#]*#([^"]+)"', row[-1]).group(1) for row in rows] == [f.paragraph for f in figures]
        bars = [bar for svg in _svgs(page) for bar in _bars(svg)]
        assert len(bars) == sum(_drawn(f) for f in figures), (slug, code)
        assert sorted(href.split("#")[1] for href, *_ in bars) == sorted(
            f.paragraph for f in figures for _ in range(_drawn(f)))


def test_the_charts_read_top_down_in_the_order_of_the_table(pages):
    """The first figure the document states is the top bar, as it is the first row of the table."""
    for slug, code, figures, page in pages:
        for svg in _svgs(page):
            by_height = [href.split("#")[1] for href, *_ in sorted(_bars(svg), key=lambda bar: bar[2])]
            order = [f.paragraph for f in figures]
            assert [order.index(p) for p in by_height] == sorted(order.index(p) for p in by_height), (slug, code)


@pytest.mark.parametrize("code", [
    "zh",
    "en",
    "zh-Hant",
])
def test_every_bar_is_drawn_inside_its_chart(pages, code):
    """A chart whose bars fall outside its canvas shows the reader labels and nothing else."""
    off = []
    for slug, page_code, _, page in pages:
        if page_code != code:
            continue
        for svg in _svgs(page):
            width = float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))
            left = float(re.search(r'<g transform="translate\(([-\d.]+), [-\d.]+\)" class="plot">', svg).group(1))
            for _, x, _, w, label in _bars(svg):
                if not (left + x >= 0 and left + x + w <= width):
                    off.append((slug, label, left + x, left + x + w))
    assert not off, off[:5]


def test_renders_are_byte_identical_in_a_fresh_process(project, eds, pages, tmp_path):
    """Stable ids: the page a cached build kept is the one a clean build makes (another process,
    another hash seed)."""
    inputs = [(doc, extract(doc, project.glossary)) for doc in project.docs]
    (tmp_path / "inputs.pickle").write_bytes(pickle.dumps((inputs, [replace(ed, glossary=None) for ed in eds])))
    code = f"""
import hashlib, pickle, sys
from scripts.render.charts import render_figures
inputs, eds = pickle.loads(open(sys.argv[1], "rb").read())
pages = [render_figures(doc, figures, ed, document_href={DOC_HREF!r}, data_href="d.json") for doc, figures in inputs for ed in eds]
sys.stdout.write(hashlib.sha256("".join(pages).encode()).hexdigest())
"""
    code_root = Path(pipeline.__file__).parents[1]  # the scripts/ under test
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "inputs.pickle")], cwd=code_root, capture_output=True,
                            text=True, env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(code_root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == hashlib.sha256("".join(page for *_, page in pages).encode()).hexdigest()


def test_rendering_twice_gives_the_same_page(project, eds):
    """No random chart ids or dates: the same figures give the same bytes (the page cache relies on it)."""
    for doc in project.docs[:3]:
        figures = extract(doc, project.glossary)
        for ed in eds:
            first = render_figures(doc, figures, ed, document_href=DOC_HREF, data_href="d.json")
            assert first == render_figures(doc, figures, ed, document_href=DOC_HREF, data_href="d.json"), (doc.meta.slug, ed.code)


def test_amounts_are_in_the_readers_units(project, eds):
    source, english, traditional = eds
    chinese = _page(project, source, [GDP])
    assert "4294亿元" in chinese and re.search(">4,?294<", chinese)  # the bar's value, in 亿元
    page = _page(project, english, [GDP])
    assert "429.4 billion yuan" in page and ">429.4<" in page
    assert "亿" not in re.sub(r"<title>.*?</title>", "", page.split("<table")[1])
    hant = _page(project, traditional, [GDP])
    assert _rows(hant)[0][:3] == ["地區生產總值", "2025年", "4294億元"] and re.search(">4,?294<", hant)
    assert "地区生产总值" not in hant.split("</figure>")[0].split("<svg")[1]  # the bar's label, Traditional too


def test_a_bound_or_approximate_amount_keeps_its_word(project, eds):
    over = replace(GDP, value=9000e8, shown="超9000亿元", qualifier="超", change=None, change_unit="")
    source, english, _ = eds
    assert _rows(_page(project, source, [over]))[0][2] == "超9000亿元"
    page = _page(project, english, [over])
    assert _rows(page)[0][2] == "over 900 billion yuan" and ">900<" in page


def test_a_text_in_traditional_characters_gives_the_same_figures_shown_as_written(project):
    """地區生產總值1011.25億元 is read as 地区生产总值1011.25亿元; the table shows it as the text writes it."""
    simplified = "2023年全区地区生产总值超1011.25亿元，下降7.2%。"
    traditional = "2023年全區地區生產總值超1011.25億元，下降7.2%。"
    doc = project.docs[0]
    made = []
    for text in (simplified, traditional):
        paragraph = replace(doc.front[0] if doc.front else next(doc.paragraphs()), id="p-1-1", text=text, runin="")
        made.append(extract(replace(doc, front=[paragraph], sections=[]), project.glossary))
    assert len(made[0]) == len(made[1]) == 1
    assert replace(made[1][0], label_zh="", shown="", source="") == replace(made[0][0], label_zh="", shown="", source="")
    assert (made[1][0].label_zh, made[1][0].shown, made[1][0].value) == ("地區生產總值", "超1011.25億元", 1011.25e8)
    assert made[1][0].change == -7.2


def test_only_amounts_in_yuan_and_rates_in_percent_are_drawn(project, eds):
    """People are not drawn against yuan, nor percentage points against percent; every figure is
    still in the table, a missing value or change shown as a dash."""
    people = replace(GDP, indicator="pop", label_zh="常住人口", label_en="resident population", value=53000.0, unit="人",
                     shown="53000人", change=None, change_unit="", paragraph="p-3-1")
    points = replace(GDP, indicator="rate", label_zh="城镇化率", label_en="urbanisation rate", value=None, unit="", shown="",
                     change=0.5, change_unit="个百分点", paragraph="p-4-1")
    fall = replace(GDP, indicator="grain", label_zh="粮食产量", label_en="grain output", value=None, unit="", shown="",
                   change=-1.5, change_unit="%", paragraph="p-5-1")
    for ed in eds:
        page = _page(project, ed, [people, points, fall])
        assert ed.labels["figures_amounts"] not in page and ed.labels["figures_growth"] in page
        (svg,) = _svgs(page)
        assert [href for href, *_ in _bars(svg)] == [f"{DOC_HREF}#p-5-1"]
        rows = _rows(page)
        assert [row[2] for row in rows[1:]] == ["—", "—"] and rows[0][3] == "—"
        assert rows[2][3] == "-1.5%" and 'data-sort="-1.5"' in page
        assert rows[1][3] == ("+0.5 percentage points" if ed.translated else "+0.5个百分点")
    assert _rows(_page(project, eds[1], [people]))[0][2] == "53,000 people"


def test_a_large_amount_is_drawn_as_a_number_a_reader_writes(project, eds):
    national = replace(GDP, label_zh="国内生产总值", value=134.9e12, shown="134.9万亿元", change=None, change_unit="")
    values = re.findall(r'class="value">([^<]*)<', _page(project, eds[0], [national]))
    assert values and all(re.fullmatch(r"[\d,.]+", v) for v in values), values


def test_the_english_table_has_no_chinese_in_its_periods(project, eds):
    earlier = replace(GDP, period="“十二五”时期年均")
    assert not CJK.search(_rows(_page(project, eds[1], [earlier]))[0][1])


def test_the_english_table_and_charts_of_real_documents_are_in_english(pages):
    for slug, code, _, page in pages:
        if code != "en":
            continue
        for row in _rows(page):
            assert not CJK.search(" ".join(row[:4])), (slug, row)
        for svg in _svgs(page):
            assert not any(CJK.search(label) for *_, label in _bars(svg)), slug


def test_a_bar_without_a_period_has_no_empty_brackets(pages):
    labels = [(slug, code, label) for slug, code, _, page in pages for svg in _svgs(page) for *_, label in _bars(svg)]
    assert labels and not [found for found in labels if found[2].endswith(("()", "（）"))]


def test_no_stated_amount_is_drawn_as_zero(pages):
    zeros = [(slug, code, label) for slug, code, _, page in pages for svg in _svgs(page)
             for label in re.findall(r'<desc class="label">([^<]*)</desc>(?:(?!</a>).)*<desc class="value">0</desc>', svg)]
    assert not zeros, zeros


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def test_hostile_labels_stay_text_in_the_chart_and_the_table(project, eds):
    figure = replace(GDP, label_zh=HOSTILE, label_en=HOSTILE, period="")
    for ed in eds:
        page = _page(project, ed, [figure])
        assert not injected(page), ed.code
        assert "<script>alert" not in page and "<img src=x" not in page


def test_hostile_labels_are_shown_escaped_where_they_appear(project, eds):
    """The reader sees the label as written, as text: in the table cell, in each bar's label, and
    never in an attribute (the charts' aria-label is the edition's own caption)."""
    figure = replace(GDP, label_zh=HOSTILE, label_en=HOSTILE)
    for ed in eds:
        page = _page(project, ed, [figure])
        assert _rows(page)[0][0] == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        for svg in _svgs(page):
            assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in svg
            (label,) = [label for *_, label in _bars(svg)]
            assert label.startswith('"&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'), label
        parser = _Attrs()
        parser.feed(page)
        labels = [value for _, name, value in parser.attrs if name == "aria-label"]
        assert labels == [ed.labels["figures_amounts"], ed.labels["figures_growth"]], ed.code
        assert not any("alert" in (value or "") for _, _, value in parser.attrs), ed.code


def test_a_document_without_figures_says_so_and_draws_nothing(project, eds):
    for ed in eds:
        page = _page(project, ed, [])
        assert ed.labels["figures_none"] in page and "<svg" not in page and "<table" not in page
        assert "[" + ed.labels["figures_download"] + "](d.json)" in page  # the (empty) data is still offered


def test_the_figures_data_is_json_with_the_english_values(project):
    records = json.loads(figures_json([GDP]))
    assert records[0]["value_en"] == "429.4 billion yuan" and records[0]["period_en"] == "2025"
    assert records[0]["paragraph"] == "p-12-1"
    for doc in project.docs:
        figures = extract(doc, project.glossary)
        records = json.loads(figures_json(figures))
        assert len(records) == len(figures)
        for record, figure in zip(records, figures):
            assert record["paragraph"] in {p.id for p in doc.paragraphs()}
            assert record["value"] == figure.value and (record["value_en"] is None) == (figure.value is None)
            assert record["value_en"] is None or not CJK.search(record["value_en"]), record
            assert not CJK.search(record["period_en"]), record
    assert json.loads(figures_json([])) == []
