"""Writing docs/ and finishing the built pages (scripts/publish/writers.py), on small trees: the
build-and-swap itself is tested end to end in test_build.py and test_hardening.py."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts.editions import editions
from scripts.publish import writers
from scripts.publish.writers import GENERATED, BuildError, _recover, build_lock, content_security_policy, finish_pages, write_docs


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _tree(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under a folder: its bytes, inode and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- docs/ --------------------------------------------------------------------------------------

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


HAND_WRITTEN = {"about.md": "关于", "about.en.md": "About", "assets/extra.css": "a{}", "assets/js/x.js": "go()",
                "documents-guide.md": "说明", "datasets/readme.md": "数据说明", "figures-notes/x.md": "注"}


def test_stale_files_go_from_the_generated_folders_only_and_are_reported(tmp_path):
    """An editor's page beside the generated ones, even in a folder whose name starts like one,
    is never removed; every generated file the run did not make is, however deep, and is said."""
    docs = tmp_path / "docs"
    stale = {f"{folder}/old.md": "旧" for folder in GENERATED} | {"documents/deep/er/old.md": "旧",
                                                                  "documents/.a.md.1234.tmp": "killed write"}
    for rel, text in {**HAND_WRITTEN, **stale}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    hand = {rel: entry for rel, entry in _tree(docs).items() if rel in HAND_WRITTEN}
    files: dict[str, str | bytes] = {"documents/a.md": "甲", "sources/a.txt": "原文".encode(), "index.md": "首页"}
    changed = write_docs(docs, files)
    assert sorted(changed) == sorted([*files, *stale]) and len(changed) == len(set(changed))
    after = _tree(docs)
    assert {rel: entry for rel, entry in after.items() if rel in HAND_WRITTEN} == hand
    assert sorted(after) == sorted([*HAND_WRITTEN, *files])
    assert (docs / "sources" / "a.txt").read_bytes() == "原文".encode()


def test_a_second_identical_write_changes_nothing(tmp_path):
    """What an update build relies on: the same pages again are no change, not a file touched."""
    docs = tmp_path / "docs"
    files: dict[str, str | bytes] = {"documents/a.md": "甲", "sources/a.txt": b"\xe5\x8e\x9f", "data/a.json": "[]\n",
                                     "glossary.md": "术语"}
    assert sorted(write_docs(docs, files)) == sorted(files)
    before = _tree(docs)
    assert write_docs(docs, files) == []
    assert _tree(docs) == before
    assert not [p for p in docs.rglob("*.tmp")]


# --- the content security policy ----------------------------------------------------------------

class _Scripts(HTMLParser):
    """The inline scripts a browser runs (no src, a JavaScript type), as it reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append(dict(attrs))
        if tag == "script":
            self._open = dict(attrs)
            self.inline.append("")

    def handle_data(self, data):
        if self._open is not None:
            self.inline[-1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            if "src" in self._open or self._open.get("type") not in (None, "text/javascript", "module"):
                self.inline.pop()
            self._open = None


# As Material writes a page: a JSON configuration block (data, not run), start-up code over
# several lines, scripts from the site, and the same inline script twice.
MATERIAL = """<!doctype html>
<html lang="zh" class="no-js">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <link rel="alternate" href="/" hreflang="zh"><link rel="alternate" href="/en/" hreflang="en">
    <link rel="alternate" href="/zh-Hant/" hreflang="zh-Hant">
    <script>__md_scope=new URL(".",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0)</script>
    <script>
      var palette = __md_get("__palette"); // 调色板
    </script>
  </head>
  <body dir="ltr">
    <script id="__config" type="application/json">{"base": ".", "features": []}</script>
    <script src="assets/javascripts/bundle.min.js"></script>
    <script>document.body.dataset.ready = "是"</script>
    <script>document.body.dataset.ready = "是"</script>
  </body>
</html>
"""


def test_the_policy_allows_exactly_the_pages_own_inline_scripts():
    page = '<html><head><script>var a = 1;</script></head><body><script src="x.js"></script><script>go()</script></body></html>'
    policy = content_security_policy(page)
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in ("var a = 1;", "go()")}
    script_src = re.search(r"script-src ([^;]+);", policy).group(1).split()
    assert set(script_src) == {"'self'", "'wasm-unsafe-eval'", *expected}
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy


def test_the_policy_hashes_material_start_up_code_as_a_browser_reads_it():
    """Whitespace, line breaks and Chinese inside a script are part of what the browser hashes;
    a script from the site or a data block needs no hash, and nothing else may run inline."""
    parser = _Scripts()
    parser.feed(MATERIAL)
    assert len(parser.inline) == 4 and len(set(parser.inline)) == 3
    policy = content_security_policy(MATERIAL)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    hashes = {s for s in directives["script-src"] if s.startswith("'sha256-")}
    assert hashes == {_sha256(s) for s in parser.inline}
    assert hashes == {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                      for s in re.findall(r"<script>(.*?)</script>", MATERIAL, re.S)}
    assert set(directives["script-src"]) - hashes == {"'self'", "'wasm-unsafe-eval'"}
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:"} & set(directives["script-src"])
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert '"' not in policy  # it goes in an attribute


def test_a_page_without_inline_scripts_allows_none():
    policy = content_security_policy('<html><head><script src="a.js"></script></head><body onload="x()"></body></html>')
    assert re.search(r"script-src ([^;]+);", policy).group(1).split() == ["'self'", "'wasm-unsafe-eval'"]


# --- finishing the built pages --------------------------------------------------------------------

def _page(lang: str, hreflangs: tuple[str, ...] = ("zh", "en", "zh-Hant")) -> str:
    links = "".join(f'<link rel="alternate" hreflang="{h}" href="/">' for h in hreflangs)
    return f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{links}<script>x()</script></head><body></body></html>'


def _write(site: Path, pages: dict[str, str]) -> list[Path]:
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    return sorted(site / rel for rel in pages)


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


def test_zh_becomes_zh_hans_in_the_root_editions_pages_only(tmp_path):
    """A root page in a folder that only starts like an edition's is the root edition's; a page in
    an edition's folder keeps the lang MkDocs gave it, whatever it is."""
    root = ("index.html", "404.html", "enterprise/index.html", "zh-Hant-notes/index.html", "documents/en/index.html")
    other = ("en/index.html", "en/documents/a/index.html", "zh-Hant/index.html")
    finish_pages(tmp_path, editions(), _write(tmp_path, {rel: _page("zh") for rel in root + other}))
    for rel in root:
        assert '<html lang="zh-Hans">' in (tmp_path / rel).read_text(encoding="utf-8"), rel
    for rel in other:
        html = (tmp_path / rel).read_text(encoding="utf-8")
        assert '<html lang="zh">' in html and 'hreflang="zh"' not in html, rel  # links to the root edition still renamed


def test_each_finished_page_has_one_policy_first_in_its_head_for_its_own_scripts(tmp_path):
    """The policy applies from where it stands: before every script; and its hashes are those of
    the scripts in the page as finished (hreflang rewritten), so none is blocked and none else runs."""
    pages = {"index.html": MATERIAL, "en/index.html": MATERIAL.replace('lang="zh"', 'lang="en"', 1),
             "zh-Hant/index.html": MATERIAL.replace('lang="zh"', 'lang="zh-Hant"', 1),
             "documents/a/index.html": MATERIAL.replace("是", '<a hreflang="zh">'), "404.html": _page("zh")}
    finish_pages(tmp_path, editions(), _write(tmp_path, pages))
    for rel in pages:
        html = (tmp_path / rel).read_text(encoding="utf-8")
        parser = _Scripts()
        parser.feed(html)
        (policy,) = [m["content"] for m in parser.metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
        assert html.index("Content-Security-Policy") < html.index("<script"), rel
        script_src = re.search(r"script-src ([^;]+);", policy or "").group(1).split()
        assert {s for s in script_src if s.startswith("'sha256-")} == {_sha256(s) for s in parser.inline}, rel
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, rel
        assert re.search(r"<html[^>]*>", html).group(0).count("lang=") == 1, rel


def test_the_sitemap_and_its_compressed_copy_say_the_same(tmp_path):
    """Search engines read either; the copy is rewritten with the sitemap, byte-identical at each build."""
    text = "".join(f'<url><loc>/{p}</loc>' + "".join(f'<xhtml:link rel="alternate" hreflang="{h}" href="/{f}{p}"/>'
                                                      for h, f in (("zh", ""), ("en", "en/"), ("zh-Hant", "zh-Hant/"))) + "</url>"
                   for p in ("", "documents/a/"))
    (tmp_path / "sitemap.xml").write_text(text, encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode(), mtime=1))  # as MkDocs left it
    finish_pages(tmp_path, editions(), [])
    sitemap = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r'hreflang="([^"]+)"', sitemap) == ["zh-Hans", "en", "zh-Hant"] * 2
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    first = (tmp_path / "sitemap.xml.gz").read_bytes()
    finish_pages(tmp_path, editions(), [])
    assert (tmp_path / "sitemap.xml.gz").read_bytes() == first


def test_a_site_without_a_sitemap_gets_no_compressed_one(tmp_path):
    finish_pages(tmp_path, editions(), _write(tmp_path, {"index.html": _page("zh")}))
    assert not (tmp_path / "sitemap.xml.gz").exists() and not (tmp_path / "sitemap.xml").exists()


# --- one build at a time, and what a killed one left ------------------------------------------------

def test_a_second_build_is_refused_while_one_runs_and_allowed_after(tmp_path):
    with build_lock(tmp_path), pytest.raises(BuildError, match="another build is running"), build_lock(tmp_path):
        pytest.fail("two builds at once")
    with pytest.raises(RuntimeError), build_lock(tmp_path):
        raise RuntimeError("the build failed")
    with build_lock(tmp_path):  # a failed build does not keep the lock
        pass


def test_a_build_in_another_process_is_refused_while_one_runs(tmp_path):
    code_root = Path(writers.__file__).parents[2]
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from scripts.publish.writers import build_lock\n"
                               "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()", str(tmp_path)],
        cwd=code_root, env={**os.environ, "PYTHONPATH": str(code_root)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildError, match="another build is running"), build_lock(tmp_path):
            pass
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    with build_lock(tmp_path):  # the other build ended: this one may run
        pass


def _site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "en").mkdir()
    (folder / "en" / "index.html").write_text(text + " en", encoding="utf-8")
    return folder


def test_recover_puts_back_the_site_a_killed_swap_left_aside(tmp_path):
    _site(tmp_path / ".site-old-4242", "上一版")  # killed between the two renames of a swap
    _site(tmp_path / ".site-k3x9a1", "半成品")  # killed while MkDocs wrote into its folder
    (tmp_path / ".site.lock").write_text("")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    _recover(tmp_path, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "上一版"
    assert (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8") == "上一版 en"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mkdocs.yml", "site"]


def test_recover_keeps_the_site_in_place_and_removes_leftovers(tmp_path):
    _site(tmp_path / "site", "现行")
    _site(tmp_path / ".site-old-1", "上一版")
    _site(tmp_path / ".site-abc", "半成品")
    _recover(tmp_path, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "现行"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_puts_back_the_newest_complete_site_only(tmp_path):
    """Of several sites left aside, the last one in place; never half a site, nor a build that did not finish."""
    for name, text, age in ((".site-old-1", "更早", 200), (".site-old-2", "上一版", 100), (".site-old-3", "", 0)):
        folder = _site(tmp_path / name, text)
        os.utime(folder, (folder.stat().st_atime - age, folder.stat().st_mtime - age))
    (tmp_path / ".site-old-3" / "index.html").unlink()  # its removal was under way
    _recover(tmp_path, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "上一版"
    assert not list(tmp_path.glob(".site-*"))


def test_recover_never_puts_an_unfinished_build_in_place(tmp_path):
    _site(tmp_path / ".site-tmp123", "未完成")
    _recover(tmp_path, tmp_path / "site")
    assert not (tmp_path / "site").exists() and not list(tmp_path.iterdir())
