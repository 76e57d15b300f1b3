"""Bad input and faults, as an attacker and as a clumsy editor would bring them.

Each case runs the real loaders or the real pipeline. Hostile text must reach the reader as
text, never as markup; bad data files stop with an error naming the file and the line, and
nothing the team wrote is lost or rewritten from a file that did not parse.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from scripts.datafiles import one_git_status
from scripts.editions import editions
from scripts.glossary import Glossary, Term, load_glossary
from scripts.ingest.repairs import load_decisions
from scripts.ingest.sources import load_all
from scripts.model import Document, HeaderLine, Meta, Note, Paragraph, Section, SourceError
from scripts.publish.writers import BuildError, build_lock, build_site
from scripts.render.document import Links, render_document
from scripts.render.glossary_page import render_glossary
from scripts.translate.engines import EngineError, clean_answer
from scripts.translate.translation import load as load_po
from tests.browser import search
from tests.conftest import ROOT, copy_project, run_cli, serve
from tests.htmltext import search_records, visible_text

# --- data files that would lose work ------------------------------------------------------------

PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize("body, message", [
    ("", r"x\.po:1: no entries"),
    (PO_HEAD, r"x\.po:1: no entries"),
    (PO_HEAD + 'msgctxt "p-1-1"\nmsgid "甲"\nmsgstr "A\n', r"x\.po:7: a quote opened here is never closed"),
    (PO_HEAD + 'msgctxt "p-1-1"\nmsgid "甲"\n\nmsgctxt "p-2-1"\nmsgid "乙"\nmsgstr "B"\n', r"x\.po:6: this entry has no msgstr"),
    (PO_HEAD + 'msgctxt "p-1-1"\nmsgid "甲"\nmsgstr "A"\n\nmsgctxt "p-1-1"\nmsgid "乙"\nmsgstr "B"\n',
     r"x\.po:10: msgctxt \"p-1-1\" is given twice \(also at line 6\)"),
    (PO_HEAD.replace("UTF-8", "ISO-8859-1") + 'msgctxt "p-1-1"\nmsgid "a"\nmsgstr "b"\n', r"x\.po: the header declares charset ISO-8859-1"),
    (PO_HEAD + 'msgctxt "p-1-1"\nmsgid "甲"\nmsgstr "A"\n\nmsgctxt "p-2-1"\nmsgid "乙"\n', r"x\.po:10: this entry has no msgstr"),
])
def test_a_po_file_that_does_not_parse_cleanly_is_an_error_naming_the_line(tmp_path, body, message):
    path = tmp_path / "x.po"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_po(path, "en")


def test_the_memory_is_never_rewritten_from_a_broken_po_file(tmp_path):
    root = copy_project(tmp_path)
    po = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    broken = po.read_text(encoding="utf-8").replace('msgstr "Fellow Deputies,"', 'msgstr "Fellow Deputies,', 1)
    po.write_text(broken, encoding="utf-8")
    result = run_cli(root, "translate", "--engine", "none", check=False)
    assert result.returncode == 1 and "a quote opened here is never closed" in result.stderr
    assert po.read_text(encoding="utf-8") == broken


def test_an_empty_glossary_file_and_a_broken_schema_are_errors(tmp_path):
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    (folder / "places.yaml").write_text("# cut short\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"places\.yaml:1: no terms in this glossary file"):
        load_glossary(folder)
    (folder / "places.yaml").unlink()
    (folder / "schema.json").write_text('{"items": {"type": "object",\n  "required": [}', encoding="utf-8")
    with pytest.raises(SourceError, match=r"schema\.json:2: invalid JSON"):
        load_glossary(folder)


# --- reaching outside the project ---------------------------------------------------------------

def _seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "a.txt").write_text("测试\n\n正文。\n", encoding="utf-8")
    return seeds


def test_a_link_leaving_the_project_and_a_dangling_link_are_refused(tmp_path):
    seeds = _seeds(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密。\n", encoding="utf-8")
    (seeds / "leak.txt").symlink_to(secret)
    with pytest.raises(SourceError, match=r"leak\.txt: a link to .*secret\.txt, outside the project"):
        load_all(seeds, warn=lambda *a, **k: None)
    (seeds / "leak.txt").unlink()
    (seeds / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(SourceError, match=r"gone\.txt: a link to .*nowhere\.txt, which does not exist"):
        load_all(seeds, warn=lambda *a, **k: None)


def test_the_same_text_under_two_names_is_a_warning_naming_both(tmp_path):
    seeds = _seeds(tmp_path)
    shutil.copy(seeds / "a.txt", seeds / "b.txt")
    warnings: list[str] = []
    load_all(seeds, warn=lambda *a, **k: warnings.append(a[0]))
    assert any("b.txt: the same text as a.txt" in w for w in warnings)


def test_a_source_over_the_size_limit_is_refused_clearly(tmp_path):
    seeds = _seeds(tmp_path)
    (seeds / "huge.txt").write_text("很长的文件。" * 300_000, encoding="utf-8")
    with pytest.raises(SourceError, match=r"huge\.txt: 5,400,000 bytes: sources are limited to"):
        load_all(seeds, warn=lambda *a, **k: None)


def test_api_keys_never_reach_an_error_message(monkeypatch):
    monkeypatch.setenv("DEEPL_API_KEY", "sk-very-secret-1234")
    error = EngineError("deepl: 403 for https://api-free.deepl.com/v2/translate?auth_key=sk-very-secret-1234")
    assert "sk-very-secret-1234" not in str(error) and "***" in str(error)


def test_control_characters_from_an_engine_are_removed():
    assert clean_answer("A\x00B\x1b[31mC\x7f ") == "AB[31mC"


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    root = copy_project(tmp_path)
    shutil.rmtree(root / "translations" / "en")
    (root / "translations" / "en").write_text("not a folder", encoding="utf-8")
    result = run_cli(root, "translate", "--engine", "none", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"translations/en/\S+\.po: cannot write", result.stderr)


# --- the site swap ------------------------------------------------------------------------------

def test_a_second_build_in_the_same_checkout_is_refused_while_one_runs(tmp_path):
    with open(tmp_path / ".site.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match="another build is running"), build_lock(tmp_path):
            pass


def tiny_mkdocs_project(root: Path) -> Path:
    """The smallest project `build_site` builds: an mkdocs.yml and a page in each edition's folder."""
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    for folder in ("", "en/", "zh-Hant/"):
        page = root / "docs" / folder / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {folder or 'zh'}\n\n正文。\n", encoding="utf-8")
    return root


NOT_FOUND = "<!doctype html><html><head><meta charset=\"utf-8\"></head></html>"


def test_a_swap_killed_half_way_and_leftovers_of_killed_builds_are_repaired(tmp_path):
    root = tiny_mkdocs_project(tmp_path)
    build_site(root, root / "site", NOT_FOUND, editions())
    (root / "site").rename(root / ".site-old-999")  # killed between the two renames
    (root / ".site-abc123").mkdir()  # killed while MkDocs ran
    build_site(root, root / "site", NOT_FOUND, editions())
    assert (root / "site" / "index.html").exists()
    assert not list(root.glob(".site-*"))


# --- hostile text in every input, through a real build -------------------------------------------

HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"
HOSTILE_TITLE = "</title><script>alert(3)</script>"
HOSTILE_SUMMARY = '"><svg onload=alert(4)>'
HOSTILE_ENGLISH = '<img src=y onerror=alert(6)> [x](javascript:alert(7))\n\n[y](javascript:alert(8)) \x1b'


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def injected(html: str) -> list[str]:
    """Elements or attributes that hostile input could have put live in a page."""
    parser = _Elements()
    parser.feed(html)
    bad = [f"<{tag} {name}=…>" for tag, attrs in parser.found for name, _ in attrs if name.startswith("on")]
    bad += [f"<{tag} {name}={value}>" for tag, attrs in parser.found for name, value in attrs
            if name in ("href", "src") and value and (value.lower().startswith("javascript:") or value in ("x", "y"))]
    bad += [f"<{tag}>" for tag, _ in parser.found if tag in ("iframe", "object", "embed", "base")]
    bad += [s[:40] for s in parser.scripts if "alert(" in s]
    return bad


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One real build (`python -m scripts build`) with hostile text in every input; the project and the run."""
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    (root / "seeds" / "zz-script.txt").write_text(
        "测试文件\n\n2026年3月1日，<script>alert('x')</script>这段文字里有一个脚本标签。\n", encoding="utf-8")
    (root / "seeds" / HOSTILE_NAME).write_text("文件\n\n正文<script>alert(2)</script>的一段。\n", encoding="utf-8")
    (root / "seeds" / "title.txt").write_text("标题\n\n各位代表：\n\n正文第一段。\n", encoding="utf-8")
    manifest = root / "seeds" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\ntitle.txt:\n  slug: hostile-title\n"
                        f"  title: {json.dumps(HOSTILE_TITLE)}\n  date: 2026-03-01\n  summary: {json.dumps(HOSTILE_SUMMARY)}\n"
                        "  issuer: \"<b onmouseover=alert(5)>x</b>\"\n"
                        f"  excerpt: {json.dumps(HOSTILE_ENGLISH.replace(chr(27), ''))}\n  licence: \"[l](javascript:alert(9))\"\n"
                        "  venue: \"*[v](javascript:alert(10))*\"\n", encoding="utf-8")
    run_cli(root, "translate", "--engine", "none")
    po_file = root / "translations" / "en" / "hostile-title.po"
    po = polib.pofile(str(po_file), wrapwidth=0)
    for entry in po:  # what an engine might answer, markup and control characters included
        entry.msgstr = HOSTILE_ENGLISH if not entry.msgctxt.startswith("meta:title") else "<img src=y onerror=alert(6)>"
        entry.flags = ["fuzzy"]
    po.save(str(po_file))
    return root, run_cli(root, "build")


@pytest.fixture(scope="module")
def hostile_site(hostile_build) -> Path:
    return hostile_build[0]


def test_script_tags_in_a_source_are_shown_as_text(hostile_build):
    root, result = hostile_build
    assert "no manifest entry" in result.stderr and "zz-script.txt" in result.stderr
    html = (root / "site" / "documents" / "zz-script" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;这段文字" in html


def test_hostile_text_in_names_titles_manifest_and_translations_is_never_live(hostile_site):
    site = hostile_site / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    bad = {str(p.relative_to(site)): injected(p.read_text(encoding="utf-8")) for p in pages}
    assert not {k: v for k, v in bad.items() if v}


def test_hostile_text_is_shown_as_text(hostile_site):
    page = (hostile_site / "site" / "documents" / "hostile-title" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert HOSTILE_TITLE in text and "<b onmouseover=alert(5)>x</b>" in text
    assert f"<title>{HOSTILE_TITLE}".replace("<", "&lt;").replace(">", "&gt;").replace("&lt;title&gt;", "<title>") in page
    english = visible_text((hostile_site / "site" / "en" / "documents" / "hostile-title" / "index.html").read_text(encoding="utf-8"))
    assert "<img src=y onerror=alert(6)>" in english and "\x1b" not in english


def test_hostile_text_stays_text_in_feeds_and_search_indexes(hostile_site):
    site = hostile_site / "site"
    for prefix in ("", "en/", "zh-Hant/"):
        records = search_records(site / prefix)
        hostile = [r for r in records if "hostile-title" in r["url"]]
        assert hostile and "alert(" in hostile[0]["meta"]["title"]  # indexed as the text it is; shown as text below
        assert "<script>" not in (site / prefix / "feed.xml").read_text(encoding="utf-8")


def test_hostile_text_found_by_search_is_shown_as_text(hostile_site, browser_page):
    """Search results are made in the reader's browser from the index: a hostile title and body
    found by a query are shown as text, and nothing runs."""
    dialogs: list[str] = []
    with serve(hostile_site / "site") as url, browser_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + "/")
        search(page, "正文")
        results = page.locator("pagefind-modal pagefind-results")
        assert HOSTILE_TITLE in results.inner_text()
        assert injected(results.inner_html()) == []
        page.wait_for_timeout(300)
    assert dialogs == []


def test_every_page_carries_a_content_security_policy_without_unsafe_inline_scripts(hostile_site):
    for page in (hostile_site / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, page
        script_src = re.search(r"script-src ([^;]+)", policy.group(1)).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


# --- property: any text, markup included, in any field, stays text --------------------------------

MKDOCS = load_config(str(ROOT / "mkdocs.yml"))  # the Markdown extensions MkDocs runs, its defaults included
TEXT = st.text(alphabet=st.sampled_from(list("<>&\"'`*_[]{}#|!\\()/:=;. \n\t\x00\x1b") + list("政府工作报告江门abcxyz0123")),
               min_size=1, max_size=40)


def _render(title: str, body: str, english: str, name: str, issuer: str, edition: int) -> str:
    doc = Document(meta=Meta(title=title, slug="x", source_file=name, issuer=issuer, summary=body, date="2026-01-01"),
                   header=[HeaderLine("venue", issuer, (3,))])
    note = Note("correct", reason=title, source_text=body, lines=(7,), anchor=body[:4], repaired=issuer)  # a decision's fields
    doc.sections = [Section(title=title, level=2, anchor="s-5",
                            paragraphs=[Paragraph(id="p-7-1", text=body, runin=issuer, lines=(7,), notes=[note])])]
    ed = editions()[edition]
    ed.memory = {"x": {"p-7-1": (english, "draft"), "s-5": (english, "draft"), "meta:title": (english, "draft")}}
    page = render_document(doc, ed, Links(source=f"../sources/{name}", glossary="../g/", parallel="../p/"), status_href="../s/")
    body_md = page.split("---\n", 2)[2]
    return markdown.markdown(body_md, extensions=MKDOCS.markdown_extensions, extension_configs=MKDOCS.mdx_configs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, body=TEXT, english=TEXT, name=TEXT.filter(lambda s: "/" not in s), issuer=TEXT)
def test_any_text_in_any_field_is_rendered_as_text(title, body, english, name, issuer):
    for edition, values in ((0, (title, body, name, issuer)), (1, (english, name, issuer))):
        html = _render(title, body, english, name, issuer, edition)
        assert not injected(html)
        shown = re.sub(r"\s+", "", visible_text(html))
        for value in values:  # every character of every field, as text
            assert re.sub(r"[\s\x00-\x08\x0b-\x1f\x7f-\x9f]+", "", value) in shown


def test_a_data_file_cut_short_warns_what_would_be_lost(tmp_path, capsys):
    """A decisions file cut at an entry boundary still parses: the last commit shows what vanished."""
    path = tmp_path / "x.repairs.yaml"
    full = "decisions:\n" + "".join(f"  - op: note\n    block: 1\n    text: 甲{i}\n    reason: r{i}\n" for i in range(3))
    path.write_text(full, encoding="utf-8")
    for command in (["init", "-q"], ["add", "x.repairs.yaml"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "d"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    cut = full[:full.index("  - op: note\n    block: 1\n    text: 甲1")]
    path.write_text(cut, encoding="utf-8")
    assert len(load_decisions(path, "x.txt")) == 1
    assert "x.repairs.yaml: 1 decisions, 3 in the last commit: 2 would be lost" in capsys.readouterr().err
    with one_git_status(tmp_path):  # as the pipeline loads: git asked once for what changed
        load_decisions(path, "x.txt")
        assert "2 would be lost" in capsys.readouterr().err
        other = tmp_path / "y.repairs.yaml"  # not committed: nothing to compare with
        other.write_text(cut, encoding="utf-8")
        load_decisions(other, "y.txt")
    path.write_text(full, encoding="utf-8")
    with one_git_status(tmp_path):
        load_decisions(path, "x.txt")
    assert "would be lost" not in capsys.readouterr().err


ONE_TERM = Glossary([])  # render_glossary reads only `terms`: one glossary, its term replaced per example


@settings(max_examples=100, deadline=None)
@given(english=TEXT, explain=TEXT, name=TEXT)
def test_any_text_in_a_glossary_term_is_rendered_as_text(english, explain, name):
    term = Term(id="t", zh="江门", en=english, category="place", explain_zh="解释" + explain, explain_en="Explained " + explain,
                source={"status": "official", "name": name, "url": "https://example.org/"})
    for ed in editions():
        ONE_TERM.terms = [term]
        page = render_glossary(ONE_TERM, {}, ed, href=lambda d: "")
        html = markdown.markdown(page.split("---\n", 2)[2], extensions=MKDOCS.markdown_extensions,
                                 extension_configs=MKDOCS.mdx_configs)
        assert not injected(html)
        shown = re.sub(r"\s+", "", visible_text(html))
        for value in (english, name):
            assert re.sub(r"[\s\x00-\x08\x0b-\x1f\x7f-\x9f]+", "", value) in shown
