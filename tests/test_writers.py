"""Writing docs/ and finishing the built pages (scripts/publish/writers.py), on small trees: the
build-and-swap itself is tested end to end in test_build.py and test_hardening.py."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re

from scripts.editions import editions
from scripts.publish.writers import content_security_policy, finish_pages, write_docs


def test_write_docs_rewrites_only_what_changed_and_removes_only_stale_generated_files(tmp_path):
    docs = tmp_path / "docs"
    write_docs(docs, {"documents/a.md": "甲", "documents/b.md": "乙", "index.md": "首页"})
    (docs / "about.md").write_text("关于", encoding="utf-8")  # hand-written
    kept = (docs / "documents" / "a.md").stat()
    changed = write_docs(docs, {"documents/a.md": "甲", "index.md": "新首页"})
    assert sorted(changed) == ["documents/b.md", "index.md"]
    assert not (docs / "documents" / "b.md").exists()
    assert (docs / "documents" / "a.md").stat().st_mtime_ns == kept.st_mtime_ns
    assert (docs / "documents" / "a.md").stat().st_ino == kept.st_ino
    assert (docs / "about.md").read_text(encoding="utf-8") == "关于"


def test_the_policy_allows_exactly_the_pages_own_inline_scripts():
    page = '<html><head><script>var a = 1;</script></head><body><script src="x.js"></script><script>go()</script></body></html>'
    policy = content_security_policy(page)
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in ("var a = 1;", "go()")}
    script_src = re.search(r"script-src ([^;]+);", policy).group(1).split()
    assert set(script_src) == {"'self'", "'wasm-unsafe-eval'", *expected}
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy


def _page(lang: str, hreflangs: tuple[str, ...] = ("zh", "en", "zh-Hant")) -> str:
    links = "".join(f'<link rel="alternate" hreflang="{h}" href="/">' for h in hreflangs)
    return f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{links}<script>x()</script></head><body></body></html>'


def test_finishing_gives_each_edition_its_lang_and_every_page_one_policy(tmp_path):
    pages = {"index.html": "zh", "documents/a/index.html": "zh", "en/index.html": "en", "zh-Hant/index.html": "zh-Hant"}
    for rel, lang in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(_page(lang), encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<xhtml:link hreflang="zh" href="/"/>', encoding="utf-8")
    finish_pages(tmp_path, editions(), sorted(tmp_path.rglob("*.html")))
    expected = {"index.html": "zh-Hans", "documents/a/index.html": "zh-Hans", "en/index.html": "en", "zh-Hant/index.html": "zh-Hant"}
    for rel, lang in expected.items():
        html = (tmp_path / rel).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html, rel
        assert 'hreflang="zh"' not in html and 'hreflang="zh-Hans"' in html, rel
        assert html.count('http-equiv="Content-Security-Policy"') == 1, rel
    sitemap = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="zh-Hans"' in sitemap
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_finishing_touches_only_the_pages_it_is_given(tmp_path):
    (tmp_path / "old.html").write_text(_page("zh"), encoding="utf-8")
    (tmp_path / "new.html").write_text(_page("zh"), encoding="utf-8")
    finish_pages(tmp_path, editions(), [tmp_path / "new.html"])
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == _page("zh")
    assert "Content-Security-Policy" in (tmp_path / "new.html").read_text(encoding="utf-8")
