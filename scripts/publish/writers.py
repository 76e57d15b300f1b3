"""Stage 5: write generated pages into `docs/`, and build `site/` without ever breaking it.

Generated files live only under the paths in GENERATED; anything there that the current run
did not produce is stale and removed. Hand-written pages (about, assets) are never touched.
The site is built into a temporary folder and swapped in only when MkDocs succeeds, so a
failed build leaves the previous `site/` as it was.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import fcntl
import gzip
import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from ..datafiles import files_digest, umask, write_atomic
from ..editions import Edition
from .search import BUNDLE, SearchIndexError, index_site

GENERATED = ("documents", "sources", "parallel", "figures", "data", "archive")


def write_docs(docs: Path, files: dict[str, str | bytes]) -> list[str]:
    """Write {relative path: content}; remove stale generated files. Returns the paths changed."""
    changed = [rel for rel, content in sorted(files.items()) if write_atomic(docs / rel, content)]
    for folder in GENERATED:
        for path in sorted((docs / folder).rglob("*")) if (docs / folder).exists() else []:
            rel = path.relative_to(docs).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed.append(rel)
    return changed


class BuildError(Exception):
    pass


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time in a checkout: a second one is refused, clearly, while the first runs."""
    with open(root / ".site.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build is running in this checkout; run this one when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 with RENAME_EXCHANGE): at every instant
    one complete site is in place. False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _recover(root: Path, site: Path) -> None:
    """Before a build: put back a site a killed swap left aside, and remove what killed builds left."""
    leftovers = sorted(root.glob(".site-*"), key=lambda p: p.stat().st_mtime)
    old = [p for p in leftovers if p.name.startswith(".site-old-") and (p / "index.html").exists()]
    if not site.exists() and old:
        old[-1].rename(site)
    for path in root.glob(".site-*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# What a page's HTML depends on beyond its own Markdown: a change to any of these rebuilds every page.
FRAME = ("mkdocs.yml", "mkdocs.editions.yml", "overrides", "docs/assets", "requirements.txt", "scripts")
FRAME_STAMP = ".cache/site-frame.sha256"  # the frame of the site/ in place
SHADOWS = ".cache/search"  # what Pagefind read for the site/ in place (publish/search.py): an update re-reads its own pages


def frame_digest(root: Path) -> str:
    """A digest of the site's frame: configuration, templates, assets, code, public address, and
    which hand-written pages there are (one removed would otherwise stay on the site)."""
    docs = root / "docs"
    hand_written = [page.relative_to(docs).as_posix() for page in sorted(docs.rglob("*")) if docs.exists()
                    and page.is_file() and page.relative_to(docs).parts[0] not in GENERATED]
    return files_digest(root, FRAME, os.environ.get("SITE_URL", ""), *hand_written)


def can_update(root: Path, site: Path, changed: list[str] | None, frame: str) -> bool:
    """Whether the site in place can be brought up to date by rebuilding the changed pages only:
    built in this frame (`frame_digest`), what search read of it kept, and every changed file still
    there (a page that went away needs a clean build)."""
    stamp = root / FRAME_STAMP
    return (changed is not None and (site / "index.html").exists() and stamp.exists() and (root / SHADOWS).is_dir()
            and stamp.read_text() == frame and all((root / "docs" / rel).exists() for rel in changed))


def build_site(root: Path, site: Path, not_found: str, eds: list[Edition], changed: list[str] | None = None) -> str:
    """Build `site/` with `mkdocs build --strict` in a temporary folder, finish it, then swap it in.
    Given the docs/ files that changed since the site in place was built (`changed`), only their
    pages are built again, on a copy of it, when nothing else changed. Says which it did."""
    with build_lock(root):
        _recover(root, site)
        frame = frame_digest(root)
        update = can_update(root, site, changed, frame)
        (root / FRAME_STAMP).unlink(missing_ok=True)  # while site/ may change, it is of no known frame
        _build_and_swap(root, site, not_found, eds, changed if update else None)
        write_atomic(root / FRAME_STAMP, frame)
    return f"{len(changed or [])} changed files rebuilt" if update else "built from scratch"


UPDATE = Path(__file__).with_name("mkdocs_update.py")  # `mkdocs build --dirty` into hard links of the site in place


def _mkdocs(root: Path, tmp: Path, site: Path, update: bool, config: Path | None = None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = [sys.executable, str(UPDATE)] if update else [sys.executable, "-m", "mkdocs"]
    command = [*start, "build", "--strict", "-d", str(tmp), *(["--dirty"] if update else []), *(["-f", str(config)] if config else [])]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"mkdocs build failed; {site} left as it was:\n{result.stdout}{result.stderr}")


_LINK = re.compile(r"\]\(<?([^)>\s#]+)")  # a Markdown link's target, anchor aside


def _variants(rel: str, eds: list[Edition]) -> list[str]:
    """A page in every edition (page.md, page.en.md, page.zh-Hant.md): the language menu links them."""
    if not rel.endswith(".md"):
        return [rel]
    base = rel.removesuffix(".md")
    for ed in eds:
        if ed.suffix and base.endswith(ed.suffix):
            base = base.removesuffix(ed.suffix)
    return [f"{base}{ed.suffix}.md" for ed in eds]


def navigation(config: Path) -> set[str]:
    """The pages the configuration's `nav` names."""
    with open(config, "rb") as file:
        nav = yaml_load(file).get("nav") or []
    found: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str) and item.endswith(".md"):
            found.add(item)
        for value in item.values() if isinstance(item, dict) else item if isinstance(item, list) else []:
            walk(value)
    walk(nav)
    return found


def pages_for_update(docs: Path, changed: list[str], eds: list[Edition], nav: set[str]) -> set[str]:
    """What MkDocs must see to rebuild the changed files as a build of every page would: the files
    outside the generated folders (home, glossary, assets), the pages of the navigation (`nav`), the
    changed files, every file a changed page links to (--strict checks each link), and each of these
    pages in every edition. MkDocs then lists a few hundred files, not every page of the archive in
    three languages."""
    keep = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.relative_to(docs).parts[0] not in GENERATED}
    keep |= set(changed) | nav
    for rel in (r for r in changed if r.endswith(".md")):
        for target in _LINK.findall((docs / rel).read_text(encoding="utf-8")):
            if "://" not in target and not target.startswith(("mailto:", "/")):
                keep.add(posixpath.normpath(posixpath.join(posixpath.dirname(rel), target)))
    return {variant for rel in keep for variant in _variants(rel, eds) if (docs / variant).is_file()}


def _subset(root: Path, pages: set[str]) -> Path:
    """A configuration whose docs_dir holds only `pages` (hard links to docs/, times kept), beside mkdocs.yml."""
    folder = Path(tempfile.mkdtemp(prefix=".site-docs-", dir=root))
    for rel in pages:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / "docs" / rel, folder / rel)
        except OSError:
            shutil.copy2(root / "docs" / rel, folder / rel)
    config = folder.with_name(folder.name + ".yml")
    config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {folder.name}\n", encoding="utf-8")
    return config


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _pages_listed(site: Path) -> set[str]:
    sitemap = site / "sitemap.xml"
    return set(re.findall(r"<loc>(.*?)</loc>", sitemap.read_text(encoding="utf-8"))) if sitemap.exists() else set()


def _write_own(path: Path, content: str | bytes) -> None:
    """Write a file of the folder being built as a file of its own: in an update it may be a hard
    link to the site in place (`mkdocs_update.py`), which must not change."""
    path.unlink(missing_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _build_and_swap(root: Path, site: Path, not_found: str, eds: list[Edition], changed: list[str] | None) -> None:
    """Build into a temporary folder and swap it in; with `changed`, as an update of the site in place:
    MkDocs sees only what those pages need (`pages_for_update`), unless one of them is new (the
    sitemap lists every page), and rebuilds the pages whose Markdown is newer."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    config: Path | None = None
    try:
        before: dict[Path, int] = {}
        if changed is not None:  # the site in place as hard links, times kept; search bundles are made anew below
            bundles = {site / BUNDLE, *(site / ed.folder / BUNDLE for ed in eds if ed.folder)}
            shutil.copytree(site, tmp, symlinks=True, dirs_exist_ok=True, copy_function=os.link,
                            ignore=lambda folder, names: [n for n in names if Path(folder, n) in bundles])
            before = {path: path.stat().st_mtime_ns for path in tmp.rglob("*") if path.is_file()}
            config = _subset(root, pages_for_update(root / "docs", changed, eds, navigation(root / "mkdocs.yml")))
            _mkdocs(root, tmp, site, True, config)
            if _pages_listed(tmp) <= _pages_listed(site):  # no new page: the sitemap in place lists them all
                for name in ("sitemap.xml", "sitemap.xml.gz"):
                    (tmp / name).unlink(missing_ok=True)
                    os.link(site / name, tmp / name)
            else:
                _mkdocs(root, tmp, site, True)  # a new page: MkDocs over every page, for the sitemap
        else:
            _mkdocs(root, tmp, site, False)
        _write_own(tmp / "404.html", not_found)
        written = [page for page in tmp.rglob("*.html") if before.get(page) != page.stat().st_mtime_ns]
        finish_pages(tmp, eds, written)
        try:
            index_site(tmp, [ed.folder for ed in eds if ed.folder], root / SHADOWS, written if changed is not None else None)
        except SearchIndexError as error:
            raise BuildError(f"{error}\n{site} left as it was") from None
        through = [path for path, mtime in before.items() if (now := _stat(path)) and now.st_nlink > 1 and now.st_mtime_ns != mtime]
        if through:  # a writer that bypassed `open`: the site in place changed; the next build starts afresh
            raise BuildError(f"{through[0]} was written through its link to {site}; build again to rebuild it whole")
        tmp.chmod(0o777 & ~umask())  # mkdtemp makes it private; a web server must read it
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if config is not None:
            shutil.rmtree(config.with_suffix(""), ignore_errors=True)
            config.unlink(missing_ok=True)
    if not site.exists():
        tmp.rename(site)
    elif _exchange(tmp, site):
        shutil.rmtree(tmp, ignore_errors=True)  # it holds the previous site now
    else:  # two renames; a kill between them is undone by _recover at the next build
        old = root / f".site-old-{os.getpid()}"
        site.rename(old)
        tmp.rename(site)
        shutil.rmtree(old, ignore_errors=True)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def content_security_policy(html: str) -> str:
    """The page's policy: scripts from the site itself, and the page's own inline scripts (Material's
    few lines of start-up code) by their SHA-256 hash, so no other inline script or handler runs.
    'wasm-unsafe-eval' lets search compile Pagefind's WebAssembly; it allows no JavaScript eval."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    return CSP.format(hashes=" ".join(hashes)).replace("  ", " ")


def finish_pages(site: Path, eds: list[Edition], pages: list[Path]) -> None:
    """One pass over the pages this build wrote (the sitemap too): an edition's `html_lang` where
    MkDocs writes its locale (`zh-Hans` for `zh`, in `<html lang>` and hreflang), and a
    Content-Security-Policy."""
    renamed = [ed for ed in eds if ed.code != ed.html_lang]
    folders = tuple(ed.prefix for ed in eds if ed.folder)
    for page in pages:
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        patched = html
        for ed in renamed:
            patched = patched.replace(f'hreflang="{ed.code}"', f'hreflang="{ed.html_lang}"')
            if rel.startswith(ed.prefix) and (ed.folder or not rel.startswith(folders)):
                patched = patched.replace(f'<html lang="{ed.code}"', f'<html lang="{ed.html_lang}"', 1)
        policy = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(patched)}">'
        patched = patched.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    ' + policy, 1)
        if patched != html:
            _write_own(page, patched)
    sitemap = site / "sitemap.xml"
    if sitemap.exists():  # MkDocs ships a compressed copy: keep it the same
        text = sitemap.read_text(encoding="utf-8")
        for ed in renamed:
            text = text.replace(f'hreflang="{ed.code}"', f'hreflang="{ed.html_lang}"')
        _write_own(sitemap, text)
        _write_own(site / "sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))
