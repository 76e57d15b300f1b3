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
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .datafiles import umask, write_atomic

GENERATED = ("documents", "sources", "parallel", "figures", "data", "archive")
FOLDER_EDITIONS = {"en": ["en"], "zh-Hant": ["zh", "en"]}  # editions built in a folder, with their search languages
_BASE = re.compile(r'("base": ")((?:\.\./)*\.\.)(")')


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
        shutil.rmtree(path, ignore_errors=True)


def build_site(root: Path, site: Path, not_found: str) -> None:
    """Run `mkdocs build --strict` into a temporary folder, finish it, then swap it in for `site/`."""
    with build_lock(root):
        _recover(root, site)
        _build_and_swap(root, site, not_found)


def _build_and_swap(root: Path, site: Path, not_found: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp)],
                                cwd=root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"mkdocs build failed; {site} left as it was:\n{result.stdout}{result.stderr}")
        split_search(tmp, FOLDER_EDITIONS)
        (tmp / "404.html").write_text(not_found, encoding="utf-8")
        finish_pages(tmp, FOLDER_EDITIONS)
        tmp.chmod(0o777 & ~umask())  # mkdtemp makes it private; a web server must read it
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not site.exists():
        tmp.rename(site)
    elif _exchange(tmp, site):
        shutil.rmtree(tmp, ignore_errors=True)  # it holds the previous site now
    else:  # two renames; a kill between them is undone by _recover at the next build
        old = root / f".site-old-{os.getpid()}"
        site.rename(old)
        tmp.rename(site)
        shutil.rmtree(old, ignore_errors=True)


def split_search(site: Path, editions: dict[str, list[str]]) -> None:
    """One search index per edition, so a reader searches the edition they are reading.

    mkdocs-static-i18n stacks every edition into one index at the site root. We split it by
    location and give each folder edition its own `search/search_index.json`; `finish_pages`
    points that edition's pages at it (Material fetches the index relative to the page's
    `base`, so the base of pages under `en/` becomes `en/` itself).
    Words are indexed unstemmed; see docs/assets/search-query.js for why and what replaces it.
    """
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["pipeline"] = []  # whole words: assets/search-query.js stems the query instead
    rest = list(index["docs"])
    for folder, langs in editions.items():
        prefix = folder + "/"
        own = [d for d in rest if d["location"].startswith(prefix)]
        rest = [d for d in rest if not d["location"].startswith(prefix)]
        docs = [{**d, "location": d["location"][len(prefix):]} for d in own]
        config = {**index["config"], "lang": langs}
        target = site / folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    path.write_text(json.dumps({"config": index["config"], "docs": rest}, ensure_ascii=False), encoding="utf-8")


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def content_security_policy(html: str) -> str:
    """The page's policy: scripts from the site itself, and the page's own inline scripts (Material's
    few lines of start-up code) by their SHA-256 hash, so no other inline script or handler runs."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    return CSP.format(hashes=" ".join(hashes)).replace("  ", " ")


def finish_pages(site: Path, folders: dict[str, list[str]]) -> None:
    """One pass over the pages MkDocs wrote: each folder edition's search base, `zh-Hans` where
    Material writes `zh` (in `<html lang>` and hreflang), and a Content-Security-Policy."""
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        patched = html.replace('hreflang="zh"', 'hreflang="zh-Hans"')
        if rel.startswith(tuple(f + "/" for f in folders)):
            patched = _BASE.sub(lambda m: m.group(1) + (m.group(2)[3:] or ".") + m.group(3), patched, count=1)
        else:
            patched = patched.replace('<html lang="zh"', '<html lang="zh-Hans"', 1)
        policy = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(patched)}">'
        patched = patched.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    ' + policy, 1)
        if patched != html:
            page.write_text(patched, encoding="utf-8")
    sitemap = site / "sitemap.xml"
    if sitemap.exists():  # MkDocs ships a compressed copy: keep it the same
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace('hreflang="zh"', 'hreflang="zh-Hans"'), encoding="utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
