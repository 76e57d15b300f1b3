"""Stage 5: write generated pages into `docs/`, and build `site/` without ever breaking it.

Generated files live only under the paths in GENERATED; anything there that the current run
did not produce is stale and removed. Hand-written pages (about, assets) are never touched.
The site is built into a temporary folder and swapped in only when MkDocs succeeds, so a
failed build leaves the previous `site/` as it was.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .datafiles import umask, write_atomic

GENERATED = ("documents", "sources", "parallel", "figures", "data")
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


def build_site(root: Path, site: Path, not_found: str) -> None:
    """Run `mkdocs build --strict` into a temporary folder, finish it, then swap it in for `site/`."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp)],
                                cwd=root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"mkdocs build failed; {site} left as it was:\n{result.stdout}{result.stderr}")
        split_search(tmp, FOLDER_EDITIONS)
        tag_languages(tmp, FOLDER_EDITIONS)
        (tmp / "404.html").write_text(not_found, encoding="utf-8")
        tmp.chmod(0o777 & ~umask())  # mkdtemp makes it private; a web server must read it
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = root / f".site-old-{os.getpid()}"
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def split_search(site: Path, editions: dict[str, list[str]]) -> None:
    """One search index per edition, so a reader searches the edition they are reading.

    mkdocs-static-i18n stacks every edition into one index at the site root. We split it by
    location, give each folder edition its own `search/search_index.json`, and point that
    edition's pages at it: Material fetches the index relative to the page's `base`, so the
    base of pages under `en/` becomes `en/` itself (locations in its index are relative to it).
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
        for page in (site / folder).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            patched = _BASE.sub(lambda m: m.group(1) + (m.group(2)[3:] or ".") + m.group(3), html, count=1)
            page.write_text(patched, encoding="utf-8")
    path.write_text(json.dumps({"config": index["config"], "docs": rest}, ensure_ascii=False), encoding="utf-8")


def tag_languages(site: Path, folders: dict[str, list[str]]) -> None:
    """Material writes `<html lang="zh">`; the Simplified edition is `zh-Hans`, here and in hreflang."""
    sitemap = site / "sitemap.xml"
    for page in [*site.rglob("*.html"), *([sitemap] if sitemap.exists() else [])]:
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        patched = text.replace('hreflang="zh"', 'hreflang="zh-Hans"')
        if not rel.startswith(tuple(f + "/" for f in folders)):
            patched = patched.replace('<html lang="zh"', '<html lang="zh-Hans"', 1)
        if patched != text:
            page.write_text(patched, encoding="utf-8")
    if sitemap.exists():  # MkDocs ships a compressed copy: keep it the same
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
