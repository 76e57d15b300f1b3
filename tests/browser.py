"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright.

One browser per test session (`chromium`, started by the `browser_page` fixture in conftest);
each test gets a page in a fresh browser context of its own: no cookies, storage or cache shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser: Browser, width: int = 1280, height: int = 900) -> Iterator[Page]:
    """A page in a new, empty browser context (as a new incognito window is)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def type_query(page: Page, query: str) -> None:
    """Open search with its key and type a query, as a reader does."""
    page.locator("pagefind-modal-trigger button").wait_for(timeout=15000)  # the search UI has loaded
    page.keyboard.press("/")
    page.locator("pagefind-modal input").fill(query)


def search(page: Page, query: str) -> list[str]:
    """Open search with its key, type a query, as a reader does; return the links of the results loaded
    (the first five at least, or all of them)."""
    type_query(page, query)
    page.locator("pagefind-modal a.pf-result-link").first.wait_for(timeout=15000)
    # results load one by one as they come into view: wait for the first five (or all, if fewer)
    page.wait_for_function("""() => {
        const items = document.querySelectorAll("pagefind-modal li.pf-result").length;
        const loaded = document.querySelectorAll("pagefind-modal a.pf-result-link").length;
        return loaded >= Math.min(items, 5);
    }""", timeout=15000)
    return page.locator("pagefind-modal a.pf-result-link").evaluate_all("els => els.map(e => e.href)")


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
