"""English in the publishing workflow: `make translate` against a local stand-in provider.

No online engine is reachable from this machine, so the provider is tests/fake_provider.py on
127.0.0.1, speaking LibreTranslate's API as deep-translator calls it. The command tested is the
one `make translate` runs (checked below), with the stand-in's URL given as a user would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml

from scripts import pipeline
from scripts.translate.translation import load as load_po
from tests.conftest import ROOT, copy_project, run_cli
from tests.fake_provider import FakeProvider
from tests.htmltext import article_text

NEW = "nankai-2024-budget-report"
BIN = Path(sys.executable).parent  # the linters installed with the project's pinned requirements


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def translate(root, provider, *extra):
    """What `make translate` runs, pointed at the stand-in (no trailing slash: it must work either way)."""
    return run_cli(root, "translate", "--publish", "--engine", "libre", "--base-url", provider.url.rstrip("/"),
                   "--quiet", "--summary", "translation-summary.md", "--requests-per-second", "1000",
                   "--retries", "1", "--backoff", "0.01", "--timeout", "3", *extra)


def test_make_translate_runs_this_command():
    dry = subprocess.run(["make", "-n", "translate"], cwd=ROOT, capture_output=True, text=True).stdout
    assert re.search(r"-m scripts translate --publish --engine auto .*--summary translation-summary\.md", dry)


def test_a_new_document_gets_machine_drafts_for_every_unit_and_the_site_shows_them(tmp_path, provider):
    root = copy_project(tmp_path)
    shutil.copy(ROOT / "tests" / "corpus" / f"{NEW}.txt", root / "seeds")
    before = {p.name: p.read_bytes() for p in (root / "translations" / "en").glob("*.po")}
    result = translate(root, provider)
    assert result.returncode == 0
    po = load_po(root / "translations" / "en" / f"{NEW}.po", "en")  # parses cleanly
    entries = [e for e in po if not e.obsolete]
    assert entries and all(e.msgstr and e.fuzzy and e.tcomment.startswith("machine draft: libre (deep-translator ")
                           for e in entries)
    assert {p.name: p.read_bytes() for p in (root / "translations" / "en").glob("*.po") if p.name in before} == before
    summary = (root / "translation-summary.md").read_text(encoding="utf-8")
    assert f"| `translations/en/{NEW}.po` | {len(entries)} |" in summary and "untranslated-chinese" in summary
    pipeline.build(root)
    html = (root / "site" / "en" / "documents" / NEW / "index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'<p id="p-[^"]+" class="para [^"]*" data-status="(\w+)"', html)
    assert statuses and set(statuses) == {"machine"}
    assert "Translation pending" not in article_text(html)
    assert article_text(html).count("machine draft") >= len(statuses)
    assert re.search(r"machine drafts: \d+", article_text(html))
    status_page = article_text((root / "site" / "en" / "translation-status" / "index.html").read_text(encoding="utf-8"))
    assert "Machine draft" in status_page and "Team draft" in status_page
    parallel = (root / "site" / "en" / "parallel" / NEW / "index.html").read_text(encoding="utf-8")
    assert 'status-badge status-machine">machine draft<' in parallel


def test_with_the_provider_down_the_site_builds_and_no_po_file_changes(tmp_path, provider):
    root = copy_project(tmp_path)
    shutil.copy(ROOT / "tests" / "corpus" / f"{NEW}.txt", root / "seeds")
    memory = root / "translations" / "en"
    before = {p.name: p.read_bytes() for p in memory.glob("*.po")}
    provider.faults = ["500"] * 100
    result = translate(root, provider)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in memory.glob("*.po")} == before  # not even a half-filled new file
    assert "The engine was not available" in (root / "translation-summary.md").read_text(encoding="utf-8")
    pipeline.build(root)
    assert "Translation pending" in article_text((root / "site" / "en" / "documents" / NEW / "index.html").read_text(encoding="utf-8"))


def test_reviewed_entries_and_team_drafts_are_never_touched(tmp_path, provider):
    root = copy_project(tmp_path)
    path = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    po = polib.pofile(str(path), wrapwidth=0)
    reviewed, emptied = po[0], po[1]
    reviewed.flags = []  # a person reviewed it
    emptied.msgstr = ""  # a missing entry
    po.save(str(path))
    keep = {e.msgctxt: (e.msgstr, e.flags, e.tcomment) for e in po if e.msgctxt != emptied.msgctxt}
    translate(root, provider, "--doc", "2026-jiangmen-government-work-report")
    after = polib.pofile(str(path), wrapwidth=0)
    assert {e.msgctxt: (e.msgstr, e.flags, e.tcomment) for e in after if e.msgctxt != emptied.msgctxt} == keep
    filled = after.find(emptied.msgid, by="msgid", msgctxt=emptied.msgctxt)
    assert filled.msgstr.startswith("EN[") and filled.tcomment.startswith("machine draft:")
    assert len(provider.requests) == 1


def test_a_stale_machine_draft_is_redone_and_a_stale_team_draft_waits_for_a_person(tmp_path, provider):
    root = copy_project(tmp_path)
    path = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    po = polib.pofile(str(path), wrapwidth=0)
    machine, team = po[2], po[3]
    machine.tcomment = "machine draft: google (deep-translator 1.11.4), 2026-01-01"
    for entry in (machine, team):
        entry.previous_msgid, entry.msgid = "旧的中文", entry.msgid  # the Chinese changed since
    po.save(str(path))
    translate(root, provider, "--doc", "2026-jiangmen-government-work-report")
    after = polib.pofile(str(path), wrapwidth=0)
    redone = next(e for e in after if e.msgctxt == machine.msgctxt)
    waiting = next(e for e in after if e.msgctxt == team.msgctxt)
    assert redone.msgstr.startswith("EN[") and not redone.previous_msgid
    assert waiting.msgstr == team.msgstr and waiting.previous_msgid == "旧的中文"


def test_the_workflow_is_valid_pinned_and_least_privilege():
    workflow = ROOT / ".github" / "workflows" / "site.yml"
    lint = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", str(workflow)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    audit = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(workflow)],
                           capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    uses = re.findall(r"uses:\s*(\S+)", workflow.read_text(encoding="utf-8"))
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert data["permissions"] == {"contents": "read"}
    writers = {name for name, job in data["jobs"].items() if "write" in str(job.get("permissions", {}))}
    assert writers == {"deploy", "translations"}
    steps = " ".join(str(s.get("run", "")) for s in data["jobs"]["build"]["steps"])
    assert steps.index("make test") < steps.index("make translate") < steps.index("make site")
