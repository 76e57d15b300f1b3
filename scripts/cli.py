"""One command line, a subcommand per stage: `python -m scripts <command>`."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import polib

from . import pipeline
from .datafiles import load_yaml, strip_lines, write_atomic
from .editions import targets
from .glossary import RENDERINGS, check, load_glossary
from .ingest.readers import detect_layout, read_source
from .ingest.repairs import decisions_path, operations_table
from .ingest.sources import load_all
from .model import SourceError
from .publish.writers import BuildError
from .translate.checks import CHECKS, check_po, checks_table
from .translate.engines import ENGINES, Engine, EngineError, Settings, translate_missing
from .translate.summary import Drafted, drafts_summary
from .translate.translation import STATUSES, Coverage, coverage, save

ROOT = Path(__file__).resolve().parent.parent


def cmd_repairs(args: argparse.Namespace) -> int:
    """Report what the text shows to be broken, and which decisions file applies."""
    for doc, findings in load_all(args.root / "seeds"):
        source = args.root / "seeds" / doc.meta.source_file
        if args.sources and not any(Path(s).name == source.name for s in args.sources):
            continue
        decisions = decisions_path(source)
        state = f"decisions: {decisions.name}" if decisions.exists() else "no decisions file: automatic repairs"
        print(f"{source.relative_to(args.root)} ({state}; {len(list(doc.all_notes()))} notes)")
        print(f"  layout {detect_layout(read_source(source)).describe()}")
        for line in doc.header:
            print(f"  {source.name}:{line.lines[0]}: [header {line.role}] {line.text}")
        if doc.meta.inferred:
            print("  inferred (confirm in seeds/manifest.yaml): "
                  + "; ".join(f"{k} {getattr(doc.meta, k)!r}" for k in doc.meta.inferred))
        for f in findings:
            print(f"  {source.name}:{f.line}: [{f.check}] {f.message}")
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    """Validate the term base: schema, duplicates, substring traps, terms used nowhere."""
    glossary = load_glossary(args.root / "glossary")
    corpus = [p.full_text for doc, _ in load_all(args.root / "seeds") for p in doc.paragraphs()]
    errors, warnings = check(glossary, corpus)
    for line in warnings:
        print(f"warning: glossary/{line}", file=sys.stderr)
    for line in errors:
        print(f"error: glossary/{line}", file=sys.stderr)
    print(f"glossary: {len(glossary.terms)} terms, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


def cmd_pages(args: argparse.Namespace) -> int:
    """Generate the Markdown pages into docs/."""
    project, changed = pipeline.pages(args.root, annotate=args.annotate)
    print(f"pages: {len(project.docs)} documents, {len(project.glossary.terms)} terms, {len(changed)} files changed")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    """translations/config.yaml, overridden by the command line; unknown keys are errors."""
    path = args.root / "translations" / "config.yaml"
    config = strip_lines(load_yaml(path) or {}) if path.exists() else {}
    unknown = sorted(set(config) - set(Settings.__dataclass_fields__))
    if unknown:
        raise SourceError(path, f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(Settings.__dataclass_fields__)}")
    overrides = {k: v for k, v in vars(args).items() if k in Settings.__dataclass_fields__ and v is not None}
    return Settings(**{**config, **overrides})


def cmd_translate(args: argparse.Namespace) -> int:
    """Bring the memory in line with the sources, and fill missing entries through an engine."""
    settings = _settings(args)
    glossary = load_glossary(args.root / "glossary")
    try:
        engine = None if settings.engine == "none" else Engine(settings)
    except EngineError as error:
        if not args.publish:
            raise
        engine, unavailable = None, str(error)
    else:
        unavailable = ""
    rows: list[Drafted] = []
    for doc, _ in load_all(args.root / "seeds"):
        if args.doc and doc.meta.slug not in args.doc:
            continue
        path, po = pipeline.synced_memory(args.root, args.lang, doc)
        filled: list[polib.POEntry] = []
        failed: list[str] = []
        if not args.publish:
            save(po, path)  # in step with the sources, whatever the engine does
        if engine is not None:
            filled, failed = translate_missing(po, path.name, engine, glossary if args.lang == RENDERINGS else None, progress=not args.quiet, limit=args.limit,
                                               after_batch=(lambda: None) if args.publish else (lambda: save(po, path)))
        if args.publish and not failed:
            save(po, path)  # all or nothing: a document the engine could not finish keeps its file as it was
        rows.append(Drafted(doc.meta.slug, str(path.relative_to(args.root)), filled, failed, coverage(po),
                            written=not (args.publish and failed)))
        print(f"{path.relative_to(args.root)}: {coverage(po).describe()}")
    for row in rows:
        for failure in row.failed:
            print(f"error: {row.path}: {failure}", file=sys.stderr)
    if args.summary:
        write_atomic(args.summary, drafts_summary(rows, settings, glossary, unavailable))
    failures = any(row.failed for row in rows)
    return 0 if args.publish else int(failures)


def cmd_check(args: argparse.Namespace) -> int:
    """Quality checks on the memory: coverage, numbers, glossary, leftover Chinese, length, stale."""
    glossary = load_glossary(args.root / "glossary")
    problems, totals = [], dict.fromkeys(STATUSES, 0)
    for doc, _ in load_all(args.root / "seeds"):
        path, po = pipeline.synced_memory(args.root, args.lang, doc)  # not saved: what the site would show
        found = check_po(po, str(path.relative_to(args.root)), glossary, args.check)
        problems += found
        c = coverage(po)
        for k in totals:
            totals[k] += getattr(c, k)
        counts: dict[str, int] = {}
        for p in found:
            counts[p.check] = counts.get(p.check, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no problems"
        print(f"{doc.meta.slug}: {c.describe()}; {summary}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"total: {Coverage(**totals).describe()}; {len(problems)} problems")
    return 1 if args.strict and (problems or totals["missing"]) else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Generate pages, then build site/ with MkDocs (strict); site/ changes only on success."""
    print(pipeline.build(args.root, annotate=args.annotate, force=args.force))
    return 0


# The README's tables that the registries write, each between `<!-- name -->` and `<!-- /name -->`.
README_TABLES: dict[str, Callable[[], str]] = {"operations": operations_table, "checks": checks_table}


def readme_with_tables(text: str) -> str:
    """The README with its generated tables made anew from the registries."""
    for name, table in README_TABLES.items():
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(<!-- /{name} -->)", re.S)
        if not pattern.search(text):
            raise SourceError(Path("README.md"), f"no '<!-- {name} -->' … '<!-- /{name} -->' markers for the table")
        text = pattern.sub(lambda m: m.group(1) + table() + m.group(2), text)
    return text


def cmd_readme(args: argparse.Namespace) -> int:
    """Rewrite the README's tables of editorial operations and translation checks from their registries."""
    path = args.root / "README.md"
    changed = write_atomic(path, readme_with_tables(path.read_text(encoding="utf-8")))
    print(f"README.md: tables of {', '.join(README_TABLES)} {'updated' if changed else 'already current'}")
    return 0


def _checks(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in CHECKS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown check(s) {', '.join(unknown) or '(none)'}; known: {', '.join(CHECKS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {}
    for name, func in [("repairs", cmd_repairs), ("glossary", cmd_glossary), ("translate", cmd_translate),
                       ("check", cmd_check), ("pages", cmd_pages), ("build", cmd_build),
                       ("readme", cmd_readme)]:
        commands[name] = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        commands[name].set_defaults(func=func)
    for name in ("translate", "check"):
        commands[name].add_argument("--lang", default=targets()[0], choices=targets(),
                                    help=f"target language of the memory (default {targets()[0]})")
    t = commands["translate"]
    t.add_argument("--engine", choices=ENGINES, help="override the engine of translations/config.yaml")
    t.add_argument("--base-url", dest="base_url", help="provider URL (self-hosted LibreTranslate, or a stand-in)")
    t.add_argument("--batch-size", dest="batch_size", type=int)
    t.add_argument("--requests-per-second", dest="requests_per_second", type=float)
    t.add_argument("--timeout", type=float)
    t.add_argument("--retries", type=int)
    t.add_argument("--backoff", type=float)
    t.add_argument("--doc", action="append", help="only this document (slug); repeatable")
    t.add_argument("--limit", type=int, help="translate at most this many entries per document")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--publish", action="store_true",
                   help="the publishing workflow's mode: a document's PO file is written only when the engine filled all "
                        "it had to; an engine that is down is reported, not an error (exit 0)")
    t.add_argument("--summary", type=Path, help="write a Markdown report here (per document: drafts added, checks failed)")
    commands["check"].add_argument("--strict", action="store_true", help="exit 1 on any problem or missing entry")
    commands["check"].add_argument("--check", type=_checks, help="only these checks, comma-separated: "
                                   + ", ".join(f"{c.name} ({c.help})" for c in CHECKS.values()))
    commands["repairs"].add_argument("sources", nargs="*", help="only these source files (default: all)")
    commands["build"].add_argument("--force", action="store_true", help="build even when no input changed")
    for name in ("pages", "build"):
        commands[name].add_argument("--annotate", choices=("first", "all"), default="first",
                                    help="annotate a glossary term's first occurrence in each section (default), or all")
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, BuildError, EngineError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
