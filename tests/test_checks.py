"""Translation QA: each check must catch the mistake it exists for, and pass good English."""

import re

import polib
import pytest

from scripts.glossary import load_glossary
from scripts.translate.checks import check_entry, check_numbers
from tests.conftest import ROOT, copy_project, run_cli


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def entry(zh, en, context="p-1-1", previous=None):
    e = polib.POEntry(msgctxt=context, msgid=zh, msgstr=en)
    if previous:
        e.previous_msgid = previous
    return e


def checks(e, glossary=None):
    return [c for c, _ in check_entry(e, glossary)]


@pytest.mark.parametrize("zh, en", [
    ("全年地区生产总值4294亿元、增长2.8%。", "GDP reached 429.4 billion yuan, up 2.8 percent."),
    ("城镇新增就业5.3万人。", "53,000 urban jobs were added."),
    ("农林牧渔业总产值691亿元、增长5.8%、全省第6。", "Output reached 69.1 billion yuan, up 5.8%, sixth in the province."),
    ("完成林分优化5.19万亩。", "Forest stands were improved on 51,900 mu."),
    ("2026年2月5日", "February 5, 2026"),
    ("生活垃圾焚烧处理能力增长9倍", "incineration capacity increased tenfold (by 900 percent)"),
    ("清洁能源占比超6成", "clean energy accounted for over 60 percent"),
    ("一个拥有9800多万名党员的党", "a party of more than 98 million members"),
    ("地方一般公共预算收入324.85亿元", "local general public budget revenue of 32.485 billion yuan"),
])
def test_numbers_carried_correctly_pass(zh, en):
    assert check_numbers(zh, en) == []


@pytest.mark.parametrize("zh, en, missing", [
    ("全年地区生产总值4294亿元。", "GDP reached 4,294 billion yuan.", ["4294亿"]),
    ("全年地区生产总值4294亿元。", "GDP reached 42.94 billion yuan.", ["4294亿"]),
    ("城镇新增就业5.3万人。", "5.3 urban jobs were added.", ["5.3万"]),
    ("增长2.8%，全省第6", "up 2.8 percent, seventh in the province", ["6"]),
])
def test_numbers_carried_wrongly_are_caught(zh, en, missing):
    assert check_numbers(zh, en) == missing


def test_missing_glossary_rendering_is_caught(glossary):
    zh = "全面落实“百千万工程”。"
    assert "glossary" in checks(entry(zh, "Fully implement the Hundred Counties project."), glossary)
    assert "glossary" not in checks(entry(zh, "Fully implement the Hundred-Thousand-Ten Thousand Project."), glossary)


def test_chinese_left_in_the_english_is_caught_but_quoted_source_in_notes_is_allowed():
    assert "untranslated-chinese" in checks(entry("推进营商环境建设。", "Improve the 营商环境."))
    note = entry("原文“在”字重复排印。", 'The source prints "在" twice.', context="p-51-1:note:abc")
    assert "untranslated-chinese" not in checks(note)


def test_length_outliers_and_stale_entries_are_caught():
    long_zh = "坚持政府过紧日子、群众过好日子，全市民生支出354.58亿元，占一般公共预算支出的76.7%。"
    assert "length" in checks(entry(long_zh, "354.58 76.7"))
    assert "stale" in checks(entry("新文本。", "New text.", previous="旧文本。"))


def test_check_command_reports_per_document_and_strict_fails(tmp_path):
    root = copy_project(tmp_path)
    result = run_cli(root, "check")
    path = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    counts = re.search(r"2026-jiangmen-government-work-report: (\d+) reviewed, (\d+) team draft, (\d+) machine draft, "
                       r"(\d+) missing", result.stdout)
    assert counts and sum(map(int, counts.groups())) == len([e for e in polib.pofile(str(path)) if not e.obsolete])
    assert "total:" in result.stdout
    po = polib.pofile(str(path))
    target = next(e for e in po if e.msgctxt == "p-17-1")
    target.msgstr = target.msgstr.replace("429.4 billion", "4,294 billion")
    po.save(str(path))
    result = run_cli(root, "check", "--strict", check=False)
    assert result.returncode == 1
    assert "[numbers] p-17-1: not in the English: 4294亿" in result.stderr


def test_a_quoted_rendering_counts_inside_a_quotation(glossary):
    zh = "用好“政银保”“质量贷”等特色金融产品"
    term = next(t for t in glossary.terms if t.zh == "质量贷")
    assert term.en.startswith('"')
    en = "make good use of distinctive financial products such as 'quality loans'"
    assert ("glossary", f"质量贷: expected {term.en!r}") not in check_entry(entry(zh, en), glossary)
