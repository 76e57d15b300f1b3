"""Speed and size at archive scale (`make bench`; not part of `make test`).

For each N in BENCH_N (default 10,100,1000) a scratch project gets N documents in seeds/, made
from real text only: the two seeds and the texts of tests/corpus, cycled, each copy with its own
file name, date and title line and its paragraphs in another order, and a translation memory
with an English draft for every unit, so every edition is complete. Each run calls the pipeline
in-process (scripts/pipeline.py) and measures, per N: our pipeline's time, the MkDocs build's
time of the same Markdown, a plain Material build of the same Markdown without our additions (no
templates, assets, editions or post-processing: what a user would otherwise have), the
post-processing (policy, search indexes), peak memory, the site's size and files, what a query
costs a reader in headless Chromium (bytes fetched for it and time from the last keystroke to the
first result, for each of a few queries; the targets hold the costliest and the slowest), a
document page's weight (HTML + CSS + JS, gzip) against the plain Material page plus our own CSS
and JavaScript, a rebuild with nothing changed and a rebuild with one document changed. It prints
a table, writes bench/results.json (one record per N, named fields with units) and exits 1 if a
target is missed. A 1,000-document run takes about half an hour on 2 cores.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from scripts import pipeline
from scripts.translate.translation import fill, save
from tests.browser import chromium, new_page
from tests.conftest import ROOT, copy_project, serve

RESULTS = ROOT / "bench" / "results.json"
TARGETS = {  # field: (limit, what it is measured against)
    "site_mb_per_doc_growth": (1.2, "site size per document at the largest N / at N=10"),
    "site_mb_at_1000": (400.0, "whole site at N=1000, MB"),
    "pipeline_share_of_mkdocs": (0.10, "our stages' time / MkDocs' build time"),
    "no_change_share": (0.10, "no-change rebuild / full build"),
    "one_change_share_at_1000": (0.05, "one-document rebuild / full build at N=1000"),
    "search_mb_per_query_at_1000": (1.0, "bytes a reader downloads for a query at N=1000, the costliest of QUERIES, MB"),
    "search_first_result_ms_at_1000": (300.0, "search box input to the first frame showing a result at N=1000, the slowest of QUERIES, headless Chromium, ms"),
    "page_weight_over_plain_kb": (0.0, "document page (gzip) minus a plain Material page plus our CSS and JS, KB"),
}
QUERIES = ("营商环境", "江门", "百千万工程", "财政收入")  # a phrase, the commonest name, a policy term, a budget phrase
OURS = ("site.css", "search.js", "terms.js", "language-switch.js", "table-sort.js")  # our own assets


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))]


def _shuffled(text: str, rng: random.Random) -> str:
    """The same text with its body paragraphs (lines of 40+ characters ending a sentence) reordered."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line.strip()) >= 40 and line.strip().endswith(("。", "；", "”"))][1:]
    chosen = [lines[i] for i in body]
    rng.shuffle(chosen)
    for i, line in zip(body, chosen):
        lines[i] = line
    return "\n".join(lines)


def make_project(dest: Path, n: int) -> Path:
    """A scratch project with N documents and a complete English memory."""
    root = copy_project(dest)
    rng = random.Random(n)
    texts = _texts()
    for k in range(max(0, n - 2)):  # the two seeds stay, with their manifest entries and decisions
        text = _shuffled(texts[k % len(texts)], rng)
        day = date(2026, 1, 1) - timedelta(days=3 * k)
        (root / "seeds" / f"sample-{k:04d}.txt").write_text(f"样本文件第{k}号\n\n——{day.year}年{day.month}月{day.day}日\n\n{text}",
                                                            encoding="utf-8")
    project = pipeline.load(root, warn=lambda *a, **kw: None)
    for doc in project.docs:
        path, po = pipeline.synced_memory(root, "en", doc)
        fill(po, {e.msgctxt: "English draft: " + "text " * max(1, len(e.msgid) // 2) for e in po}, "team draft (bench)")
        save(po, path)
    return root


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _gzip(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


def plain_material(root: Path, dest: Path) -> float:
    """Seconds for a plain Material build of the same docs/: Material's own search, no templates,
    assets, editions or post-processing of ours; only the sidebar is ours (sections, not every page),
    since Material's default sidebar grows with the square of the archive."""
    ours = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").split("INHERIT:")[0].replace("!ENV", ""))
    config = {"site_name": "plain", "docs_dir": str(root / "docs"), "site_dir": str(dest), "theme": {"name": "material"},
              "markdown_extensions": ours["markdown_extensions"], "plugins": ["search"],
              "nav": ours["nav"]}  # our bounded sidebar: Material's default lists every page on every page (quadratic)
    path = root / "mkdocs.plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    path.unlink()
    return elapsed


_ASSET = re.compile(r'<(?:link rel="stylesheet"|script)[^>]*? (?:href|src)="([^"]+)"')


def page_weight(page: Path) -> float:
    """KB (gzip) of a page and every stylesheet and script of the site it loads (not what loads later:
    the search dialog's, fetched when the reader reaches for it); a stylesheet from elsewhere (the
    plain page's Google Fonts) cannot be counted offline."""
    local = {(page.parent / href).resolve() for href in _ASSET.findall(page.read_text(encoding="utf-8")) if "//" not in href}
    return (_gzip(page) + sum(_gzip(asset) for asset in local)) / 1e3


# In the page: when the search box last received input (an input method delivers a Chinese query
# whole, as `fill` does), and the first frame after the first result link is in the dialog.
STOPWATCH = """() => {
  const modal = document.querySelector("pagefind-modal"), clock = window.__stopwatch = {};
  modal.querySelector("input").addEventListener("input", () => { clock.input = performance.now(); }, true);
  new MutationObserver((_, observer) => {
    if (!modal.querySelector("a.pf-result-link")) return;
    observer.disconnect();
    requestAnimationFrame(() => { clock.shown = performance.now(); });
  }).observe(modal, {subtree: true, childList: true});
}"""


# The stopwatch once the result is shown (a promise: the page's policy allows no `wait_for_function`).
SHOWN = """() => new Promise(done => {
  const check = () => window.__stopwatch.shown ? done(window.__stopwatch) : requestAnimationFrame(check);
  check();
})"""


def query_cost(site: Path, path: str, runs: int = 3) -> dict[str, dict[str, float]]:
    """What each query of QUERIES costs a reader in headless Chromium, on fresh pages: MB fetched
    for it (the search code and the index chunks, as the browser fetches them), and the median over
    `runs` fresh pages of the ms from the search box's input to the first frame showing a result,
    timed in the page, typed the moment the dialog opens (cold) and typed after it has been open a
    second (the dialog starts loading search when the reader reaches for it, as a reader starts
    typing); and the same as the test harness sees it, from sending the query to finding the result
    (Playwright's round trips included)."""
    costs: dict[str, dict[str, float]] = {}
    with serve(site) as url, chromium() as browser:
        for query in QUERIES:
            fetched: list[int] = []
            times: dict[str, list[float]] = {"cold": [], "warm": [], "harness": []}
            for run in range(runs):
                for wait in (0, 1000):
                    with new_page(browser) as page:
                        page.goto(url + path)
                        page.wait_for_load_state("load")
                        if run == 0 and wait == 0:
                            page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url and r.ok else None)
                        page.locator("pagefind-modal-trigger button").wait_for()
                        page.keyboard.press("/")
                        box = page.locator("pagefind-modal input")
                        box.wait_for()
                        page.evaluate(STOPWATCH)
                        page.wait_for_timeout(wait)
                        start = time.perf_counter()
                        box.fill(query)
                        page.locator("pagefind-modal a.pf-result-link").first.wait_for(timeout=30000)
                        harness = (time.perf_counter() - start) * 1000
                        clock = page.evaluate(SHOWN)
                        times["warm" if wait else "cold"].append(clock["shown"] - clock["input"])
                        if wait:
                            times["harness"].append(harness)
                        if run == 0 and wait == 0:
                            page.wait_for_timeout(500)  # the rest of the first page of results
                            megabytes = sum(fetched) / 1e6
            costs[query] = {"mb": megabytes, **{k: statistics.median(v) for k, v in times.items()}}
    return costs


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), n)
        quiet = lambda *a, **kw: None  # noqa: E731
        start = time.perf_counter()
        project, _ = pipeline.pages(root, warn=quiet)
        pipeline_s = time.perf_counter() - start
        start = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(Path(tmp) / "plain")],
                       cwd=root, env=env, check=True, capture_output=True)
        mkdocs_s = time.perf_counter() - start
        start = time.perf_counter()
        project, _ = pipeline.pages(root, warn=quiet)
        pipeline_cached_s = time.perf_counter() - start
        shutil.rmtree(root / pipeline.CACHE, ignore_errors=True)  # a first build: nothing rendered before
        start = time.perf_counter()
        out = pipeline.build(root, warn=quiet, force=True)
        build_s = time.perf_counter() - start
        assert "built from scratch" in out
        site = root / "site"
        start = time.perf_counter()
        assert "up to date" in pipeline.build(root, warn=quiet)
        no_change_s = time.perf_counter() - start
        first = root / "seeds" / "000_fad302a97476cc90.txt"
        first.write_text(first.read_text(encoding="utf-8") + "\n编者测试：一个文件改动后的重建。\n", encoding="utf-8")
        start = time.perf_counter()
        assert "changed files rebuilt" in pipeline.build(root, warn=quiet)
        one_change_s = time.perf_counter() - start
        doc = "documents/2026-jiangmen-government-work-report/index.html"
        ours = [site / "assets" / name for name in OURS]
        plain = Path(tmp) / "plain-material"
        plain_s = plain_material(root, plain)
        plain_kb = page_weight(plain / doc)
        shutil.rmtree(plain)
        costs = query_cost(site, "/" + doc.removesuffix("index.html"))
        files = sum(1 for p in site.rglob("*") if p.is_file())
        return {
            "documents": n, "pipeline_s": round(pipeline_s, 1),
            "pipeline_cached_s": round(pipeline_cached_s, 1), "mkdocs_s": round(mkdocs_s, 1),
            "plain_material_s": round(plain_s, 1),
            "post_processing_s": round(max(0.0, build_s - pipeline_s - mkdocs_s), 1), "full_build_s": round(build_s, 1),
            "no_change_rebuild_s": round(no_change_s, 2), "one_change_rebuild_s": round(one_change_s, 1),
            "peak_memory_mb": round(max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024),
            "site_mb": round(_size(site) / 1e6, 1), "site_mb_per_doc": round(_size(site) / 1e6 / n, 3), "files": files,
            "search_mb_per_query": round(max(c["mb"] for c in costs.values()), 2),
            "search_first_result_ms": round(max(c["warm"] for c in costs.values())),
            "search_cold_first_result_ms": round(max(c["cold"] for c in costs.values())),
            "search_harness_first_result_ms": round(max(c["harness"] for c in costs.values())),
            "search_first_result_ms_by_query": {q: round(c["warm"]) for q, c in costs.items()},
            "page_kb_gzip": round(page_weight(site / doc), 1),
            "plain_page_kb_gzip": round(plain_kb, 1),
            "ours_kb_gzip": round(sum(_gzip(a) for a in ours) / 1e3, 1),
            "page_html_kb": round((site / doc).stat().st_size / 1e3, 1),
        }


def verdicts(records: list[dict[str, float]]) -> dict[str, tuple[float, bool]]:
    """Each target that the measured N allow: (value, met)."""
    by_n = {int(r["documents"]): r for r in records}
    largest = by_n[max(by_n)]
    found: dict[str, float] = {
        "pipeline_share_of_mkdocs": max(r["pipeline_s"] / r["mkdocs_s"] for r in records),
        "no_change_share": max(r["no_change_rebuild_s"] / r["full_build_s"] for r in records),
        "page_weight_over_plain_kb": max(r["page_kb_gzip"] - r["plain_page_kb_gzip"] - r["ours_kb_gzip"] for r in records),
    }
    if 10 in by_n and max(by_n) > 10:
        found["site_mb_per_doc_growth"] = largest["site_mb_per_doc"] / by_n[10]["site_mb_per_doc"]
    if 1000 in by_n:
        found["site_mb_at_1000"] = by_n[1000]["site_mb"]
        found["one_change_share_at_1000"] = by_n[1000]["one_change_rebuild_s"] / by_n[1000]["full_build_s"]
        found["search_mb_per_query_at_1000"] = by_n[1000]["search_mb_per_query"]
        found["search_first_result_ms_at_1000"] = by_n[1000]["search_first_result_ms"]
    return {k: (round(v, 3), v <= TARGETS[k][0]) for k, v in found.items()}


def main() -> int:
    sizes = [int(n) for n in os.environ.get("BENCH_N", "10,100,1000").split(",")]
    records = [measure(n) for n in sizes]
    columns = [c for c, v in records[0].items() if not isinstance(v, dict)]
    print(" | ".join(columns))
    for r in records:
        print(" | ".join(str(r[c]) for c in columns))
    for r in records:
        print(f"first result at N={r['documents']}, ms:", r["search_first_result_ms_by_query"])
    results = verdicts(records)
    missed = 0
    for name, (value, met) in results.items():
        missed += not met
        print(f"{'ok  ' if met else 'MISS'} {TARGETS[name][1]}: {value} (target ≤ {TARGETS[name][0]})")
    RESULTS.parent.mkdir(exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    RESULTS.write_text(json.dumps({"date": date.today().isoformat(), "machine": machine, "runs": records,
                                   "targets": {k: {"value": v, "met": m, "limit": TARGETS[k][0], "what": TARGETS[k][1]}
                                               for k, (v, m) in results.items()}}, ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    print(f"bench: {len(results) - missed} passed, {missed} failed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
