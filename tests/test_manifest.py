"""The manifest: metadata for each source, with errors that name the line."""

import pytest

from scripts.manifest import infer, load_manifest
from scripts.model import SourceError
from scripts.readers import read_blocks
from tests.conftest import ROOT


def test_the_committed_manifest_describes_both_seeds():
    manifest = load_manifest(ROOT / "seeds" / "manifest.yaml")
    assert manifest["000_fad302a97476cc90.txt"]["date"] == "2026-02-05"
    assert manifest["003_a06d475ae2cbff34.txt"]["kind"] == "newspaper-page"


@pytest.mark.parametrize("body, message", [
    ("a.txt:\n  title: 甲\n  date: 2026-01-01\n  issuer: 乙\n  isuer: 丙\n", r"manifest\.yaml:2: a\.txt: unknown field\(s\) isuer"),
    ("a.txt:\n  title: 甲\n", r"manifest\.yaml:2: a\.txt: missing field\(s\) date"),
    ("a.txt:\n  title: 甲\n  date: 2026年1月\n", r"manifest\.yaml:2: a\.txt: date '2026年1月' is not YYYY"),
    ("a.txt: [\n", r"manifest\.yaml:2: invalid YAML"),
])
def test_manifest_errors_name_the_file_and_line(tmp_path, body, message):
    path = tmp_path / "manifest.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_manifest(path)


def test_title_and_date_are_inferred_from_the_text():
    blocks = read_blocks("关于2025年预算执行情况的报告\n\n——2026年1月8日在某市人民代表大会上\n\n各位代表：\n")
    assert infer(ROOT / "x.txt", blocks) == {"title": "关于2025年预算执行情况的报告", "date": "2026-01-08"}
