"""What earlier builds made, kept in `.cache/` (the publishing workflow restores the folder between
runs): a source whose text, decisions and manifest entry an earlier build read is not read and
repaired again, a memory file is not parsed again, and a document whose inputs are those of an
earlier build is not rendered again.

An entry is addressed by a digest of everything that went into it, the running code included, so
an entry found is right and a changed input is simply a new address. Entries that a build did not
ask for are removed when it ends, so the folder holds one build's worth. An entry that cannot be
read is treated as absent: the cache can make a build faster, never wrong. Entries are pickled (the
document model as it was, tuples and all): the folder is trusted as the code is, written only by
this project's builds. The workflow restores it on every push and pull request, but GitHub scopes
caches by branch: a run on main restores only what runs on main saved, never a pull request's.
"""

from __future__ import annotations

import gzip
import hashlib
import pickle
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from .datafiles import files_digest, write_atomic

CODE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """A digest of the running code (every module of `scripts/`, as it was when first asked, which
    is what this process runs, and the pinned libraries and Python it runs on: a new OpenCC
    dictionary converts differently): new code, new addresses."""
    return files_digest(CODE.parent, [CODE.name, "requirements.txt"], sys.version)


def file_part(path: Path) -> bytes:
    """A file as part of a key: a missing file and an empty one are different inputs (the empty one
    is an error to report, not a file to do without)."""
    return b"\1" + path.read_bytes() if path.exists() else b"\0"


class Store:
    """Content-addressed entries, one gzip'd pickle each under `folder`."""

    def __init__(self, folder: Path, salt: str = "") -> None:
        self.folder = folder
        self.salt = salt  # what every entry depends on (the code, say)
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            data = part if isinstance(part, bytes) else part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)  # with its length: parts cannot run together
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle.gz"

    def get(self, key: str) -> Any:
        """The entry at `key`, or None (none, or one that cannot be read)."""
        self.used.add(key)
        try:
            value = pickle.loads(gzip.decompress(self._path(key).read_bytes()))
        except Exception:  # absent, cut short, damaged: whatever reading it raised
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep an entry; where the folder cannot be written, the build goes on without it."""
        self.used.add(key)
        with suppress(Exception):  # unwritable folder, or a value that cannot be pickled: only time is lost
            write_atomic(self._path(key), gzip.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), compresslevel=1,
                                                        mtime=0))

    def prune(self) -> None:
        """Remove the entries this build did not use, and what a build killed while writing left."""
        for path in self.folder.glob("*.gz") if self.folder.exists() else []:
            if path.name.split(".")[0] not in self.used:
                path.unlink(missing_ok=True)
        for path in self.folder.glob(".*.tmp") if self.folder.exists() else []:
            path.unlink(missing_ok=True)
