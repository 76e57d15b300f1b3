"""Extension points are registries: an editorial operation, a QA check or an edition is one entry, and
the README's tables say what the registries hold."""

from __future__ import annotations

from dataclasses import replace

import polib
import pytest

from scripts.cli import readme_with_tables
from scripts.editions import editions
from scripts.ingest.readers import read_blocks
from scripts.ingest.repairs import OPERATIONS, apply, load_decisions, operation
from scripts.model import Note
from scripts.pipeline import MKDOCS_EDITIONS, mkdocs_editions
from scripts.translate.checks import CHECKS, check, check_entry
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_tables_of_operations_and_checks_are_made_from_the_registries():
    """`python -m scripts readme` writes them; a new operation or check without it fails here."""
    assert readme_with_tables(README) == README
    for name in list(OPERATIONS) + list(CHECKS):
        assert f"| `{name}` |" in README


def test_every_operation_has_a_note_label_in_every_edition():
    for ed in editions():
        assert set(OPERATIONS) <= set(ed.note_kinds), ed.code
        assert all(ed.note_kinds[op] for op in OPERATIONS)


def test_an_operation_without_labels_in_both_languages_is_refused():
    with pytest.raises(ValueError, match="label"):
        operation("mark", {"block": ("line", True)}, "a toy operation", labels={"zh": "标记"})


@pytest.fixture
def registries():
    """A test may register toy operations and checks; they are gone after it."""
    saved = dict(OPERATIONS), dict(CHECKS)
    yield
    for registry, before in zip((OPERATIONS, CHECKS), saved):
        registry.clear()
        registry.update(before)


def test_a_new_operation_is_one_registered_function(tmp_path, registries):

    @operation("mark", {"block": ("line", True)}, "a toy operation: notes a block", labels={"zh": "标记", "en": "marked"})
    def _mark(blocks, d, path):
        blocks[0] = replace(blocks[0], notes=(Note("mark", d.reason, ""),))

    path = tmp_path / "x.repairs.yaml"
    path.write_text("decisions:\n  - op: mark\n    block: 1\n    reason: 试试\n", encoding="utf-8")
    blocks = apply(read_blocks("甲。\n"), load_decisions(path, "x.txt"), path)
    assert blocks[0].notes[0].reason == "试试"
    assert {ed.code: ed.note_kinds["mark"] for ed in editions()} == {"zh": "标记", "en": "marked", "zh-Hant": "標記"}
    assert "| `mark` | `block` | a toy operation: notes a block | 标记 / marked |" in readme_with_tables(README)


def test_a_new_check_is_one_registered_function_and_checks_can_be_selected(registries):

    @check("shouting", "no English in capitals only")
    def _shouting(entry, glossary):
        if entry.msgstr.isupper():
            yield "all capitals"

    entry = polib.POEntry(msgctxt="p-1-1", msgid="江门。", msgstr="JIANGMEN.")
    assert ("shouting", "all capitals") in check_entry(entry, None)
    assert check_entry(entry, None, ["numbers"]) == []
    assert "| `shouting` | no English in capitals only |" in readme_with_tables(README)


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_each_operation_documents_itself(op):
    assert OPERATIONS[op].help and OPERATIONS[op].fields


def test_the_mkdocs_configuration_of_the_editions_is_generated_from_them():
    """mkdocs.yml inherits the editions' i18n block from mkdocs.editions.yml, which the pipeline
    writes from scripts/editions.py; the committed copy is what it writes."""
    assert (ROOT / MKDOCS_EDITIONS).read_text(encoding="utf-8") == mkdocs_editions(editions())
    assert f"INHERIT: {MKDOCS_EDITIONS}" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
