"""Every file the library reads goes through here: bounded reading and UTF-8 decoding (and
encoding, for writing). Strict JSON parsing builds on it in :mod:`competency._json`, atomic
writing in :mod:`competency._atomic` (three modules rather than design.md's one
``_files.py``, each under 400 lines).

Reading is bounded. A file larger than the input limit (256 MiB unless raised with
:func:`input_limit`, the ``COMPETENCY_MAX_INPUT_SIZE`` environment variable or the
command line's ``--max-input-size``) is refused before it is read; FIFOs, character devices
(``/dev/zero``, ``/dev/urandom``, a terminal) and standard input are read as streams up to
the same limit, so endless input ends in a clear error rather than a ``MemoryError``; a FIFO
with no writer reads as empty instead of blocking.

Examples
--------
>>> from competency._files import format_size, max_input_bytes
>>> format_size(max_input_bytes())
'256 MiB'
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import IO, NoReturn

from competency.errors import INPUT, CompetencyError, DocumentError, Position, Problem

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "MAX_INPUT_ENV",
    "STDIN",
    "decode_utf8",
    "encode_utf8",
    "file_kind",
    "format_size",
    "input_limit",
    "max_input_bytes",
    "os_reason",
    "parse_size",
    "read_bytes",
    "read_input",
    "read_stream",
]

PathLike = str | os.PathLike[str]

DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The input limit unless raised: 256 MiB (an ESCO-scale framework is about 11 MB)."""

MAX_INPUT_ENV = "COMPETENCY_MAX_INPUT_SIZE"
"""The environment variable that sets the input limit, e.g. ``1G`` or ``500M``."""

STDIN = "<stdin>"
"""The file name used in errors for data read from standard input."""

_CHUNK = 1 << 20
_LIMIT: ContextVar[int | None] = ContextVar("competency_max_input_bytes", default=None)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_SIZE = re.compile(r"\s*(\d+)\s*([KMGT]?)(?:I?B)?\s*", re.IGNORECASE)


# -- the input limit ----------------------------------------------------------------------


def parse_size(text: str) -> int:
    """Return the number of bytes `text` names: a whole number with an optional binary unit.

    Raises
    ------
    ValueError
        If `text` is not such a size, or names 0 bytes.

    Examples
    --------
    >>> parse_size("512"), parse_size("64K"), parse_size("1G"), parse_size("300 MiB")
    (512, 65536, 1073741824, 314572800)
    """
    match = _SIZE.fullmatch(text)
    if match is None or len(match.group(1)) > 15:
        raise ValueError(f"{text!r} is not a size such as 512, 64K, 500M or 2G")
    size = int(match.group(1)) * _UNITS[match.group(2).upper()]
    if size <= 0:
        raise ValueError(f"{text!r} is not a size of at least one byte")
    return size


def format_size(size: int) -> str:
    """Word a number of bytes with a binary unit.

    Examples
    --------
    >>> format_size(268435456), format_size(1536), format_size(10)
    ('256 MiB', '1.5 KiB', '10 bytes')
    """
    for unit, factor in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.4g} {unit}"
    return f"{size} bytes"


def max_input_bytes() -> int:
    """The input limit in force: :func:`input_limit`'s, else ``COMPETENCY_MAX_INPUT_SIZE``'s,
    else :data:`DEFAULT_MAX_INPUT_BYTES`.

    Raises
    ------
    ValueError
        If the environment variable is set to something that is not a size.
    """
    explicit = _LIMIT.get()
    if explicit is not None:
        return explicit
    text = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        return parse_size(text)
    except ValueError as exc:
        raise ValueError(f"{MAX_INPUT_ENV}: {exc}") from None


@contextlib.contextmanager
def input_limit(max_bytes: int) -> Iterator[None]:
    """Within the ``with`` block, refuse input larger than `max_bytes` (per file).

    Examples
    --------
    >>> with input_limit(1024):
    ...     max_input_bytes()
    1024
    """
    if max_bytes <= 0:
        raise ValueError("the input limit must be at least one byte")
    token = _LIMIT.set(max_bytes)
    try:
        yield
    finally:
        _LIMIT.reset(token)


# -- reading ------------------------------------------------------------------------------


def read_bytes(
    path: PathLike, *, expected: str = "the path of a readable file",
    error: type[CompetencyError] = DocumentError, max_bytes: int | None = None,
) -> bytes:
    """Read the file at `path`, bounded: never more than the input limit.

    A regular file larger than the limit is refused before anything is read. A FIFO or a
    character device is read as a stream until its end or the limit (a FIFO with no writer
    reads as empty at once). A directory, a socket or a missing file is an error.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.
    expected : str
        What the caller wanted, worded for the error (``"a framework JSON file"``).
    error : type of CompetencyError
        The error to raise (:class:`DocumentError` unless the caller has a closer one).
    max_bytes : int, optional
        The limit for this call; default :func:`max_input_bytes`.

    Returns
    -------
    bytes

    Raises
    ------
    DocumentError
        (or `error`) naming the file and why it cannot be read.

    Examples
    --------
    >>> read_bytes("no/such/file.json")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: no/such/file.json:/: cannot read the file: it does not exist — expected the path of a readable file
    """
    name = os.fspath(path)
    limit = max_input_bytes() if max_bytes is None else max_bytes

    def fail(reason: str, fix: str = "") -> NoReturn:
        raise error(Problem(file=name, location=None, message=f"cannot read the file: {reason}",
                            expected=expected, fix=fix))

    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        fail(os_reason(exc))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            fail("it is a directory")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)
                or stat.S_ISCHR(info.st_mode)):
            fail(f"it is {file_kind(info.st_mode)}, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            fail(f"it is {format_size(info.st_size)}, larger than the input limit of "
                 f"{format_size(limit)}", _LIMIT_FIX)
        os.set_blocking(fd, True)
        data = _read_fd(fd, limit)
    except OSError as exc:
        fail(os_reason(exc))
    finally:
        os.close(fd)
    if data is None:
        fail(f"it holds more than the input limit of {format_size(limit)}", _LIMIT_FIX)
    return data


def read_stream(
    stream: IO[bytes], *, file: str = STDIN, expected: str = "input",
    error: type[CompetencyError] = DocumentError, max_bytes: int | None = None,
) -> bytes:
    """Read a binary stream (standard input, say) to its end, bounded by the input limit.

    Examples
    --------
    >>> import io
    >>> read_stream(io.BytesIO(b"x" * 10), max_bytes=4)
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: <stdin>:/: cannot read the file: it holds more than the input limit of 4 bytes — expected input. Raise the limit with --max-input-size SIZE or the environment variable COMPETENCY_MAX_INPUT_SIZE (e.g. 1G)
    """
    limit = max_input_bytes() if max_bytes is None else max_bytes
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= limit:
            chunk = stream.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise error(Problem(file=file, location=None,
                            message=f"cannot read the file: {os_reason(exc)}",
                            expected=expected)) from None
    raise error(Problem(
        file=file, location=None,
        message=f"cannot read the file: it holds more than the input limit of "
                f"{format_size(limit)}",
        expected=expected, fix=_LIMIT_FIX,
    ))


def read_input(
    name: PathLike, *, expected: str = "the path of a readable file",
    error: type[CompetencyError] = DocumentError,
) -> tuple[bytes, str]:
    """Read the command line's input `name` (``-`` is standard input), bounded.

    Returns the bytes and the name to report in errors (``<stdin>`` for ``-``).
    """
    if os.fspath(name) == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream put in place of sys.stdin (tests, embedding)
            buffer = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
        return read_stream(buffer, expected=expected, error=error), STDIN
    return read_bytes(name, expected=expected, error=error), os.fspath(name)


_LIMIT_FIX = (f"Raise the limit with --max-input-size SIZE or the environment variable "
              f"{MAX_INPUT_ENV} (e.g. 1G)")


def _read_fd(fd: int, limit: int) -> bytes | None:
    """Read `fd` to its end; None if it holds more than `limit` bytes."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(max(_CHUNK, limit // 4), limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    return None


def os_reason(exc: OSError) -> str:
    """Word why an OS call on a file failed ("it does not exist", "permission denied")."""
    if isinstance(exc, FileNotFoundError):
        return "it does not exist"
    if isinstance(exc, IsADirectoryError):
        return "it is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENXIO:
        return "no process is at the other end (a socket or a FIFO without a reader)"
    return exc.strerror or str(exc)


def file_kind(mode: int) -> str:
    """Word what kind of file `mode` (``st_mode``) is: "a socket", "a block device"..."""
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


# -- decoding -----------------------------------------------------------------------------


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
            file=file, location=Position(line, column),
            message=f"not UTF-8 text: {exc.reason}", expected=expected,
        )) from None


def encode_utf8(text: str, *, file: str = INPUT) -> bytes:
    r"""Encode `text` as UTF-8; a lone surrogate (which UTF-8 cannot hold) is an error.

    Raises
    ------
    DocumentError
        At the line and column of the first character UTF-8 cannot encode.

    Examples
    --------
    >>> encode_utf8("ok\n")
    b'ok\n'
    >>> encode_utf8("a\nb\ud800", file="out.json")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: out.json:line 2, column 2: cannot write the text: it holds the lone surrogate U+D800, which no UTF-8 file can hold — expected text without unpaired surrogates (each \ud800-\udbff followed by a \udc00-\udfff)
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        line = before.count("\n") + 1
        column = exc.start - (before.rfind("\n") + 1) + 1
        raise DocumentError(Problem(
            file=file, location=Position(line, column),
            message=f"cannot write the text: it holds the lone surrogate "
                    f"U+{ord(text[exc.start]):04X}, which no UTF-8 file can hold",
            expected="text without unpaired surrogates "
                     "(each \\ud800-\\udbff followed by a \\udc00-\\udfff)",
        )) from None

