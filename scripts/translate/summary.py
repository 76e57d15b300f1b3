"""The report of a machine-draft run, in Markdown: the workflow's job summary and the body of the
pull request that brings the new drafts back for review.

Per document: how many drafts were added or redone, what the engine could not do, and which
QA checks the new drafts fail (the same checks as `python -m scripts check`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import polib

from ..glossary import Glossary
from .checks import check_entry
from .engines import Settings, engine_name
from .translation import Coverage

LISTED = 60  # findings listed one by one; the rest are counted


@dataclass
class Drafted:
    slug: str
    path: str
    filled: list[polib.POEntry]
    failed: list[str]
    coverage: Coverage
    written: bool  # False: the engine failed part-way and the file was left as it was


def drafts_summary(rows: list[Drafted], settings: Settings, glossary: Glossary | None, unavailable: str = "") -> str:
    engine = engine_name(settings) if settings.engine != "none" else "none"
    added = sum(len(r.filled) for r in rows if r.written)
    out = [f"## Machine drafts: {added} new", "", f"Engine: {engine}. Reviewed entries and team drafts are never "
           "changed; a team draft whose Chinese changed waits for a person.", ""]
    if unavailable or any(r.failed for r in rows):
        reason = unavailable or next(f for r in rows for f in r.failed)
        out += [f"**The engine was not available** ({reason}). The site is published all the same: passages without "
                "English show the Chinese, marked \"translation pending\". No PO file was written for a document the "
                "engine could not finish; the next push tries again.", ""]
    out += ["| document | drafts added | checks failed by the new drafts | memory now |", "|---|---:|---|---|"]
    if not any(r.filled or r.failed for r in rows):
        out.append("| (every document) | 0 | none | nothing missing or stale |")
    findings: list[str] = []
    for r in (r for r in rows if r.filled or r.failed):  # documents this run touched
        found = [(e, check, message) for e in (r.filled if r.written else []) for check, message in check_entry(e, glossary)]
        counts = Counter(check for _, check, _ in found)
        checks = ", ".join(f"{check} {n}" for check, n in sorted(counts.items())) or "none"
        state = r.coverage.describe() if r.written else "unchanged (the engine failed part-way)"
        out.append(f"| `{r.path}` | {len(r.filled) if r.written else 0} | {checks} | {state} |")
        findings += [f"- `{r.path}` {e.msgctxt}: [{check}] {message}" for e, check, message in found]
    if findings:
        out += ["", "### What the checks found in the new drafts", "", *findings[:LISTED]]
        if len(findings) > LISTED:
            out.append(f"- … and {len(findings) - LISTED} more: run `python -m scripts check`")
    out += ["", "To review: open a PO file in Poedit or any PO editor, correct the English, and clear the fuzzy flag of "
            "each entry you have checked (see README, \"Translations\")."]
    return "\n".join(out) + "\n"
