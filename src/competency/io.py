"""Read and write framework documents (JSON, validated by ``schemas/framework.schema.json``).

Loading reports every problem in a file at once, each with the file name, a JSON pointer
(or line and column for malformed JSON) and what was expected. Dumping is deterministic —
the same framework always gives the same bytes, keys in a fixed order and elements in source
order — and atomic: the file is written to a temporary file in the same directory and moved
into place, so a failed write never leaves a half-written or truncated file behind.

Examples
--------
>>> from competency.io import loads, dumps
>>> text = '''{"format": "competency-framework/1", "id": "demo", "title": "Demo",
...   "base_iri": "https://example.org/demo/",
...   "elements": [{"id": "demo:U1", "kind": "unit", "text": "Work safely."}],
...   "relations": []}'''
>>> fw = loads(text)
>>> fw.element("demo:U1").text
'Work safely.'
>>> loads(dumps(fw)) == fw
True
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from competency._atomic import write_atomic
from competency._codec import decode_framework, encode_framework
from competency._files import decode_utf8, encode_utf8
from competency._files import read_bytes as _read_bytes
from competency._json import parse_json
from competency.errors import INPUT, CompetencyError, DocumentError
from competency.model import Framework

__all__ = [
    "atomic_output", "decode_utf8", "decode_utf8_lines", "dump_framework", "dumps", "load_framework", "loads", "parse_json", "read_bytes",
    "write_atomic",
]

PathLike = str | os.PathLike[str]


def loads(text: str | bytes, *, file: str = INPUT) -> Framework:
    """Parse and validate a framework document given as JSON text.

    Parameters
    ----------
    text : str or bytes
        The JSON document (UTF-8 when bytes).
    file : str
        The name to report in errors.

    Returns
    -------
    Framework

    Raises
    ------
    DocumentError
        If the text is not JSON or does not match the framework schema; lists every problem.
    StructureError
        If ids repeat, a relation points nowhere, or ``contains`` is not a forest.
    """
    return decode_framework(parse_json(text, file=file), file=file)


def load_framework(path: PathLike) -> Framework:
    """Read and validate the framework document at `path`.

    Raises
    ------
    DocumentError
        If the file cannot be read, is not JSON or does not match the schema.
    StructureError
        If the identity or reference rules are broken (see :class:`Framework`).

    Examples
    --------
    >>> import competency
    >>> competency.load_framework("no/such/file.json")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: no/such/file.json:/: cannot read the file: it does not exist — expected the path of a framework JSON file
    """
    return loads(read_bytes(path), file=os.fspath(path))


def read_bytes(
    path: PathLike, *, expected: str = "the path of a framework JSON file",
    error: type[CompetencyError] = DocumentError,
) -> bytes:
    """Read a whole file, bounded by the input limit (see :mod:`competency._files`), turning
    OS errors into a :class:`~competency.errors.DocumentError` (or `error`) that names it."""
    return _read_bytes(path, expected=expected, error=error)


def dumps(framework: Framework) -> str:
    """Return the framework as a JSON document (2-space indent, trailing newline)."""
    return _dump_bytes(framework).decode("utf-8")


def dump_framework(framework: Framework, path: PathLike) -> None:
    """Write the framework to `path` atomically (a failed write leaves `path` untouched)."""
    write_atomic(path, _dump_bytes(framework, file=os.fspath(path)))


def _dump_bytes(framework: Framework, *, file: str = INPUT) -> bytes:
    text = json.dumps(encode_framework(framework), ensure_ascii=False, indent=2)
    return encode_utf8(text + "\n", file=file)


# -- streaming: line-by-line UTF-8 decoding and an atomic output stream ----------------------
# (additive; used by the streaming CSV scorer, competency.rubric.streaming)


def decode_utf8_lines(
    blocks: Iterable[bytes], *, file: str = INPUT, expected: str = "text encoded as UTF-8",
    error: type[CompetencyError] = DocumentError,
) -> Iterator[str]:
    r"""Decode a byte stream, given in blocks of any size (as ``iter(partial(f.read, n),
    b"")`` gives them), into lines ending in ``"\n"`` (the last one may not), as
    :func:`decode_utf8` decodes a whole text: a leading byte-order mark is dropped, and the
    first byte that is not UTF-8 raises at its ``line N, column M`` in the whole stream.
    Blocks are decoded whole, so a large file costs no Python step per byte or per line.

    Examples
    --------
    >>> list(decode_utf8_lines([b"\xef\xbb\xbfa,b\n1,", b"2\n"]))
    ['a,b\n', '1,2\n']
    >>> list(decode_utf8_lines([b"a,b\n", b"caf\xe9\n"], file="r.csv"))
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: r.csv:line 2, column 4: not UTF-8 text: invalid continuation byte — expected text encoded as UTF-8
    """
    pending = b""
    newlines = 0  # newlines before `pending`
    for block in blocks:
        head, newline, tail = block.rpartition(b"\n")
        if not newline:
            pending += block
            continue
        data = pending + head + newline
        pending = tail
        yield from _decoded_lines(data, newlines, file=file, expected=expected, error=error)
        newlines += data.count(b"\n")
    if pending:
        yield from _decoded_lines(pending, newlines, file=file, expected=expected,
                                  error=error)


def _decoded_lines(data: bytes, newlines: int, *, file: str, expected: str,
                   error: type[CompetencyError]) -> list[str]:
    try:
        text = data.decode("utf-8-sig" if newlines == 0 else "utf-8")
    except UnicodeDecodeError:
        # the shared decoder locates the byte; the newlines before only shift its line
        decode_utf8(b"\n" * newlines + data, file=file, expected=expected, error=error)
        raise  # pragma: no cover - decode_utf8 raised above
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def atomic_output(path: PathLike) -> contextlib.AbstractContextManager[BinaryIO]:
    """A binary stream that becomes `path` only if the ``with`` block ends without an
    exception (written to a temporary file, ``fsync``'d and moved into place; removed on
    failure or interruption; only a regular file is ever replaced): see
    :func:`competency._atomic.atomic_output`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_output(target) as out:
    ...     _ = out.write(b"done\\n")
    >>> target.read_text()
    'done\\n'
    """
    from competency._atomic import atomic_output as atomic

    return atomic(path)
