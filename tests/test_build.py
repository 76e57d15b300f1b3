"""End to end: the real pipeline on the real seeds, built by the real MkDocs."""

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from scripts import pipeline
from scripts.editions import editions
from scripts.ingest.readers import read_source
from scripts.ingest.sources import load_all
from scripts.publish.mkdocs_update import unlinking
from scripts.publish.writers import FRAME_STAMP, SHADOWS, can_update, frame_digest, navigation, pages_for_update
from tests.conftest import ROOT, copy_project, run_cli
from tests.htmltext import article_text, element_ids, visible_text

REPORT = "documents/2026-jiangmen-government-work-report/index.html"
PAPER = "documents/2024-02-jiangmen-daily-page/index.html"


def page(root, rel):
    return (root / "site" / rel).read_text(encoding="utf-8")


def test_site_has_home_about_and_a_page_per_document(built_site):
    for rel in ("index.html", "about/index.html", REPORT, PAPER, "sources/000_fad302a97476cc90.txt"):
        assert (built_site / "site" / rel).is_file(), rel
    home = article_text(page(built_site, "index.html"))
    assert home.index("政府工作报告") < home.index("《江门日报》2024年2月"), "newest first"


def test_document_page_opens_with_a_header_block(built_site):
    html = page(built_site, REPORT)
    header = html[html.index('class="doc-header"'):html.index('id="p-')]
    for fact in ("江门市人民政府", "2026-02-05", "江门市第十六届人民代表大会第六次会议", "000_fad302a97476cc90.txt", "本页为报告节选"):
        assert fact in visible_text(header), fact
    assert (built_site / "site" / "sources" / "000_fad302a97476cc90.txt").read_bytes() == \
        (ROOT / "seeds" / "000_fad302a97476cc90.txt").read_bytes()


def test_paragraph_ids_are_unique_and_every_body_paragraph_has_one(built_site):
    for rel in (REPORT, PAPER):
        html = page(built_site, rel)
        ids = [i for i in element_ids(html) if i.startswith("p-")]
        assert len(ids) == len(set(ids)) > 20
        assert len(re.findall(r'<p id="p-[^"]+" class="para', html)) == len(ids)


def test_continuations_and_editorial_titles_are_marked(built_site):
    text = visible_text(page(built_site, PAPER))
    assert text.count("本文开头刊于 A01 版") == 4
    assert "编者拟题" in text


def test_editorial_notes_show_what_the_source_said(built_site):
    text = visible_text(page(built_site, REPORT))
    assert "编者注 · 订正文字" in text and "原文：市委大及其常委会；改为：市人大及其常委会" in text
    assert "编者注 · 删除重复" in text and "编者注 · 调整次序" in text


def _sentences(source_text: str):
    """Each sentence of the source, without spaces, and the parts its spaces separate (where a title
    or heading glued to its paragraph by a space is set apart, the page has them apart)."""
    for line in source_text.split("\n"):
        line = re.sub(r"^#+\s*", "", line).replace("**", "")
        for sentence in re.findall(r"[^。！？]+[。！？]?", line):
            parts = sentence.split()
            if parts:
                yield "".join(parts), parts


def test_every_sentence_of_every_source_is_in_the_page_or_an_editorial_note(built_site):
    """Faithfulness: nothing is dropped silently, from the seeds or from the corpus texts
    (header lines and web page furniture included). A corrected sentence counts when its
    corrected form is on the page and the note quotes the source's wording; a sentence with a
    space in it, when what stands on each side of the space is."""
    docs = {doc.meta.source_file: doc.meta.slug for doc, _ in load_all(built_site / "seeds")}
    assert len(docs) >= 20
    for source, slug in docs.items():
        text = re.sub(r"\s+", "", visible_text(page(built_site, f"documents/{slug}/index.html")))
        decisions_file = built_site / "seeds" / source.replace(".txt", ".repairs.yaml")
        decisions = yaml.safe_load(decisions_file.read_text(encoding="utf-8"))["decisions"] if decisions_file.exists() else []
        corrections = [(d["from"].replace("**", ""), d["to"].replace("**", "")) for d in decisions if d["op"] == "correct"]
        missing = []
        for sentence, parts in _sentences(read_source(built_site / "seeds" / source)):
            fixed = sentence
            for old, new in corrections:
                if old in fixed and old in text:
                    fixed = fixed.replace(old, new)
            if fixed not in text and not (len(parts) > 1 and all(part in text for part in parts)):
                missing.append(sentence)
        assert not missing, f"{source}: {missing[:3]}"


def test_generated_files_are_deterministic(tmp_path):
    """Pages, feeds, figures data, charts: two runs give byte-identical files (one run in this process, one
    in a `python -m scripts pages` of its own: another process, another hash seed, the same bytes)."""
    root = copy_project(tmp_path)
    pipeline.pages(root)
    first = {p: p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}
    assert any(p.suffix == ".xml" for p in first) and any(p.suffix == ".json" for p in first)
    for folder in ("documents", "figures", "data", "parallel"):
        shutil.rmtree(root / "docs" / folder)
    run_cli(root, "pages")
    assert {p: p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()} == first


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """The project, built once as `make site` builds it; each test below changes a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    run_cli(root, "build")
    return root


def built_copy(previous_build: Path, tmp_path: Path) -> Path:
    """A copy of the built project: its files, its site/ and its build fingerprint, timestamps kept."""
    return Path(shutil.copytree(previous_build, tmp_path / "project", symlinks=True))


def test_a_failed_build_leaves_the_previous_site_intact(previous_build, tmp_path):
    root = built_copy(previous_build, tmp_path)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "seeds" / "broken.txt").write_bytes(b"\xe6\xb1\x9f\xe9\x97\xa8\xff\xfe junk")
    result = run_cli(root, "build", check=False)
    assert result.returncode == 1
    assert "broken.txt (byte offset 6): cannot decode" in result.stderr
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


def test_a_failing_mkdocs_build_leaves_the_previous_site_intact(previous_build, tmp_path):
    root = built_copy(previous_build, tmp_path)
    before = sorted(p.relative_to(root) for p in (root / "site").rglob("*"))
    (root / "docs" / "about.md").write_text("# 关于\n\n[坏链接](missing.md)\n", encoding="utf-8")
    result = run_cli(root, "build", check=False)
    assert result.returncode == 1 and "left as it was" in result.stderr
    assert sorted(p.relative_to(root) for p in (root / "site").rglob("*")) == before
    assert not list(root.glob(".site-*"))


def test_a_rebuild_with_no_input_changed_does_nothing_and_a_changed_input_rebuilds_its_pages_as_a_clean_build(
        previous_build, tmp_path):
    """No input changed: nothing is done. A document's title changed: its pages (and the lists that
    show it) are built again as an update of the site in place (MkDocs --dirty on a copy), the other
    document's are not, and what the update leaves is exactly what a build from scratch makes."""
    root = built_copy(previous_build, tmp_path)
    index = root / "site" / "index.html"
    built = index.stat().st_mtime_ns
    again = run_cli(root, "build")
    assert "up to date" in again.stdout and index.stat().st_mtime_ns == built
    other = root / "site" / PAPER
    untouched = other.stat().st_mtime_ns
    served = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    witness = tmp_path / "witness"  # second links to the files readers are served while the update runs
    witness.mkdir()
    for i, path in enumerate(served):
        os.link(path, witness / str(i))
    manifest = root / "seeds" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("title: 政府工作报告", "title: 政府工作报告（2026年）"),
                        encoding="utf-8")
    assert "changed files rebuilt" in run_cli(root, "build").stdout
    assert "政府工作报告（2026年）" in page(root, REPORT) and "政府工作报告（2026年）" in page(root, "index.html")
    assert other.stat().st_mtime_ns == untouched, "another document's page was built again"
    assert [path for i, path in enumerate(served) if (witness / str(i)).read_bytes() != served[path]] == [], \
        "the update wrote into the site in place"
    updated = {p.relative_to(root / "site"): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    (root / FRAME_STAMP).unlink()  # no known frame: the next build starts from scratch
    assert "built from scratch" in pipeline.build(root, force=True)
    clean = {p.relative_to(root / "site"): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    assert updated.keys() == clean.keys()
    assert [rel for rel in clean if updated[rel] != clean[rel]] == []


def test_an_added_or_edited_document_is_an_update_whose_site_is_the_clean_build(previous_build, tmp_path):
    """An update lets MkDocs see only what the changed pages need (the navigation included), except
    when a page is new: the sitemap lists every page. Either way the result is what a build from
    scratch makes."""
    root = built_copy(previous_build, tmp_path)
    added = root / "seeds" / "macau-2025-chief-executive-new-year-message.txt"
    shutil.copy(ROOT / "tests" / "corpus" / added.name, added)
    assert "changed files rebuilt" in run_cli(root, "build").stdout
    assert "/documents/macau-2025-chief-executive-new-year-message/" in page(root, "sitemap.xml")
    added.write_text(added.read_text(encoding="utf-8") + "\n\n編者測試：正文多出一段。\n", encoding="utf-8")
    assert "changed files rebuilt" in run_cli(root, "build").stdout  # its body only: no list, no navigation changed
    assert "編者測試" in page(root, "documents/macau-2025-chief-executive-new-year-message/index.html")
    updated = {p.relative_to(root / "site"): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    (root / FRAME_STAMP).unlink()
    assert "built from scratch" in pipeline.build(root, force=True)
    clean = {p.relative_to(root / "site"): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    assert updated.keys() == clean.keys()
    assert [rel for rel in clean if updated[rel] != clean[rel]] == []
    assert not list(root.glob(".site-*")), "the update's own files are gone"


def test_an_update_shows_mkdocs_the_changed_pages_what_they_link_to_and_the_navigation(tmp_path):
    docs = tmp_path / "docs"
    files = {"index.md": "", "index.en.md": "", "assets/site.css": "", "documents/a.md": "[src](<../sources/a.txt>) [b](b.md#p-1)",
             "documents/a.en.md": "", "documents/b.md": "", "documents/b.en.md": "", "documents/c.md": "", "documents/c.en.md": "",
             "sources/a.txt": "", "sources/c.txt": "", "data/a-figures.json": "", "data/c-figures.json": ""}
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / "documents" / "index.md").write_text("", encoding="utf-8")
    eds = [ed for ed in editions() if ed.code in ("zh", "en")]
    assert pages_for_update(docs, ["documents/a.md", "data/a-figures.json"], eds, {"index.md", "documents/index.md"}) == {
        "index.md", "index.en.md", "assets/site.css",  # outside the generated folders: always
        "documents/index.md",  # in the navigation
        "documents/a.md", "documents/a.en.md", "data/a-figures.json",  # the changed files, in every edition
        "sources/a.txt", "documents/b.md", "documents/b.en.md"}  # what a changed page links to
    assert navigation(ROOT / "mkdocs.yml") >= {"index.md", "documents/index.md", "glossary.md"}


def test_the_update_build_writes_a_hard_linked_file_as_a_file_of_its_own(tmp_path):
    """MkDocs builds an update into hard links of the site in place (publish/mkdocs_update.py):
    whatever the mode, writing there leaves the other link as it was."""
    served, folder = tmp_path / "served", tmp_path / "building"
    served.mkdir(), folder.mkdir()
    for mode in ("w", "a", "r+", "wb"):
        (served / mode).write_text("as served", encoding="utf-8")
        os.link(served / mode, folder / mode)
    own_open = unlinking(str(folder) + os.sep, open)
    for mode in ("w", "a", "r+", "wb"):
        with own_open(folder / mode, mode) as handle:
            handle.write(b"new" if "b" in mode else "new")
        assert (served / mode).read_text(encoding="utf-8") == "as served", mode
        assert (folder / mode).stat().st_nlink == 1
    assert (folder / "a").read_text(encoding="utf-8") == "as servednew"
    with own_open(served / "w", "w") as handle:  # outside the folder: open as ever
        handle.write("changed")
    assert (served / "w").read_text(encoding="utf-8") == "changed"


def test_a_removed_document_rebuilds_from_scratch(previous_build, tmp_path):
    """A dirty build would leave the removed document's pages behind."""
    root = built_copy(previous_build, tmp_path)
    for name in ("003_a06d475ae2cbff34.txt", "003_a06d475ae2cbff34.repairs.yaml"):
        (root / "seeds" / name).unlink()
    manifest = root / "seeds" / "manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    del entries["003_a06d475ae2cbff34.txt"]
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    assert "built from scratch" in run_cli(root, "build").stdout
    assert not (root / "site" / PAPER).exists() and (root / "site" / REPORT).exists()


def test_only_page_content_changes_are_built_as_an_update(tmp_path):
    """The site in place is updated only when its frame (configuration, templates, assets, code,
    address) is the one it was built with, and every changed page is still there."""
    for rel in ("mkdocs.yml", "overrides/main.html", "docs/assets/x.css", "docs/a.md", "docs/b.md", "site/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    site = tmp_path / "site"

    def can_update_now(changed):
        return can_update(tmp_path, site, changed, frame_digest(tmp_path))

    assert not can_update_now(["a.md"]), "no frame recorded"
    (tmp_path / FRAME_STAMP).parent.mkdir()
    (tmp_path / FRAME_STAMP).write_text(frame_digest(tmp_path))
    assert not can_update_now(["a.md"]), "what search read of the site is gone: an update would index its own pages only"
    (tmp_path / SHADOWS).mkdir()
    assert can_update_now(["a.md", "b.md"]) and can_update_now([])
    assert not can_update_now(None), "changes not known"
    assert not can_update_now(["a.md", "gone.md"]), "a page went away"
    for rel in ("overrides/main.html", "docs/assets/x.css", "mkdocs.yml"):
        (tmp_path / rel).write_text("changed", encoding="utf-8")
        assert not can_update_now(["a.md"]), rel
        (tmp_path / FRAME_STAMP).write_text(frame_digest(tmp_path))
    (tmp_path / "docs" / "b.md").unlink()  # a hand-written page removed: its page must go too
    assert not can_update_now(["a.md"])
    (tmp_path / FRAME_STAMP).write_text(frame_digest(tmp_path))
    (tmp_path / "docs" / "documents").mkdir()
    (tmp_path / "docs" / "documents" / "new.md").write_text("new", encoding="utf-8")  # a new document's page
    assert can_update_now(["documents/new.md"])
    (site / "index.html").unlink()
    assert not can_update_now(["a.md"]), "no site in place"
