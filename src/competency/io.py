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
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from competency._codec import decode_framework, encode_framework
from competency.errors import INPUT, CompetencyError, DocumentError, Problem
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


def dumps(framework: Framework) -> str:
    """Return the framework as a JSON document (2-space indent, trailing newline)."""
    return _dump_bytes(framework).decode("utf-8")


def dump_framework(framework: Framework, path: PathLike) -> None:
    """Write the framework to `path` atomically (a failed write leaves `path` untouched)."""
    write_atomic(path, _dump_bytes(framework))


def _dump_bytes(framework: Framework) -> bytes:
    text = json.dumps(encode_framework(framework), ensure_ascii=False, indent=2)
    return text.encode("utf-8") + b"\n"


def parse_json(text: str | bytes, *, file: str = INPUT) -> object:
    """Parse JSON, turning a syntax error into a :class:`DocumentError` with line and column.

    The standard library's parser is used: at ESCO scale it peaks at about 6× the size of
    the text where orjson peaks at about 17×, and it is only ~1.2× slower. ``NaN`` and
    ``Infinity`` (not JSON) are rejected.
    """
    text = decode_utf8(text, file=file, expected="a JSON document encoded as UTF-8")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(Problem(
            file=file, location=f"line {exc.lineno}, column {exc.colno}",
            message=f"not valid JSON: {exc.msg}",
            expected="a JSON document (no trailing commas, double-quoted keys and strings)",
        )) from None
    except RecursionError:
        raise DocumentError(Problem(
            file=file, location="",
            message="not a usable JSON document: it is nested too deeply",
            expected="a framework document (a few levels of nesting)",
        )) from None


def decode_utf8(
    data: str | bytes, *, file: str = INPUT, expected: str = "text encoded as UTF-8",
    error: type[CompetencyError] = DocumentError,
) -> str:
    r"""Decode `data` as UTF-8 (a leading byte-order mark is dropped); text passes through.

    Raises
    ------
    DocumentError
        (or `error`) at the ``line N, column M`` of the first byte that is not UTF-8.

    Examples
    --------
    >>> decode_utf8(b"id,kind\nx,\xff", file="fw.csv")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: fw.csv:line 2, column 3: not UTF-8 text: invalid start byte — expected text encoded as UTF-8
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise error(Problem(
            file=file, location=f"line {line}, column {column}",
            message=f"not UTF-8 text: {exc.reason}", expected=expected,
        )) from None


def _reject_constant(name: str) -> object:
    raise json.JSONDecodeError(f"{name} is not a JSON value", name, 0)


def read_bytes(path: PathLike) -> bytes:
    """Read a whole file, turning OS errors into a :class:`DocumentError` that names it."""
    name = os.fspath(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        reason = "it does not exist"
    except IsADirectoryError:
        reason = "it is a directory"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise DocumentError(Problem(
        file=name, location="", message=f"cannot read the file: {reason}",
        expected="the path of a framework JSON file",
    ))


def write_atomic(path: PathLike, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory and
    :func:`os.replace`, so readers see the old file or the new one, never a torn one."""
    target = Path(path)
    directory = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(Problem(
            file=os.fspath(path), location="",
            message=f"cannot write the file: {exc.strerror or exc}",
            expected="a path in an existing, writable directory",
        )) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DocumentError(Problem(
                file=os.fspath(path), location="",
                message=f"cannot write the file: {exc.strerror or exc}",
                expected="a writable path",
            )) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


@contextlib.contextmanager
def atomic_output(path: PathLike) -> Iterator[BinaryIO]:
    """A binary stream that becomes `path` only if the ``with`` block ends without an
    exception: written to a temporary file in the same directory, flushed to disk
    (``fsync``) and moved into place with :func:`os.replace`; on any exception (including
    KeyboardInterrupt) the temporary file is removed and `path` is left untouched.

    Raises
    ------
    DocumentError
        If the temporary file cannot be created or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_output(target) as out:
    ...     _ = out.write(b"done\\n")
    >>> target.read_text()
    'done\\n'
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DocumentError(Problem(
            file=os.fspath(path), location="",
            message=f"cannot write the file: {exc.strerror or exc}",
            expected="a path in an existing, writable directory",
        )) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DocumentError(Problem(
                file=os.fspath(path), location="",
                message=f"cannot write the file: {exc.strerror or exc}",
                expected="a writable path",
            )) from None
        raise
