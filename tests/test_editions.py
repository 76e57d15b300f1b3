"""Three editions of every page: same paths, same paragraph ids, honest English, own search."""

import json
import re
import shutil

import polib
import pytest

from scripts import pipeline
from scripts.editions import to_traditional
from tests.conftest import CORPUS, copy_project, run_cli
from tests.htmltext import article_text, element_ids, search_records, visible_text

SLUGS = ("2026-jiangmen-government-work-report", "2024-02-jiangmen-daily-page")
EDITIONS = {"": "zh-Hans", "en/": "en", "zh-Hant/": "zh-Hant"}


def read(root, rel):
    return (root / "site" / rel).read_text(encoding="utf-8")


def para_ids(html):
    return [i for i in element_ids(html) if i.startswith("p-")]


def test_every_page_exists_in_every_edition_with_its_html_lang(built_site):
    for prefix, lang in EDITIONS.items():
        for rel in ["index.html", "about/index.html", "glossary/index.html", "translation-status/index.html",
                    *(f"documents/{s}/index.html" for s in SLUGS), *(f"parallel/{s}/index.html" for s in SLUGS)]:
            html = read(built_site, prefix + rel)
            assert f'<html lang="{lang}"' in html, prefix + rel


def test_paragraph_ids_are_the_same_in_every_edition(built_site):
    for slug in SLUGS:
        ids = [para_ids(read(built_site, f"{prefix}documents/{slug}/index.html")) for prefix in EDITIONS]
        assert ids[0] == ids[1] == ids[2] and len(ids[0]) > 40


def test_english_edition_has_every_seed_paragraph_in_english(built_site):
    for slug in SLUGS:
        html = read(built_site, f"en/documents/{slug}/index.html")
        paragraphs = re.findall(r'<p id="(p-[^"]+)" class="para [^"]+" data-status="(\w+)" lang="en">(.*?)</p>', html, re.S)
        assert len(paragraphs) == len(para_ids(html))
        assert {status for _, status, _ in paragraphs} <= {"draft", "reviewed"}
        assert "Translation pending" not in html


def test_english_pages_say_they_are_drafts(built_site):
    text = article_text(read(built_site, f"en/documents/{SLUGS[0]}/index.html"))
    assert "Draft translation." in text and "not an official translation" in text
    assert re.search(r"Reviewed: \d+ of \d+ passages", text)


def test_numbers_survive_into_the_english_page(built_site):
    text = article_text(read(built_site, f"en/documents/{SLUGS[0]}/index.html"))
    assert "429.4 billion yuan" in text and "53,000" in text


def test_traditional_edition_is_converted_with_opencc(built_site):
    text = article_text(read(built_site, f"zh-Hant/documents/{SLUGS[0]}/index.html"))
    assert "江門市人民政府" in text and "江门市人民政府" not in text
    assert "發展" in text


def test_english_glossary_annotations_carry_the_chinese(built_site):
    html = read(built_site, f"en/documents/{SLUGS[0]}/index.html")
    assert '<a class="term" data-term="juno" href="../../glossary/#term-juno">' in html
    tips = json.loads((built_site / "site" / "data" / "terms-en.json").read_text(encoding="utf-8"))
    assert tips["juno"].startswith("江门中微子实验 (jiāng mén zhōng wēi zǐ shí yàn) — ")


def test_each_edition_has_its_own_search_index(built_site):
    site = built_site / "site"
    zh, en, hant = (search_records(site / prefix) for prefix in ("", "en", "zh-Hant"))
    for records in (zh, en, hant):
        urls = [r["url"] for r in records]
        assert not any(url.startswith(("/en/", "/zh-Hant/")) for url in urls)  # each edition's URLs, from its root
        assert not any(url.startswith("/parallel/") for url in urls)  # the side-by-side view is not indexed twice
        assert f"/documents/{SLUGS[0]}/" in urls
    assert any("neutrino" in r["content"].lower() for r in en)
    seeds = tuple(f"/documents/{slug}/" for slug in SLUGS)  # the corpus texts have no English yet
    assert not any(re.search(r"[\u4e00-\u9fff]{4}", r["meta"]["title"]) for r in en if r["url"].startswith(seeds))
    assert any("營商環境" in r["content"] for r in hant)
    assert not any("⇄" in r["content"] or "¶⇄" in r["content"] for r in zh)  # a paragraph's links are not its text
    glossary = next(r for r in zh if r["url"] == "/glossary/")
    listed = visible_text(read(built_site, "glossary/index.html"))
    assert re.search(r"p-\d+", listed)  # where each term occurs: documents and their paragraphs
    assert not re.search(r"p-\d+", glossary["content"])  # is navigation, not the glossary's text


def test_sitemap_has_hreflang_alternates(built_site):
    sitemap = read(built_site, "sitemap.xml")
    for lang, prefix in (("zh-Hans", ""), ("en", "en/"), ("zh-Hant", "zh-Hant/")):
        assert f'hreflang="{lang}" href="https://example.github.io/jiangmen-reader/{prefix}documents/{SLUGS[0]}/"' in sitemap


def test_parallel_view_pairs_every_paragraph_with_its_status(built_site):
    html = read(built_site, f"parallel/{SLUGS[0]}/index.html")
    pairs = re.findall(r'<div class="pair para" id="(p-[^"]+)" data-status="(\w+)">', html)
    assert [p for p, _ in pairs] == para_ids(read(built_site, f"documents/{SLUGS[0]}/index.html"))
    assert {s for _, s in pairs} == {"draft"}


def test_translation_status_page_lists_every_document(built_site):
    text = article_text(read(built_site, "en/translation-status/index.html"))
    assert "Report on the Work of the Government" in text and "Jiangmen Daily" in text


@pytest.mark.parametrize("simplified, traditional", [
    ("新增2个中国华侨国际文化交流基地", "新增2個中國華僑國際文化交流基地"),  # not 箇中
    ("以学铸魂、以学增智、以学正风、以学促干", "以學鑄魂、以學增智、以學正風、以學促幹"),  # not 促乾
    ("匡正干的导向", "匡正幹的導向"),
    ("筑牢忠诚干净担当的思想根基", "築牢忠誠乾淨擔當的思想根基"),
    ("江门市人民政府", "江門市人民政府"),
])
def test_traditional_conversion_of_phrases_opencc_gets_wrong(simplified, traditional):
    assert to_traditional(simplified) == traditional


def test_document_and_side_by_side_pages_convert_a_paragraph_the_same_way(built_site):
    doc = read(built_site, f"zh-Hant/documents/{SLUGS[1]}/index.html")
    pair = read(built_site, f"zh-Hant/parallel/{SLUGS[1]}/index.html")
    assert "以學促幹重要要求" in re.sub(r"<[^>]+>", "", doc)
    assert "以學促幹重要要求" in re.sub(r"<[^>]+>", "", pair)


@pytest.fixture(scope="module")
def changed_memory(tmp_path_factory):
    """One build of a copy of the project with two independent changes: the English of p-17-2 is missing,
    and the Chinese of p-17-1 changed (a new correction) after its English was reviewed."""
    root = copy_project(tmp_path_factory.mktemp("changed"))
    path = root / "translations" / "en" / f"{SLUGS[0]}.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgctxt == "p-17-2").msgstr = ""
    next(e for e in po if e.msgctxt == "p-17-1").flags = []  # reviewed
    po.save(str(path))
    decisions = root / "seeds" / "000_fad302a97476cc90.repairs.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8") + (
        "  - op: correct\n    block: 17\n    from: 4294亿元\n    to: 4394亿元\n    reason: 测试\n"), encoding="utf-8")
    pipeline.build(root)
    return root


def test_a_missing_translation_is_shown_as_pending_and_the_build_succeeds(changed_memory):
    html = read(changed_memory, f"en/documents/{SLUGS[0]}/index.html")
    para = re.search(r'<p id="p-17-2"[^>]*>(.*?)</p>', html, re.S)
    assert 'data-status="missing"' in para.group(0)
    assert "Translation pending" in para.group(1) and '<span lang="zh-Hans">争取上级政策性资金创新高' in para.group(1)


def test_english_for_a_paragraph_whose_chinese_changed_is_never_shown(changed_memory):
    """A reviewed translation of the old Chinese must not stand for the new Chinese."""
    para = re.search(r'<p id="p-17-1"[^>]*>(.*?)</p>', read(changed_memory, f"en/documents/{SLUGS[0]}/index.html"), re.S)
    assert 'data-status="missing"' in para.group(0) and "Translation pending" in para.group(1)
    assert "4394亿元" in para.group(1) and "429.4 billion" not in para.group(1)
    assert "[stale] p-17-1" in run_cli(changed_memory, "check").stderr


def test_the_404_page_speaks_every_edition(built_site):
    html = read(built_site, "404.html")
    for lang, href in (("zh-Hans", "/jiangmen-reader/"), ("en", "/jiangmen-reader/en/"), ("zh-Hant", "/jiangmen-reader/zh-Hant/")):
        assert f'<p lang="{lang}">' in html and f'href="{href}"' in html


TOY_EDITION = '''
EDITIONS.append(lambda: Edition("es", "es", "Español", "es", "es_ES", dict(EN_LABELS, home_title="Lector de Jiangmen"),
                                note_kinds("es"), KINDS["en"], CATEGORY_NAMES["en"], target="es"))
'''


def test_a_new_edition_is_one_entry_and_one_po_folder(tmp_path):
    """A second target language (Spanish, for Jiangmen's diaspora in Latin America): one entry in
    scripts/editions.py (a toy one, with the English interface strings) and one PO folder, which
    `translate` creates. The site then has the edition in its own folder, language, menu, search
    and feed, and shows its memory's text where it has one and "pending" elsewhere."""
    root = copy_project(tmp_path)
    (root / "scripts" / "editions.py").write_text((root / "scripts" / "editions.py").read_text(encoding="utf-8") + TOY_EDITION,
                                                  encoding="utf-8")
    run_cli(root, "translate", "--lang", "es", "--engine", "none")
    po_file = root / "translations" / "es" / f"{SLUGS[0]}.po"
    po = polib.pofile(str(po_file), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == "p-17-2")
    entry.msgstr, entry.flags = "Acelerar la construcción de proyectos. 4294 mil millones.", ["fuzzy"]
    po.save(str(po_file))
    run_cli(root, "build")
    page = read(root, f"es/documents/{SLUGS[0]}/index.html")
    assert '<html lang="es"' in page and 'hreflang="es"' in read(root, "index.html")
    para = re.search(r'<p id="p-17-2"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "Acelerar la construcción" in para
    assert page.count('data-status="missing"') > 10  # the rest is honestly pending
    assert any("Acelerar" in r["content"] for r in search_records(root / "site" / "es"))
    assert "Lector de Jiangmen" in read(root, "es/feed.xml")
    assert 'content="es_ES"' in page
    english = read(root, f"en/documents/{SLUGS[0]}/index.html")  # the other editions are as they were
    assert "Acelerar" not in english and '<html lang="en"' in english


def test_a_source_in_traditional_characters_is_found_in_simplified(tmp_path):
    """The Hong Kong speech release (tests/corpus) is shown as written, in Traditional characters, in
    the Simplified edition; what search reads of it also holds its Simplified reading, so that a
    reader typing 旅游发展局 finds 旅遊發展局, while what search shows of it is its own text."""
    root = copy_project(tmp_path)
    shutil.copy(CORPUS / "hongkong-2012-lantern-carnival-speech.txt", root / "seeds")
    run_cli(root, "build")
    record = next(r for r in search_records(root / "site") if "旅遊發展局" in r["content"])
    assert "旅游发展局" in record["content"]
    assert "旅游发展局" not in visible_text(read(root, record["url"].strip("/") + "/index.html"))
    assert "局局長" in record["meta"]["title"]  # the title as written
