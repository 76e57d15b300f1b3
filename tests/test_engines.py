"""The engine layer against a local stand-in for the online providers (see fake_provider.py).

The stand-in runs on 127.0.0.1 and speaks LibreTranslate's API and Google's web endpoint as
deep-translator calls them; the real services are unreachable from this machine.
"""

import polib
import pytest

from scripts.glossary import load_glossary
from scripts.translate import translation as tm
from scripts.translate.engines import Engine, EngineError, Settings, protect, translate_missing
from scripts.translate.units import Unit
from tests.conftest import ROOT, copy_project, run_cli
from tests.fake_provider import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def engine(name, provider, sleep=None, **kw):
    base = provider.url + ("m" if name == "google" else "")
    settings = {"timeout": 1.0, "retries": 3, "backoff": 0.01, "requests_per_second": 1000, **kw}
    return Engine(Settings(engine=name, base_url=base, **settings), **({"sleep": sleep} if sleep else {}))


@pytest.mark.parametrize("name", ["libre", "google"])
def test_healthy_provider(provider, name):
    assert engine(name, provider).translate("江门") == "EN[江门]"


@pytest.mark.parametrize("name", ["libre", "google"])
@pytest.mark.parametrize("faults", [["429"], ["500"], ["503", "500"], ["slow"], ["429", "slow", "500"]])
def test_transient_faults_are_retried(provider, name, faults):
    provider.faults = list(faults)
    provider.delay = 3.0  # well past the 1 s timeout: a loaded machine still answers healthy calls in time
    assert engine(name, provider).translate("江门") == "EN[江门]"
    assert len(provider.requests) == len(faults) + 1


@pytest.mark.parametrize("name", ["libre", "google"])
def test_a_provider_that_keeps_failing_gives_up_after_the_retries(provider, name):
    provider.faults = ["500"] * 10
    with pytest.raises(EngineError, match="gave up after 4 attempts"):
        engine(name, provider).translate("江门")
    assert len(provider.requests) == 4


@pytest.mark.parametrize("name", ["libre", "google"])
def test_a_malformed_answer_is_an_error_not_a_translation(provider, name):
    provider.faults = ["malformed"]
    with pytest.raises(EngineError):
        engine(name, provider).translate("江门")
    assert len(provider.requests) == 1


def test_backoff_doubles(provider):
    waits = []
    provider.faults = ["429", "429", "429"]
    e = engine("libre", provider, sleep=waits.append)
    e.settings.requests_per_second = 1e9
    assert e.translate("江门") == "EN[江门]"
    assert [w for w in waits if w >= 0.01] == [0.01, 0.02, 0.04]


def test_glossary_terms_reach_the_engine_as_their_approved_rendering():
    glossary = load_glossary(ROOT / "glossary")
    sent = protect("全面落实“百千万工程”，推进江门中微子实验。", glossary)
    assert "High-quality Development Project for Counties, Towns and Villages" in sent
    assert "Jiangmen Underground Neutrino Observatory" in sent and "中微子" not in sent


def memory(tmp_path, n):
    path = tmp_path / "en" / "doc.po"
    po = tm.sync(tm.load(path, "en"), [Unit(f"p-{i}-1", f"第{i}段。") for i in range(1, n + 1)])
    tm.save(po, path)
    return path


def test_an_interrupted_run_keeps_every_saved_batch_and_resumes(provider, tmp_path):
    path = memory(tmp_path, 7)
    provider.faults = [""] * 4 + ["500"] * 20  # healthy for four entries, then down
    po = tm.load(path, "en")
    filled, failures = translate_missing(po, path.name, engine("libre", provider, batch_size=2, retries=1, give_up_after=5),
                                         None, progress=False, after_batch=lambda: tm.save(po, path))
    saved = polib.pofile(str(path))
    assert len(filled) == 4 and len(failures) == 3
    assert [e.msgstr for e in saved][:4] == ["EN[第1段。]", "EN[第2段。]", "EN[第3段。]", "EN[第4段。]"]
    assert all("machine draft: libre" in e.tcomment and e.fuzzy for e in saved if e.msgstr)
    provider.faults, provider.requests = [], []
    po = tm.load(path, "en")
    filled, failures = translate_missing(po, path.name, engine("libre", provider, batch_size=2), None, progress=False,
                                         after_batch=lambda: tm.save(po, path))
    assert len(filled) == 3 and failures == [] and provider.requests == ["第5段。", "第6段。", "第7段。"]
    assert tm.coverage(tm.load(path, "en")) == tm.Coverage(reviewed=0, draft=0, machine=7, missing=0)


def test_translate_command_against_the_stand_in(provider, tmp_path):
    root = copy_project(tmp_path)
    po_file = root / "translations" / "en" / "2026-jiangmen-government-work-report.po"
    po_file.unlink()
    result = run_cli(root, "translate", "--engine", "libre", "--base-url", provider.url, "--doc",
                     "2026-jiangmen-government-work-report", "--limit", "3", "--quiet", "--backoff", "0.01")
    assert "2026-jiangmen-government-work-report.po: 0 reviewed, 0 team draft, 3 machine draft" in result.stdout
    po = polib.pofile(str(po_file))
    assert [e.msgctxt for e in po if e.msgstr] == ["meta:title", "meta:summary", "meta:excerpt"]
    assert po[0].msgstr == "EN[政府工作报告]"


def test_offline_engine_changes_nothing_and_says_what_is_missing(tmp_path):
    root = copy_project(tmp_path)
    before = (root / "translations" / "en" / "2026-jiangmen-government-work-report.po").read_bytes()
    result = run_cli(root, "translate", "--engine", "none")
    assert "0 missing" in result.stdout
    assert (root / "translations" / "en" / "2026-jiangmen-government-work-report.po").read_bytes() == before


def test_api_keys_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with pytest.raises(EngineError, match="DEEPL_API_KEY"):
        Engine(Settings(engine="deepl"))


def test_a_provider_that_is_down_stops_the_run_early(provider, tmp_path):
    path = memory(tmp_path, 10)
    provider.faults = ["500"] * 100
    po = tm.load(path, "en")
    filled, failures = translate_missing(po, path.name, engine("libre", provider, retries=1), None, progress=False)
    assert filled == [] and len(provider.requests) == 3 * 2  # three entries, two attempts each
    assert failures[-1].startswith("stopped after 3 failures in a row")


def test_unknown_settings_are_errors(tmp_path):
    root = copy_project(tmp_path)
    (root / "translations" / "config.yaml").write_text("engine: none\nbatchsize: 5\n", encoding="utf-8")
    result = run_cli(root, "translate", check=False)
    assert result.returncode == 1 and "config.yaml: unknown setting(s) batchsize" in result.stderr
