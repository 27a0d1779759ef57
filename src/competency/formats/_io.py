"""Reading and writing the files of every format: through the bounded reader
(:mod:`competency._files`) and the atomic writer (:mod:`competency._atomic`), so a file too
large is refused before it is read and a failed write leaves the old file in place.

Examples
--------
>>> import pathlib, tempfile
>>> from competency.formats._io import read_source, write_text
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> write_text(path, "é\\n")
>>> read_source(path, expected="a text file") == ("é\\n".encode(), str(path))
True
"""

from __future__ import annotations

import os

from competency._atomic import write_atomic
from competency._files import encode_utf8, read_bytes

__all__ = ["PathLike", "read_source", "write_text"]

PathLike = str | os.PathLike[str]
"""A file name, as text or a path object."""


def read_source(path: PathLike, *, expected: str) -> tuple[bytes, str]:
    """The bytes of the file at `path` (bounded by the input limit) and its name for
    errors; `expected` words what the file should have been, for the error when it cannot
    be read."""
    return read_bytes(path, expected=expected), os.fspath(path)


def write_text(path: PathLike, text: str) -> None:
    """Write `text` as UTF-8 to `path` atomically (nothing is written when it cannot be
    encoded)."""
    write_atomic(path, encode_utf8(text, file=os.fspath(path)))
