"""The units, the document structure and the render stage, in-process on the real seeds and
corpus (no MkDocs): invariants that hold whatever the texts and the memory say today."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

import pytest

from scripts import pipeline
from scripts.cache import Store
from scripts.datafiles import one_git_status
from scripts.editions import editions
from scripts.ingest.sources import load_all
from scripts.model import SourceError
from scripts.render.generators import with_data
from scripts.render.markup import texts_for
from scripts.render.parallel import render_parallel
from scripts.render.status import render_status
from scripts.translate.translation import STATUSES
from scripts.translate.units import units
from tests.conftest import copy_project


@pytest.fixture(scope="module")
def files(project) -> dict[str, str | bytes]:
    return pipeline.render(project)


def test_units_have_unique_contexts_and_cover_every_paragraph_and_heading(project):
    for doc in project.docs:
        contexts = [u.context for u in units(doc)]
        assert len(contexts) == len(set(contexts)), doc.meta.slug
        assert {p.id for p in doc.paragraphs() if p.text} <= set(contexts)
        assert {s.anchor for s in doc.all_sections() if s.title} <= set(contexts)


def test_structure_nests_deeper_levels_under_shallower_ones_with_unique_ids(project):
    for doc in project.docs:
        ids = [p.id for p in doc.paragraphs()]
        assert len(ids) == len(set(ids)), doc.meta.slug
        for top in doc.sections:
            for section in top.walk():
                assert all(sub.level > section.level for sub in section.subsections), (doc.meta.slug, section.title)


def test_every_edition_gets_every_page_of_every_document(project, files):
    for ed in editions():
        for doc in project.docs:
            for kind in ("documents", "figures", "parallel"):
                assert f"{kind}/{doc.meta.slug}{ed.suffix}.md" in files
        assert f"data/terms-{ed.html_lang}.json" in files and f"feed{ed.suffix}.xml" in files


def test_the_side_by_side_view_pairs_every_paragraph_once(project):
    eds = with_data(project.glossary, project.memory, first_only=True)
    source, target = eds[0], next(e for e in eds if e.translated)
    for doc in project.docs:
        page = render_parallel(doc, source, source, target, document_href="../x/")
        pairs = re.findall(r'<div class="pair para" id="([^"]+)" data-status="([^"]+)">', page)
        assert [pid for pid, _ in pairs] == [p.id for p in doc.paragraphs()]
        assert {status for _, status in pairs} <= set(STATUSES)


def test_status_counts_add_up(project):
    eds = with_data(project.glossary, project.memory, first_only=True)
    target = next(e for e in eds if e.translated)
    page = render_status([(doc, texts_for(doc, target).coverage(doc)) for doc in project.docs], target, href=lambda d: "x")
    rows = [[int(n) for n in re.findall(r"\| (\d+)", line)] for line in page.splitlines() if line.startswith("| [")]
    total = [int(n) for n in re.findall(r"\| (\d+)", page.splitlines()[-1])]
    assert len(rows) == len(project.docs)
    assert all(sum(row[:-1]) == row[-1] for row in rows)  # the statuses add up to the document's units
    assert [sum(col) for col in zip(*rows)] == total  # and the documents to the total
    assert all(row[-1] == len(units(doc)) for row, doc in zip(rows, project.docs))


def test_rendering_is_pure(project, files):
    assert pipeline.render(project) == files


def test_text_shown_as_written_carries_the_language_of_its_characters(project, files):
    """A text in Traditional characters is zh-Hant wherever it is shown as written (the Simplified
    edition, the left column side by side); a Simplified one stays zh-Hans."""
    languages = {doc.meta.slug: doc.meta.language for doc in project.docs}
    traditional = {"xinhui-2023-statistical-communique", "macau-2025-chief-executive-new-year-message",
                   "jiangmen-2025-budget-report-news", "jiangmen-2011-government-work-report-excerpt",
                   "hongkong-2012-lantern-carnival-speech", "huaihua-2023-economy-measures-plan-notice"}  # by reading them
    assert {slug for slug, lang in languages.items() if lang == "zh-Hant"} == traditional
    assert {lang for slug, lang in languages.items() if slug not in traditional} == {"zh-Hans"}
    for slug, lang in languages.items():
        for page in (f"documents/{slug}.md", f"parallel/{slug}.md"):
            said = set(re.findall(r'<(?:p|div) [^>]*class="(?:para|pair-zh)[^"]*"[^>]*lang="([^"]+)"', str(files[page])))
            assert said == {lang}, (page, said)


def test_a_text_without_a_title_says_so_where_the_guesses_are_listed(project, files):
    """The page of an untitled text is headed by its file name; the inferred-metadata note says why,
    in the edition's language, so the file name is not taken for the document's title."""
    untitled = [doc.meta.slug for doc in project.docs if doc.meta.untitled]
    assert "shanwei-2018-final-accounts-report" in untitled  # by reading it: it starts at the venue line
    for slug in untitled:
        assert '<span lang="zh-Hans">原文没有标题，暂以文件名代替</span>' in str(files[f"documents/{slug}.md"])
        assert '<span lang="en">the text has none; its file name stands in' in str(files[f"documents/{slug}.en.md"])
    titled = next(doc.meta.slug for doc in project.docs if doc.meta.inferred and doc.meta.slug not in untitled)
    assert "原文没有标题" not in str(files[f"documents/{titled}.md"])


def test_a_heading_carries_its_language_where_it_is_not_the_pages(project, files):
    """A heading shown as written in another script (a Traditional source in the Simplified
    edition) or not yet translated (Chinese in the English edition) says which language it is;
    every other heading is in the page's language and says nothing."""
    def headings(page: str) -> list[str]:
        return [line for line in str(files[page]).splitlines() if re.match(r"#{1,6} ", line)]

    traditional = headings("documents/xinhui-2023-statistical-communique.md")
    assert traditional and all(line.endswith('lang="zh-Hant" }') for line in traditional)
    pending = headings("documents/xinhui-2023-statistical-communique.en.md")  # no English memory for it
    assert pending and all(line.endswith('lang="zh-Hant" }') for line in pending)
    reviewed = headings("documents/2026-jiangmen-government-work-report.en.md")
    assert any("lang=" not in line for line in reviewed), "translated headings are English, like the page"
    assert not any("lang=" in line for line in headings("documents/2026-jiangmen-government-work-report.md"))
    by_kind = str(files["archive/kind-statistical-communique.en.md"])  # a list of documents, in English
    assert '- [<span lang="zh-Hant">2023年江門市新會區國民經濟和社會發展統計公報</span>](' in by_kind
    assert re.search(r"^- \[Report on the Work of the Government", str(files["index.en.md"]), re.M)


def test_the_guesses_are_shown_as_the_edition_shows_the_text(files):
    """The inferred title of a Simplified source is converted in the Traditional edition, like its
    page, and stays as written (and marked so) in the English one."""
    note = lambda page: re.search(r'<details class="note ed-note inferred".*?</details>', str(files[page])).group()  # noqa: E731
    assert '<span lang="zh-Hant">2021年湛江市人民政府行政服務中心部門決算</span>' in note(
        "documents/zhanjiang-2021-department-final-accounts.zh-Hant.md")
    assert '<span lang="zh-Hans">2021年湛江市人民政府行政服务中心部门决算</span>' in note(
        "documents/zhanjiang-2021-department-final-accounts.en.md")


def test_documents_rendered_in_worker_processes_are_the_documents_rendered_in_one(project, files, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)  # the seeds and corpus are fewer than it takes to pay
    assert pipeline.render(project) == files


def test_documents_kept_from_an_earlier_build_are_the_documents_rendered_again(project, files, tmp_path):
    store = Store(tmp_path / "pages", salt="code")
    assert pipeline.render(project, store=store) == files and store.misses == len(project.docs)
    again = Store(tmp_path / "pages", salt="code")
    assert pipeline.render(project, store=again) == files and again.hits == len(project.docs) and again.misses == 0
    slug = project.docs[0].meta.slug  # one document's memory changes: it alone is rendered again
    changed = replace(project, memory={lang: {**memory, slug: {}} for lang, memory in project.memory.items()})
    once = Store(tmp_path / "pages", salt="code")
    pipeline.render(changed, store=once)
    assert once.misses == 1 and once.hits == len(project.docs) - 1
    other = Store(tmp_path / "pages", salt="other code")  # new code: nothing kept applies
    assert pipeline.render(project, store=other) == files and other.hits == 0
    other.prune()
    assert len(list((tmp_path / "pages").glob("*.pickle.gz"))) == len(project.docs)


def test_sources_read_before_are_taken_from_the_cache_and_say_again_what_they_said(project, tmp_path):
    """A second load reads no source again and gives the same documents and the same warnings; a
    changed text, decisions file or manifest entry is read again, and only that source."""
    seeds = project.root / "seeds"

    def load(salt: str = "code") -> tuple[Store, list, list[str]]:
        store, said = Store(tmp_path / "documents", salt=salt), []
        with one_git_status(project.root):  # (not a git checkout: every file counts as committed)
            loaded = load_all(seeds, warn=lambda message, **_: said.append(message), store=store)
        return store, loaded, said

    store, first, said = load()
    assert store.misses == len(first) and any("no manifest entry" in message for message in said)
    again, second, said_again = load()
    assert again.hits == len(first) and again.misses == 0
    assert repr(second) == repr(first) and said_again == said
    text = seeds / "000_fad302a97476cc90.txt"  # the work report: its text, decisions and manifest entry
    edits = {text: lambda t: t + "\n编者测试：多出的一段。\n",
             text.with_name(text.stem + ".repairs.yaml"): lambda t: t.replace("decisions:", "# 编者测试\ndecisions:", 1),
             seeds / "manifest.yaml": lambda t: t.replace("title: 政府工作报告", "title: 政府工作报告（测试）", 1)}
    for path, edit in edits.items():
        before = path.read_text(encoding="utf-8")
        path.write_text(edit(before), encoding="utf-8")
        once, _, _ = load()
        path.write_text(before, encoding="utf-8")
        assert once.misses == 1 and once.hits == len(first) - 1, path.name
    other, _, _ = load(salt="other code")  # new code: nothing kept applies
    assert other.hits == 0


def test_a_memory_file_emptied_or_cut_after_a_cached_build_is_still_reported(tmp_path, capsys):
    """The cache stands in for reading a file only where reading it has nothing to report: an empty
    file is not a missing one, and a file cut since the last commit warns at every build."""
    root = copy_project(tmp_path)
    po = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    text = po.read_text(encoding="utf-8")
    po.unlink()
    pipeline.pages(root, warn=lambda *a, **k: None)  # kept: the document with no memory
    po.write_text("", encoding="utf-8")
    with pytest.raises(SourceError, match=r"2026-jiangmen-government-work-report\.po.*empty"):
        pipeline.pages(root, warn=lambda *a, **k: None)
    po.write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "memory"]):
        subprocess.run(git + command, cwd=root, check=True, capture_output=True)
    pipeline.pages(root, warn=lambda *a, **k: None)  # kept: the memory as committed
    po.write_text("\n\n".join(text.split("\n\n")[:len(text.split("\n\n")) // 2]) + "\n", encoding="utf-8")
    for _ in range(2):
        capsys.readouterr()
        pipeline.pages(root, warn=lambda *a, **k: None)
        assert "would be lost" in capsys.readouterr().err


def test_a_cache_that_cannot_be_read_or_written_only_costs_time(project, files, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")  # where the store's folder should be
    assert pipeline.render(project, store=Store(blocked, salt="code")) == files
    store = Store(tmp_path / "pages", salt="code")
    pipeline.render(project, store=store)
    for entry in (tmp_path / "pages").glob("*.pickle.gz"):
        entry.write_bytes(entry.read_bytes()[:20])  # cut short
    again = Store(tmp_path / "pages", salt="code")
    assert pipeline.render(project, store=again) == files and again.hits == 0
