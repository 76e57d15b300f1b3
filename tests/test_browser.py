"""What a reader sees, in a real headless Chromium over the built site served on 127.0.0.1."""

import pytest
from playwright.sync_api import expect

from tests.browser import browser_page, screenshot, search

REPORT = "/documents/2026-jiangmen-government-work-report/"


@pytest.mark.parametrize("query", ["中微子", "营商环境"])
def test_chinese_search_finds_the_report(site_url, query):
    with browser_page() as page:
        page.goto(site_url + "/")
        hits = search(page, query)
        screenshot(page, f"search-{query}")
        assert any(REPORT in hit for hit in hits), hits


def test_report_page_shows_header_run_in_headings_and_notes(site_url):
    with browser_page() as page:
        page.goto(site_url + REPORT)
        assert page.locator(".doc-header").inner_text().count("江门市人民政府") >= 1
        assert page.locator("strong.runin", has_text="加快推进项目建设。").is_visible()
        page.locator("details.ed-note summary").first.click()
        assert page.locator("details.ed-note .ed-source").first.is_visible()
        screenshot(page, "report-desktop")


def test_paragraph_permalink_appears_on_hover(site_url):
    with browser_page() as page:
        page.goto(site_url + REPORT + "#p-17-2")
        para = page.locator("#p-17-2")
        assert para.locator("strong.runin").inner_text() == "加快推进项目建设。"
        para.hover()
        expect(para.locator("a.pilcrow")).to_have_css("opacity", "1")
