"""What earlier builds made, kept in `.cache/` (the publishing workflow restores the folder between
runs): a document whose inputs are those of an earlier build is not rendered again.

An entry is addressed by a digest of everything that went into it, the running code included, so
an entry found is right and a changed input is simply a new address. Entries that a build did not
ask for are removed when it ends, so the folder holds one build's worth. An entry that cannot be
read is treated as absent: the cache can make a build faster, never wrong.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from contextlib import suppress
from functools import cache
from pathlib import Path

from .datafiles import files_digest, write_atomic
from .model import SourceError

CODE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """A digest of the running code (every module of `scripts/`, as it was when first asked, which
    is what this process runs): new code, new addresses."""
    return files_digest(CODE.parent, [CODE.name])


class Store:
    """Content-addressed entries of {path: text}, one gzip'd JSON file each under `folder`."""

    def __init__(self, folder: Path, salt: str = "") -> None:
        self.folder = folder
        self.salt = salt  # what every entry depends on (the code, say)
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json.gz"

    def get(self, key: str) -> dict[str, str] | None:
        """The entry at `key`, or None (none, or one that cannot be read)."""
        self.used.add(key)
        try:
            value = json.loads(gzip.decompress(self._path(key).read_bytes()))
        except (OSError, EOFError, ValueError):
            value = None
        if isinstance(value, dict):
            self.hits += 1
            return value
        self.misses += 1
        return None

    def put(self, key: str, value: dict[str, str]) -> None:
        """Keep an entry; where the folder cannot be written, the build goes on without it."""
        self.used.add(key)
        with suppress(SourceError, OSError):
            write_atomic(self._path(key), gzip.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), mtime=0))

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        for path in self.folder.glob("*.json.gz") if self.folder.exists() else []:
            if path.name.removesuffix(".json.gz") not in self.used:
                path.unlink(missing_ok=True)
