"""The command line's one way to name a framework and an output: "id or path or -".

- A framework argument is a registered framework id (``pt-nos``), the path of a framework
  file, or ``-`` for standard input. A file is framework JSON, or a CASE CFPackage (told
  apart by its ``CFDocument``). An argument is taken as a path when it is ``-``, holds a
  path separator, ends in ``.json``, or is no registered id but names an existing file.
- An output argument of ``-`` (or none) is standard output; anything else is a path,
  written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from competency._atomic import (
    write_output,  # '-' or None: stdout; never replaces a non-regular file
)
from competency._files import read_input  # '-': stdin; bounded by the input limit

if TYPE_CHECKING:
    from competency.model import Framework

__all__ = ["STDIO", "framework_arg", "read_input", "write_output"]

STDIO = "-"
"""The argument that means standard input or standard output."""


def _is_path(ref: str) -> bool:
    if ref == STDIO or os.sep in ref or "/" in ref or ref.endswith(".json"):
        return True
    from competency import registry

    if ref in registry.available():
        return False
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL, is no file's name
        return False


def framework_arg(ref: str) -> Framework:
    """The framework named by `ref`: a registered id, a framework or CASE JSON file, or
    ``-`` (standard input)."""
    if not _is_path(ref):
        from competency import registry

        return registry.load(ref)
    from competency.io import loads, parse_json

    data, name = read_input(ref)
    document = parse_json(data, file=name)
    if isinstance(document, dict) and "CFDocument" in document:
        from competency.formats.case import loads_case

        return loads_case(data, file=name)
    return loads(data, file=name)

