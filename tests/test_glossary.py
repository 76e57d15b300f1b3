"""The term base: schema, validation, longest match and word boundaries, annotation in the site."""

import json
import re

import pytest

from scripts import pipeline
from scripts.glossary import Glossary, Term, check, load_glossary
from scripts.ingest.sources import load_all
from scripts.model import SourceError
from tests.conftest import ROOT
from tests.htmltext import visible_text

REPORT = "documents/2026-jiangmen-government-work-report/index.html"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def term(id, zh, *aliases):
    return Term(id=id, zh=zh, en=id, category="place", explain_zh="释义文字", explain_en="an explanation",
                source={"status": "working"}, aliases=aliases)


def found(g, text):
    return [(text[m.start:m.end], m.term.id) for m in g.find(text)]


def test_longest_form_wins_over_a_shorter_one():
    g = Glossary([term("bqw", "百县千镇万村高质量发展工程", "百千万工程"), term("county", "百县")])
    assert found(g, "加力实施“百县千镇万村高质量发展工程”，顺利实现三年初见成效。") == [
        ("百县千镇万村高质量发展工程", "bqw")]
    assert found(g, "这五年，我们全力实施“百千万工程”，城乡区域发展开创新局面。") == [("百千万工程", "bqw")]


def test_no_match_inside_a_longer_word():
    g = Glossary([term("xinhui", "新会")])
    assert found(g, "新会陈皮连续3年居榜首") == [("新会", "xinhui")]
    assert found(g, "俱乐部吸收了一批新会员") == []


def test_a_text_in_traditional_characters_finds_the_same_terms_in_its_own_characters():
    g = Glossary([term("bqw", "百县千镇万村高质量发展工程", "百千万工程"), term("xinhui", "新会")])
    assert found(g, "新會積極推動“百千萬工程”落地成效。") == [("新會", "xinhui"), ("百千萬工程", "bqw")]
    assert found(g, "俱樂部吸收了一批新會員") == []


def test_real_sentences_from_the_seeds(glossary):
    text = "国家大科学装置江门中微子实验建成运行，江门双碳实验室创建粤港澳联合实验室"
    matches = found(glossary, text)
    assert ("江门中微子实验", "juno") in matches  # the longest form, not 江门 inside it
    assert all(form != "江门" for form, _ in matches[:2])


def test_the_committed_term_base_is_valid_and_large_enough(glossary):
    corpus = [p.full_text for doc, _ in load_all(ROOT / "seeds") for p in doc.paragraphs()]
    errors, warnings = check(glossary, corpus)
    assert errors == []
    assert len(glossary.terms) >= 120
    assert all(t.reading and re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", t.reading) for t in glossary.terms)


def test_schema_errors_name_file_and_line(tmp_path):
    (tmp_path / "schema.json").write_text((ROOT / "glossary" / "schema.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        "- id: ok-term\n  zh: 江门\n  en: Jiangmen\n  category: place\n  source: {status: working}\n"
        "  explain_zh: 广东省地级市。\n  explain_en: A city in Guangdong.\n"
        "- id: Bad Id\n  zh: 台山\n  en: Taishan\n  category: place\n  source: {status: working}\n"
        "  explain_zh: 县级市。\n  explain_en: A county-level city.\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.yaml:8: Bad Id: id: 'Bad Id' does not match"):
        load_glossary(tmp_path)
    (tmp_path / "bad.yaml").write_text("- id: x\n  zh: 江门\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.yaml:1: x: entry: 'en' is a required property"):
        load_glossary(tmp_path)


def test_duplicates_and_substring_traps_are_errors_and_unused_terms_warnings():
    g = Glossary([term("a", "江门"), term("a", "台山"), term("b", "开平", "江门"), term("c", "工程"), term("d", "恩平")])
    for t, line in zip(g.terms, range(1, 6)):
        object.__setattr__(t, "file", "x.yaml")
        object.__setattr__(t, "line", line)
    errors, warnings = check(g, ["江门和台山。"])
    assert "x.yaml:2: duplicate id 'a' (also x.yaml:1)" in errors
    assert "x.yaml:3: form '江门' of 'b' is also a form of 'a' (x.yaml:1)" in errors
    assert any(e.startswith("x.yaml:4: form '工程' of 'c' is a substring trap") for e in errors)
    assert "x.yaml:5: term 'd' occurs in no document" in warnings


def test_terms_are_annotated_with_tooltips_and_link_to_the_glossary(built_site, glossary):
    html = (built_site / "site" / REPORT).read_text(encoding="utf-8")
    link = re.search(r'<a class="term" data-term="hundred-thousand-ten-thousand-project" href="([^"]+)">', html)
    assert link, "百千万工程 annotated"
    assert link.group(1) == "../../glossary/#term-hundred-thousand-ten-thousand-project"
    tips = json.loads((built_site / "site" / "data" / "terms-zh-Hans.json").read_text(encoding="utf-8"))
    tip = tips["hundred-thousand-ten-thousand-project"]  # the explanation, once for the whole edition
    assert "bǎi" in tip and "High-quality Development Project for Counties, Towns and Villages" in tip
    assert set(tips) == {t.id for t in glossary.terms}
    assert "data-term" not in html[:html.index('id="p-')].split('class="doc-header"')[0]


def test_first_occurrence_per_section_only(built_site):
    html = (built_site / "site" / REPORT).read_text(encoding="utf-8")
    section = html[html.index('id="s-17"'):html.index('id="s-19"')]
    ids = re.findall(r'data-term="([^"]+)"', section)
    assert len(ids) == len(set(ids)) > 3


def test_every_term_in_the_seeds_is_annotated_somewhere(built_site, glossary):
    corpus = [p.full_text for doc, _ in load_all(ROOT / "seeds") for p in doc.paragraphs()]
    occurring = {m.term.id for text in corpus for m in glossary.find(text)}
    pages = "".join((built_site / "site" / "documents" / d / "index.html").read_text(encoding="utf-8")
                    for d in ("2026-jiangmen-government-work-report", "2024-02-jiangmen-daily-page"))
    annotated = set(re.findall(r'<a class="term" data-term="([^"]+)"', pages))
    assert occurring - annotated == set()


def test_glossary_page_links_back_to_paragraphs_that_exist(built_site):
    site = built_site / "site"
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./documents/([^/]+)/#(p-[\d-]+)"', html)
    assert len(links) > 150
    for slug, pid in set(links):
        assert f'id="{pid}"' in (site / "documents" / slug / "index.html").read_text(encoding="utf-8"), (slug, pid)
    assert "官方译名" in visible_text(html) and "本站试译" in visible_text(html)


def test_annotating_every_occurrence_is_a_setting(tmp_path):
    from tests.conftest import copy_project, run_cli
    root = copy_project(tmp_path)
    page = root / "docs" / "documents" / "2026-jiangmen-government-work-report.md"
    pipeline.pages(root)
    first = page.read_text(encoding="utf-8").count('class="term"')
    run_cli(root, "pages", "--annotate", "all")
    assert page.read_text(encoding="utf-8").count('class="term"') > first * 1.1
