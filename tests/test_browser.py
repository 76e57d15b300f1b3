"""What a reader sees, in a real headless Chromium (Debian's) over the built site on 127.0.0.1.

Screenshots at phone and desktop widths are kept in test-artifacts/ for review.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from scripts.chinese import simplified
from scripts.publish.search import BODY
from tests.browser import screenshot, search, type_query
from tests.htmltext import searched_text

REPORT = "/documents/2026-jiangmen-government-work-report/"
PHONE, DESKTOP = 375, 1280


@pytest.fixture(scope="module")
def searching(_chromium):
    """`with searching() as page`: a new page in one browser context kept for this module's search
    tests, so that search's code and index chunks, once fetched, come from the browser's cache (as
    for a reader's second query); nothing these tests do is stored."""
    context = _chromium.new_context(viewport={"width": 1280, "height": 900})

    @contextmanager
    def page() -> Iterator[Page]:
        tab = context.new_page()
        try:
            yield tab
        finally:
            tab.close()
    yield page
    context.close()


@pytest.mark.parametrize("edition, query", [("", "中微子"), ("", "营商环境"), ("/zh-Hant", "中微子"),
                                            ("/zh-Hant", "營商環境"), ("/en", "neutrino"), ("/en", "neutrinos"),
                                            ("/en", "revitalizing")])
def test_search_finds_the_report_in_the_readers_edition(site_url, edition, query, searching):
    with searching() as page:
        page.goto(site_url + edition + "/")
        hits = search(page, query)
        screenshot(page, f"search{edition.replace('/', '-')}-{query}")
        assert any(edition + REPORT in hit for hit in hits), hits
        assert all(hit.startswith(site_url + edition + "/") for hit in hits)
        if edition != "/zh-Hant":
            assert not any("/zh-Hant/" in hit for hit in hits)


def searched_pages(site: Path, edition: str) -> dict[Path, str]:
    """The pages of an edition marked for search, and their searched text."""
    root = site / edition.strip("/")
    others = ("en/", "zh-Hant/") if not edition else ()
    return {p: searched_text(text) for p in root.glob("**/index.html")
            if not p.relative_to(root).as_posix().startswith(others) and BODY in (text := p.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("edition, query", [("", "中微子"), ("", "营商环境"), ("", "一般公共预算"), ("", "百千万工程"),
                                            ("", "千万"), ("", "跻身"), ("", "江门"), ("", "4294亿元"), ("", "GDP突破千亿"),
                                            ("", "江门 预算"), ("/zh-Hant", "百千萬工程"), ("/zh-Hant", "預算")])
def test_a_chinese_word_finds_the_pages_that_contain_it(built_site, site_url, edition, query, searching):
    """A Chinese query is searched as words, not as characters: every result holds the whole query
    (营商环境 is not 营商 or 环境: the Changsha County report, with 营改增 and 经济环境, was found
    for it while the browser's cut 营|商|环境 was searched), and every page that holds it is found,
    however the reader's browser cuts the query into words (百千万工程, 千万 and 跻身 were missed
    before scripts/publish/search.py made every character a word and search.js searched a query as
    the phrase of its characters); in the Simplified edition, a source shown in Traditional
    characters too (百千萬工程 for 百千万工程); with numbers and Latin letters in the phrase (4294亿元,
    GDP突破千亿), and of a query of several parts, every part."""
    with searching() as page:
        page.goto(site_url + edition + "/")
        hits = {urlparse(hit).path for hit in search(page, query)}  # the results loaded so far
        found = int(re.search(r"\d+", page.locator("pagefind-modal pagefind-summary").inner_text()).group())
    site = built_site / "site"
    root = site / edition.strip("/")
    pages = searched_pages(site, edition)
    repeating = {"parallel", "figures", "archive", "translation-status"}  # they repeat or list their documents
    listing = lambda rel: rel.parts[0] in repeating or rel.as_posix() in ("index.html", "documents/index.html")  # noqa: E731
    assert not any(listing(p.relative_to(root)) for p in pages), sorted(str(p) for p in pages)
    holds = lambda text: all(part in text or not edition and part in simplified(text) for part in query.split())  # noqa: E731
    holding = {p for p, text in pages.items() if holds(text)}
    assert hits and all(holds(pages[site / hit.strip("/") / "index.html"]) for hit in hits), hits
    assert found == len(holding), (found, sorted(str(p.relative_to(site)) for p in holding))


def test_a_chinese_query_is_found_only_where_its_characters_stand_together(built_site, site_url, searching):
    """创新, 新发 and 发展 are all in the report, 创新发展 on no page: searched by its characters and the
    codes of their pairs, as it was before Pagefind's phrase search, it found the report."""
    query = "创新发展"
    site = built_site / "site"
    pages = searched_pages(site, "")
    assert not any(query in text for text in pages.values())
    report = pages[site / REPORT.strip("/") / "index.html"]
    assert all(query[i:i + 2] in report for i in range(len(query) - 1))
    with searching() as page:
        page.goto(site_url + "/")
        type_query(page, query)
        expect(page.locator("pagefind-modal pagefind-summary")).to_contain_text("未找到")  # "no results for"
        assert page.locator("pagefind-modal a.pf-result-link").count() == 0


def test_switching_language_lands_on_the_same_page_and_paragraph(site_url, browser_page):
    with browser_page() as page:
        page.goto(site_url + REPORT + "#p-17-2")
        page.locator(".md-header__option .md-select").hover()
        page.locator('a.md-select__link[hreflang="en"]').click()
        page.wait_for_url("**/en" + REPORT + "#p-17-2")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#p-17-2 strong.runin")).to_have_text("Accelerating project construction.")
        page.locator(".md-header__option .md-select").hover()
        page.locator('a.md-select__link[hreflang="zh-Hant"]').click()
        page.wait_for_url("**/zh-Hant" + REPORT + "#p-17-2")
        expect(page.locator("#p-17-2 strong.runin")).to_have_text("加快推進項目建設。")


def test_report_page_shows_header_run_in_headings_and_notes(site_url, browser_page):
    with browser_page() as page:
        page.goto(site_url + REPORT)
        assert "江门市人民政府" in page.locator(".doc-header").inner_text()
        assert page.locator("strong.runin", has_text="加快推进项目建设。").is_visible()
        page.locator("details.ed-note summary").first.click()
        assert page.locator("details.ed-note .ed-source").first.is_visible()
        screenshot(page, "report-desktop")


def test_paragraph_permalink_appears_on_hover(site_url, browser_page):
    with browser_page() as page:
        page.goto(site_url + REPORT + "#p-17-2")
        para = page.locator("#p-17-2")
        para.hover()
        expect(para.locator("a.pilcrow")).to_have_css("opacity", "1")
        expect(para.locator("a.twin")).to_have_attribute("href", "../../parallel/2026-jiangmen-government-work-report/#p-17-2")


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_glossary_tooltips_open_on_hover_and_keyboard_focus(site_url, how, browser_page):
    with browser_page() as page:
        page.goto(site_url + "/en" + REPORT)
        term = page.locator('a.term[data-term="juno"]').first
        term.scroll_into_view_if_needed()
        getattr(term, how)()
        tooltip = page.locator("#term-tip")
        expect(tooltip).to_be_visible()
        expect(tooltip).to_contain_text("江门中微子实验")
        expect(term).to_have_attribute("aria-describedby", "term-tip")
        page.keyboard.press("Escape")
        expect(tooltip).to_be_hidden()
        screenshot(page, f"tooltip-{how}")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_parallel_view_shows_twins_side_by_side_or_stacked(site_url, width, browser_page):
    with browser_page(width=width) as page:
        page.goto(site_url + "/parallel/2026-jiangmen-government-work-report/#p-17-1")
        pair = page.locator("#p-17-1")
        zh, en = pair.locator(".pair-zh").bounding_box(), pair.locator(".pair-en").bounding_box()
        assert "地区生产总值4294亿元" in pair.locator(".pair-zh").inner_text()
        assert "429.4 billion yuan" in pair.locator(".pair-en").inner_text()
        if width == DESKTOP:
            assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"] / 2
        else:
            assert en["y"] >= zh["y"] + zh["height"] - 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"parallel-{width}")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("edition", ["", "/en", "/zh-Hant"])
def test_report_reads_well_at_phone_and_desktop_widths(site_url, width, edition, browser_page):
    with browser_page(width=width, height=800) as page:
        page.goto(site_url + edition + REPORT + "#s-17")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        screenshot(page, f"report{edition.replace('/', '-')}-{width}")


def test_key_figures_table_sorts_and_links_back(site_url, browser_page):
    with browser_page() as page:
        page.goto(site_url + "/en/figures/2026-jiangmen-government-work-report/")
        assert page.locator("figure.chart svg").count() == 2
        header = page.locator("table.figures th", has_text="Value")
        header.locator("button").click()
        header.locator("button").click()
        expect(header).to_have_attribute("aria-sort", "descending")
        first = page.locator("table.figures tbody tr").first
        expect(first.locator("td").nth(2)).to_have_text("over 900 billion yuan")
        screenshot(page, "figures-en")
        first.locator("a").click()
        page.wait_for_url("**/en/documents/2026-jiangmen-government-work-report/#p-29-2")


def test_the_site_works_under_its_content_security_policy(site_url, browser_page):
    """Search, the language switch, tooltips and the figures table run with no CSP violation."""
    violations: list[str] = []
    with browser_page() as page:
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(site_url + REPORT)
        assert search(page, "营商环境")
        page.keyboard.press("Escape")
        page.locator("a.term").first.hover()
        page.goto(site_url + "/figures/2026-jiangmen-government-work-report/")
        page.locator("table.figures th button").first.click()
    assert not violations, violations


def test_an_unseen_report_reads_as_a_document_with_its_header(site_url, browser_page):
    """A corpus text dropped into seeds/ with no manifest entry: its venue line under the title,
    the guesses in an open editorial note, sections in the table of contents."""
    with browser_page() as page:
        page.goto(site_url + "/documents/nankai-2024-budget-report/")
        expect(page.locator("h1")).to_contain_text("南开区2023年预算执行情况和2024年预算草案的报告")
        expect(page.locator(".source-header [data-role=venue]")).to_contain_text("人民代表大会第五次会议上")
        expect(page.locator("details.inferred")).to_have_js_property("open", True)
        expect(page.locator("details.inferred")).to_contain_text("一行一段")
        expect(page.locator("article h2").first).to_contain_text("2023年预算执行情况")
        screenshot(page, "unseen-nankai")
