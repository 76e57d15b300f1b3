"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextmanager
def browser_page(width: int = 1280, height: int = 900):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def search(page: Page, query: str) -> list[str]:
    """Open search with its key, type a query, as a reader does; return the result links."""
    page.locator("pagefind-modal-trigger button").wait_for(timeout=15000)  # the search UI has loaded
    page.keyboard.press("/")
    box = page.locator("pagefind-modal input")
    box.fill(query)
    page.locator("pagefind-modal a.pf-result-link").first.wait_for(timeout=15000)
    return page.locator("pagefind-modal a.pf-result-link").evaluate_all("els => els.map(e => e.href)")


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
