"""The translation memory in PO files: round trip, drafts, stale entries, coverage."""

import polib

from scripts.ingest.sources import load_all
from scripts.translate import translation as tm
from scripts.translate.units import Unit, units
from tests.conftest import ROOT


def test_po_round_trip_is_byte_identical(tmp_path):
    doc = next(d for d, _ in load_all(ROOT / "seeds"))
    path = tmp_path / "en" / "doc.po"
    po = tm.sync(tm.load(path, "en"), units(doc))
    tm.fill(po, {u.context: f"EN {u.context}" for u in units(doc)[:5]}, "team draft 2026-11-23")
    tm.save(po, path)
    first = path.read_bytes()
    again = tm.load(path, "en")
    tm.save(tm.sync(again, units(doc)), path)
    assert path.read_bytes() == first
    assert tm.coverage(again) == tm.Coverage(reviewed=0, draft=5, machine=0, missing=len(units(doc)) - 5)


def test_changed_source_makes_the_entry_fuzzy_and_keeps_the_previous_source():
    po = tm.sync(tm.load(ROOT / "missing.po", "en"), [Unit("p-1-1", "旧文本。")])
    po[0].msgstr = "Old text."  # reviewed: not fuzzy
    po = tm.sync(po, [Unit("p-1-1", "新文本。")])
    entry = po[0]
    assert entry.fuzzy and entry.previous_msgid == "旧文本。" and entry.msgid == "新文本。"
    assert tm.status(entry) == "missing" and tm.lookup(po) == {}  # never shown for the new Chinese
    assert "#| msgid \"旧文本。\"" in str(po)


def test_units_that_disappear_become_obsolete_not_lost():
    po = tm.sync(tm.load(ROOT / "missing.po", "en"), [Unit("p-1-1", "甲。"), Unit("p-2-1", "乙。")])
    po[1].msgstr = "B."
    po = tm.sync(po, [Unit("p-1-1", "甲。")])
    assert [e.msgctxt for e in po if e.obsolete] == ["p-2-1"]
    assert tm.coverage(po) == tm.Coverage(reviewed=0, draft=0, machine=0, missing=1)


def test_committed_memory_covers_every_unit_of_the_seeds():
    for doc, _ in load_all(ROOT / "seeds"):
        po = polib.pofile(str(tm.po_path(ROOT, "en", doc.meta.slug)))
        contexts = {e.msgctxt for e in po if not e.obsolete and e.msgstr}
        assert {u.context for u in units(doc)} <= contexts, doc.meta.slug
