"""Reading and writing the project's data files: YAML with line numbers, atomic writes.

Editors edit these files by hand, so every error names the file and the line; and a write
never leaves a half-written file behind, so an interrupted run loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

from .model import SourceError

LINE = "__line__"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that records each mapping's line under the key `__line__` (libyaml's parser
    where PyYAML has it: the term base loads ten times faster)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for i, (key, (key_node, _)) in enumerate(zip(keys, node.value)):
            if key in keys[:i]:  # YAML would let the later one silently win
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


# dates stay text as the editor wrote them (2026-13-45 is then our error with its line, not a traceback)
def _date_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)


def load_yaml(path: Path) -> Any:
    """Load YAML; mappings carry their line number under `__line__`."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        # an unclosed quote is found where the file ends; its context mark is where it opened
        scanning = "quoted scalar" in str(getattr(error, "context", "") or "")
        mark = getattr(error, "context_mark" if scanning else "problem_mark", None) or getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", error)
        raise SourceError(path, f"invalid YAML: {problem}" + (" (a quote opened here is never closed)" if scanning else ""),
                          line=mark.line + 1 if mark else None) from None
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise SourceError(path, "not UTF-8", offset=error.start) from None


def committed(path: Path) -> str | None:
    """The file as the last commit has it, or None (not in a git checkout, not committed yet)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent, capture_output=True, text=True, timeout=10)
        if top.returncode:
            return None
        rel = path.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
        shown = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=path.parent, capture_output=True, timeout=10)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return shown.stdout.decode("utf-8", "replace") if shown.returncode == 0 else None


# Within `one_git_status`: the files of the checkout that differ from the last commit (or None).
_DIFFERING: ContextVar[frozenset[Path] | None] = ContextVar("differing", default=None)


@contextmanager
def one_git_status(root: Path) -> Iterator[None]:
    """Within this block, `warn_if_shrunk` asks git once which files changed since the last commit,
    instead of running git twice for every file it is given (a thousand PO files, two seconds); outside
    a git checkout there is no commit to compare with, and it asks nothing."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames"],
                                cwd=root, capture_output=True, timeout=30)
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        result = None
    if result is None or result.returncode or top.returncode:  # not a git checkout: no commit to compare with
        differing: frozenset[Path] = frozenset()
    else:
        base = Path(top.stdout.strip()).resolve()
        differing = frozenset(base / entry[3:].decode() for entry in result.stdout.split(b"\0") if entry)
    token = _DIFFERING.set(differing)
    try:
        yield
    finally:
        _DIFFERING.reset(token)


def as_committed(path: Path) -> bool:
    """Known (within `one_git_status`) to be as the last commit has it, or ignored by git: a file
    `warn_if_shrunk` has nothing to say of, so one whose reading the cache may stand in for."""
    differing = _DIFFERING.get()
    return differing is not None and path.resolve() not in differing


def warn_if_shrunk(path: Path, what: str, now: int, count: Callable[[str], int]) -> None:
    """A data file cut short parses, and its lost entries vanish without a word: compare with the
    last commit and say what would disappear."""
    if as_committed(path):
        return  # nothing lost
    before_text = committed(path)
    before = count(before_text) if before_text is not None else 0
    if before > now:
        print(f"warning: {path}: {now} {what}, {before} in the last commit: {before - now} would be lost "
              "(a file cut short? `git diff` shows what changed)", file=sys.stderr)


def files_digest(root: Path, names: Iterable[str], *also: str) -> str:
    """A digest of files and folders under `root` (each file's path and contents; Python's caches
    left out), and of `also`: what the fingerprints of builds and caches are made of."""
    digest = hashlib.sha256()
    for part in also:
        digest.update(part.encode("utf-8") + b"\0")
    for name in names:
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def strip_lines(value: Any) -> Any:
    """A copy of loaded YAML without the `__line__` bookkeeping."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def umask() -> int:
    """The process's file-creation mask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | bytes) -> bool:
    """Write via a temporary file and rename; returns False when the content was unchanged."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise SourceError(path, f"cannot write: {error.strerror or error} (is the folder read-only?)") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes it private; keep the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
