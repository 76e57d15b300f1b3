"""One command line, a subcommand per stage: `python -m scripts <command>`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generators import site_files
from .glossary import check, load_glossary
from .translation import load as load_po
from .translation import lookup, po_path
from .model import SourceError
from .repairs import decisions_path
from .sources import load_all
from .writers import BuildError, build_site, write_docs

ROOT = Path(__file__).resolve().parent.parent


def cmd_repairs(args: argparse.Namespace) -> int:
    """Report what the text shows to be broken, and which decisions file applies."""
    for doc, findings in load_all(args.root / "seeds"):
        source = args.root / "seeds" / doc.meta.source_file
        decisions = decisions_path(source)
        state = f"decisions: {decisions.name}" if decisions.exists() else "no decisions file: automatic repairs"
        print(f"{source.relative_to(args.root)} ({state}; {len(list(doc.all_notes()))} notes)")
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
    docs = [doc for doc, _ in load_all(args.root / "seeds")]
    glossary = load_glossary(args.root / "glossary")
    errors, _ = check(glossary, [])
    if errors:
        raise SourceError(args.root / "glossary", "invalid term base:\n" + "\n".join(errors))
    memory = {doc.meta.slug: lookup(load_po(po_path(args.root, "en", doc.meta.slug), "en")) for doc in docs}
    files = site_files(docs, args.root / "seeds", args.root / "docs", glossary, memory)
    changed = write_docs(args.root / "docs", files)
    print(f"pages: {len(docs)} documents, {len(glossary.terms)} terms, {len(changed)} files changed")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Generate pages, then build site/ with MkDocs (strict); site/ changes only on success."""
    cmd_pages(args)
    build_site(args.root, args.root / "site")
    print(f"site: built {args.root / 'site'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in [("repairs", cmd_repairs), ("glossary", cmd_glossary), ("pages", cmd_pages), ("build", cmd_build)]:
        sub.add_parser(name, help=func.__doc__).set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
