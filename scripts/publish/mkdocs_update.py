"""`mkdocs build --dirty`, for an update of the site in place (`writers.build_site` runs this file).

Two differences from MkDocs' own command:

- The folder it builds into starts as hard links to the site readers are served (copying 15,000
  files costs seconds; linking them, a fraction). So every file opened there for writing, by
  MkDocs or a plugin, is first made a file of its own: written through the link, it would change
  the site in place before the swap, and even if the build then failed.
- No warning that dirty builds are for development only (which --strict makes an error): it is
  about navigation and links made stale by other pages' changes, and `writers.can_update` allows a
  dirty build only where there can be none.

static-i18n reads --dirty from sys.argv, so this is MkDocs' own command line.
"""

from __future__ import annotations

import builtins
import io
import logging
import os
import shutil
import sys
from collections.abc import Callable
from typing import Any


def unlinking(folder: str, real_open: Callable[..., Any]) -> Callable[..., Any]:
    """`open`, except that a file under `folder` that is opened for writing and has other links is
    first made a file of its own (its content copied where the mode keeps it)."""
    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax+"):
            path = os.path.realpath(file)
            if path.startswith(folder) and os.path.isfile(path) and os.stat(path).st_nlink > 1:
                if "w" in mode:
                    os.unlink(path)
                else:
                    shutil.copy2(path, path + ".unlinked")
                    os.replace(path + ".unlinked", path)
        return real_open(file, mode, *args, **kwargs)
    return open_


def main() -> None:
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != here]  # our modules are not MkDocs' to import
    folder = os.path.realpath(sys.argv[sys.argv.index("-d") + 1]) + os.sep
    builtins.open = io.open = unlinking(folder, io.open)
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: "A 'dirty' build is being performed" not in record.getMessage())
    from mkdocs.__main__ import cli
    sys.argv[0] = "mkdocs"
    sys.exit(cli())


if __name__ == "__main__":
    main()
