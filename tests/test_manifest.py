"""The manifest: metadata for each source, with errors that name the line."""

import re

import pytest

from scripts import pipeline
from scripts.ingest.header import split_header
from scripts.ingest.manifest import infer, load_manifest
from scripts.ingest.readers import read_blocks
from scripts.model import SourceError
from tests.conftest import ROOT


def test_the_committed_manifest_describes_both_seeds():
    manifest = load_manifest(ROOT / "seeds" / "manifest.yaml")
    assert manifest["000_fad302a97476cc90.txt"]["date"] == "2026-02-05"
    assert manifest["003_a06d475ae2cbff34.txt"]["kind"] == "newspaper-page"


@pytest.mark.parametrize("body, message", [
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  issuer: 乙\n  isuer: 丙\n", r"manifest\.yaml:2: a\.txt: unknown field\(s\) isuer"),
    ("a.txt:\n  title: 甲\n", r"manifest\.yaml:2: a\.txt: missing field\(s\) date"),
    ("a.txt:\n  title: 甲\n  date: 2026年1月\n", r"manifest\.yaml:2: a\.txt: date '2026年1月' is not YYYY"),
    ("a.txt: [\n", r"manifest\.yaml:2: invalid YAML"),
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  excerpt:\n", r"manifest\.yaml:2: a\.txt: field\(s\) excerpt must be text"),
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  title: 乙\n", r"manifest\.yaml:4: invalid YAML: duplicate key 'title'"),
    ("a.txt:\n  title: 甲\n  date: 2026-13-45\n", r"manifest\.yaml:2: a\.txt: date '2026-13-45' is not"),
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  slug: ../../outside\n", r"manifest\.yaml:2: a\.txt: slug '\.\./\.\./outside' must be"),
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  language: 'zh\" onmouseover=\"x'\n", r"manifest\.yaml:2: a\.txt: language .* must be a language tag"),
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  summary: \"不闭合的引号\n  issuer: 乙\n", r"manifest\.yaml:4: invalid YAML.*never closed"),
])
def test_manifest_errors_name_the_file_and_line(tmp_path, body, message):
    path = tmp_path / "manifest.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_manifest(path)


def test_title_date_venue_and_kind_are_inferred_from_the_header():
    header, body = split_header(read_blocks("关于2025年预算执行情况的报告\n\n——2026年1月8日在某市人民代表大会上\n\n各位代表：\n"))
    assert infer(header, body) == {"title": "关于2025年预算执行情况的报告", "date": "2026-01-08", "venue": "某市人民代表大会",
                                   "kind": "budget-report"}


def test_a_year_tagged_heading_in_traditional_does_not_swallow_the_title_below_it():
    # The shape of an aggregator's copy of Gaozhou's 2023 communiqué (weimomishe.com): the page's
    # own heading with its year tag, then the title set over two lines, all in Traditional.
    text = ("2023年高州市國民經濟和社會發展統計公報 2023\n\n2023年高州市國民經濟和社會發展\n\n統計公報\n\n"
            "2023年，全市經濟運行回升向好。\n\n一、綜合\n\n全年地區生產總值764.15億元。\n")
    header, body = split_header(read_blocks(text))
    assert header.title == "2023年高州市國民經濟和社會發展統計公報"
    assert [line.role for line in header.lines][-2:] == ["title", "title"]
    assert body[0].text.startswith("2023年，全市經濟")


def test_a_site_greeting_and_an_attachment_link_are_page_chrome_not_issuer_or_title():
    # The shape of 泸州市中医医院's page of its 2023 final accounts (lzszyyy.com).
    text = ("欢迎来到泸州市中医医院\n\n2023年度泸州市中医医院单位决算\n来源:泸州市中医医院    发布时间:2024-09-24 16:08:34\n\n"
            "/泸州市中医医院2023年度决算报表.xls\n\n目录\n\n第一部分 单位概况\n")
    header, body = split_header(read_blocks(text))
    assert header.title == "2023年度泸州市中医医院单位决算"
    assert [line.role for line in header.lines if "欢迎" in line.text or ".xls" in line.text] == ["furniture", "furniture"]
    assert infer(header, body).get("issuer") is None


def test_an_exclaiming_first_line_is_a_headline_only_over_a_post_time():
    post = "@全市人民,市委书记、市长给您拜年啦!\n时事\n2025-01-28 09:15\n广东\n致全市人民的拜年信\n亲爱的市民朋友们:\n"
    header, body = split_header(read_blocks(post))
    assert header.title == "致全市人民的拜年信" and body[0].text == "亲爱的市民朋友们:"
    prose = "这是全市人民共同奋斗取得的成就!\n全年经济平稳运行,主要指标好于预期。\n"
    header, body = split_header(read_blocks(prose))
    assert header.title == "" and body[0].text.startswith("这是全市人民")


def test_a_document_number_is_a_line_of_the_document_not_of_the_page():
    header, _ = split_header(read_blocks("江门市人民政府关于印发某方案的通知\n\n江府〔2020〕8号\n\n各市(区)人民政府:\n"))
    assert [(line.role, line.text) for line in header.lines][-1] == ("number", "江府〔2020〕8号")


def test_an_aggregators_numbering_and_a_title_before_the_venue_are_read():
    text = "第一篇:江门市2011年政府工作报告\n\n政府工作报告——2011年1月13日在江门市第十三届人民代表大会第六次会议上\n\n2011年工作安排\n\n生产总值增长15%;\n"
    header, body = split_header(read_blocks(text))
    assert infer(header, body) | {"kind": ""} == {"title": "江门市2011年政府工作报告", "date": "2011-01-13",
                                                  "venue": "江门市第十三届人民代表大会第六次会议", "kind": ""}
    assert [b.text for b in body] == ["2011年工作安排", "生产总值增长15%;"]


def test_an_entry_for_a_file_that_is_not_there_is_an_error(tmp_path):
    from tests.conftest import copy_project, run_cli
    root = copy_project(tmp_path)
    manifest = root / "seeds" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("003_a06d475ae2cbff34.txt:", "003_a06d475ae2cbff43.txt:"),
                        encoding="utf-8")
    result = run_cli(root, "pages", check=False)
    assert result.returncode == 1
    assert re.search(r"manifest\.yaml:\d+: entry for '003_a06d475ae2cbff43\.txt', which is not a file in seeds/", result.stderr)


def test_two_sources_with_the_same_slug_are_an_error(tmp_path):
    from tests.conftest import copy_project, run_cli
    root = copy_project(tmp_path)
    for name in ("江门市2027年政府工作报告.txt", "江门市2027年财政预算报告.txt"):
        (root / "seeds" / name).write_text("报告\n\n一、总体情况\n\n全年经济平稳运行。\n", encoding="utf-8")
    pipeline.pages(root)  # pinyin slugs differ: no error
    (root / "seeds" / "jiang-men-shi-2027-nian-zheng-fu-gong-zuo-bao-gao.txt").write_text("另一份。\n", encoding="utf-8")
    result = run_cli(root, "pages", check=False)
    assert result.returncode == 1 and "is also the slug of" in result.stderr
