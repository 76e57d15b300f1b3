"""Extension points are registries: an editorial operation, a QA check or an edition is one entry, and
the README's tables say what the registries hold."""

from __future__ import annotations

import re
from dataclasses import replace

import polib
import pytest

from scripts.editions import editions
from scripts.ingest.readers import read_blocks
from scripts.ingest.repairs import OPERATIONS, apply, load_decisions, operation
from scripts.model import Note
from scripts.pipeline import MKDOCS_EDITIONS, mkdocs_editions
from scripts.translate.checks import CHECKS, check, check_entry
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_table_of_editorial_operations_is_the_registry():
    table = re.findall(r"^\| `(\w+)` \| (.*?) \| .*\|$", README[README.index("### Editorial decisions"):], re.M)
    assert {op for op, _ in table} == set(OPERATIONS)
    for op, fields in table:
        assert set(re.findall(r"`(\w+)`?:?", fields)) >= {f for f, (_, required) in OPERATIONS[op].fields.items() if required}


def test_every_check_is_named_in_the_readme_and_every_operation_has_labels_in_every_edition():
    assert all(f"`{name}`" in README for name in CHECKS)
    for ed in editions():
        assert set(OPERATIONS) <= set(ed.note_kinds), ed.code


def test_a_new_operation_is_one_registered_function(tmp_path, monkeypatch):
    monkeypatch.setattr("scripts.ingest.repairs.OPERATIONS", dict(OPERATIONS))

    @operation("mark", {"block": ("line", True)}, "a toy operation: notes a block")
    def _mark(blocks, d, path):
        blocks[0] = replace(blocks[0], notes=(Note("note", d.reason, ""),))

    path = tmp_path / "x.repairs.yaml"
    path.write_text("decisions:\n  - op: mark\n    block: 1\n    reason: 试试\n", encoding="utf-8")
    blocks = apply(read_blocks("甲。\n"), load_decisions(path, "x.txt"), path)
    assert blocks[0].notes[0].reason == "试试"


def test_a_new_check_is_one_registered_function_and_checks_can_be_selected(monkeypatch):
    monkeypatch.setattr("scripts.translate.checks.CHECKS", dict(CHECKS))

    @check("shouting", "no English in capitals only")
    def _shouting(entry, glossary):
        if entry.msgstr.isupper():
            yield "all capitals"

    entry = polib.POEntry(msgctxt="p-1-1", msgid="江门。", msgstr="JIANGMEN.")
    assert ("shouting", "all capitals") in check_entry(entry, None)
    assert check_entry(entry, None, ["numbers"]) == []


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_each_operation_documents_itself(op):
    assert OPERATIONS[op].help and OPERATIONS[op].fields


def test_the_mkdocs_configuration_of_the_editions_is_generated_from_them():
    """mkdocs.yml inherits the editions' i18n block from mkdocs.editions.yml, which the pipeline
    writes from scripts/editions.py; the committed copy is what it writes."""
    assert (ROOT / MKDOCS_EDITIONS).read_text(encoding="utf-8") == mkdocs_editions(editions())
    assert f"INHERIT: {MKDOCS_EDITIONS}" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
