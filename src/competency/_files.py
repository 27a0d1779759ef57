"""Every file the library reads or writes goes through here: bounded reading, UTF-8
decoding, strict JSON parsing and atomic writing.

Reading is bounded. A file larger than the input limit (256 MiB unless raised with
:func:`input_limit`, the ``COMPETENCY_MAX_INPUT_SIZE`` environment variable or the
command line's ``--max-input-size``) is refused before it is read; FIFOs, character devices
(``/dev/zero``, ``/dev/urandom``, a terminal) and standard input are read as streams up to
the same limit, so endless input ends in a clear error rather than a ``MemoryError``; a FIFO
with no writer reads as empty instead of blocking.

JSON is parsed strictly, as I-JSON (RFC 7493) asks: an object may not repeat a key with a
different value, numbers must fit an IEEE double (``1e400`` and ``NaN``/``Infinity`` are
errors) and integers the exactly representable range ±(2**53 - 1), strings may not hold a
lone surrogate (``"\\ud800"``), and nesting is bounded (:data:`MAX_JSON_DEPTH`). Each such
problem is reported at its line and column.

Writing is atomic (a temporary file in the same directory, then :func:`os.replace`) and
never replaces anything but a regular file: a symbolic link is written through (the file it
points to is replaced atomically, the link stays), a FIFO or a character device (``/dev/null``,
a terminal) is written to as a stream, and anything else (a directory, a socket, a block
device) is refused. The temporary file is removed when the write fails or the process is
interrupted (``SIGINT``, and ``SIGTERM``/``SIGHUP`` when they have their default action).

Examples
--------
>>> from competency._files import parse_json
>>> parse_json('{"a": [1, 2.5, "x"]}')
{'a': [1, 2.5, 'x']}
>>> parse_json('{"title": "a",\\n "title": "b"}', file="fw.json")
Traceback (most recent call last):
...
competency.errors.DocumentError: fw.json:line 2, column 2: duplicate key 'title' with a different value (first at line 1, column 2) — expected each key once per object
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import functools
import io
import json
import math
import operator
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from itertools import chain, compress
from pathlib import Path
from types import FrameType
from typing import IO, Any, NoReturn

from competency.errors import INPUT, CompetencyError, DocumentError, Problem

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "MAX_INPUT_ENV",
    "MAX_JSON_DEPTH",
    "STDIN",
    "decode_utf8",
    "encode_utf8",
    "format_size",
    "input_limit",
    "max_input_bytes",
    "parse_json",
    "parse_size",
    "read_bytes",
    "read_input",
    "read_stream",
    "write_atomic",
    "write_output",
]

PathLike = str | os.PathLike[str]

DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The input limit unless raised: 256 MiB (an ESCO-scale framework is about 11 MB)."""

MAX_INPUT_ENV = "COMPETENCY_MAX_INPUT_SIZE"
"""The environment variable that sets the input limit, e.g. ``1G`` or ``500M``."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON document (ours need 4-8)."""

MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer an IEEE double holds exactly (I-JSON, RFC 7493 §2.2)."""

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
        raise error(Problem(file=name, location="", message=f"cannot read the file: {reason}",
                            expected=expected, fix=fix))

    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        fail(_os_reason(exc))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            fail("it is a directory")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)
                or stat.S_ISCHR(info.st_mode)):
            fail(f"it is {_kind(info.st_mode)}, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            fail(f"it is {format_size(info.st_size)}, larger than the input limit of "
                 f"{format_size(limit)}", _LIMIT_FIX)
        os.set_blocking(fd, True)
        data = _read_fd(fd, limit)
    except OSError as exc:
        fail(_os_reason(exc))
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
        raise error(Problem(file=file, location="",
                            message=f"cannot read the file: {_os_reason(exc)}",
                            expected=expected)) from None
    raise error(Problem(
        file=file, location="",
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


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "it does not exist"
    if isinstance(exc, IsADirectoryError):
        return "it is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENXIO:
        return "no process is at the other end (a socket or a FIFO without a reader)"
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
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
            file=file, location=f"line {line}, column {column}",
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
            file=file, location=f"line {line}, column {column}",
            message=f"cannot write the text: it holds the lone surrogate "
                    f"U+{ord(text[exc.start]):04X}, which no UTF-8 file can hold",
            expected="text without unpaired surrogates "
                     "(each \\ud800-\\udbff followed by a \\udc00-\\udfff)",
        )) from None


# -- JSON -----------------------------------------------------------------------------------


class _Suspect:
    """Hooks for :func:`json.loads` that note, without raising, anything strict JSON forbids;
    the located pass then says where."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = False

    def object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.seen = True
        return obj

    def constant(self, name: str) -> None:
        self.seen = True

    def float(self, text: str) -> float:
        value = float(text)
        if math.isinf(value):
            self.seen = True
        return value

    def int(self, text: str) -> int:
        if len(text) <= 17:  # 16 digits and a sign; 2**53 has 16 digits
            value = int(text)
            if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
                return value
        self.seen = True
        return 0


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_json(
    text: str | bytes, *, file: str = INPUT, error: type[CompetencyError] = DocumentError,
    max_depth: int = MAX_JSON_DEPTH,
) -> object:
    """Parse a JSON document strictly, every problem reported at its line and column.

    Parameters
    ----------
    text : str or bytes
        The document (UTF-8 when bytes; a leading byte-order mark is dropped).
    file : str
        The name to report in errors.
    error : type of CompetencyError
        The error to raise (:class:`DocumentError` unless the caller has a closer one).
    max_depth : int
        The deepest nesting of arrays and objects accepted.

    Returns
    -------
    object
        The parsed value (dicts, lists, str, int, float, bool, None).

    Raises
    ------
    DocumentError
        (or `error`) if the text is not UTF-8 or not JSON, or holds a repeated key with a
        different value, ``NaN``/``Infinity``, a number beyond an IEEE double (``1e400``), an
        integer beyond ±(2**53 - 1), a lone surrogate, or nesting deeper than `max_depth`.

    Notes
    -----
    The standard library's parser does the work: at ESCO scale it peaks at about 6× the
    size of the text where orjson peaks at about 17×, and it is only ~1.2× slower. Its hooks
    only note that something is amiss; a second, located pass over the text (taken only
    then) finds each problem's line and column.

    Examples
    --------
    >>> parse_json('{"points": 1e400}', file="r.json")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: r.json:line 1, column 12: the number 1e400 is too large — expected a number within the range of a double (about ±1.8e308)
    """
    text = decode_utf8(text, file=file, expected="a JSON document encoded as UTF-8",
                       error=error)
    if not text.strip():
        raise error(Problem(
            file=file, location="line 1, column 1",
            message="the document is empty (a FIFO with no writer reads as empty)",
            expected="a JSON document",
        ))
    hooks = _Suspect()
    try:
        value = json.loads(text, object_pairs_hook=hooks.object, parse_constant=hooks.constant,
                           parse_float=hooks.float, parse_int=hooks.int)
    except json.JSONDecodeError as exc:
        raise error(Problem(
            file=file, location=f"line {exc.lineno}, column {exc.colno}",
            message=f"not valid JSON: {exc.msg}",
            expected="a JSON document (no trailing commas, double-quoted keys and strings)",
        )) from None
    except RecursionError:
        hooks.seen = True
        value = None
    if (hooks.seen or _SURROGATE_ESCAPE.search(text) is not None
            or _deeper_than(value, max_depth)):
        problems = _JsonLocator(text, file, max_depth).problems()
        if problems:
            raise error(problems)
        if value is None and hooks.seen:  # pragma: no cover - the locator finds every cause
            raise error(Problem(file=file, location="", message="not a usable JSON document",
                                expected="JSON"))
    return value


_CONTAINERS = frozenset((dict, list))
_IS_DICT = functools.partial(operator.is_, dict)
_IS_LIST = functools.partial(operator.is_, list)


def _deeper_than(value: object, limit: int) -> bool:
    """Whether arrays/objects nest more than `limit` deep: level by level, without
    recursion, and with the per-value work done by C iterators (about a quarter of the
    parse at ESCO scale)."""
    level: list[Any] = [value] if type(value) in _CONTAINERS else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        kinds = list(map(type, level))
        items: list[Any] = list(chain(
            chain.from_iterable(map(dict.values, compress(level, map(_IS_DICT, kinds)))),
            chain.from_iterable(compress(level, map(_IS_LIST, kinds))),
        ))
        level = list(compress(items, map(_CONTAINERS.__contains__, map(type, items))))
    return False


_TOKEN = re.compile(
    r"""[ \t\n\r]*(?:
        (?P<punct>[{}\[\],:])
      | (?P<string>")
      | (?P<const>-?Infinity|NaN)
      | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)
      | (?P<word>true|false|null)
    )""",
    re.VERBOSE,
)
_LONE = re.compile(r"[\ud800-\udfff]")
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class _Frame:
    """An open array or object met by :class:`_JsonLocator`."""

    __slots__ = ("expecting_key", "is_object", "key", "key_at", "members", "value_end",
                 "value_start")

    def __init__(self, is_object: bool) -> None:
        self.is_object = self.expecting_key = is_object
        self.members: dict[str, tuple[int, tuple[int, int]]] = {}
        self.key: str | None = None
        self.key_at = self.value_start = self.value_end = 0


class _JsonLocator:
    """A second, iterative pass over syntactically valid JSON that finds the position of
    every repeated key (with a different value), non-finite or out-of-range number, lone
    surrogate and over-deep nesting."""

    def __init__(self, text: str, file: str, max_depth: int) -> None:
        self.text, self.file, self.max_depth = text, file, max_depth
        self._newlines: list[int] | None = None
        self.found: list[Problem] = []

    def where(self, offset: int) -> str:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return f"line {line + 1}, column {offset - start + 1}"

    def add(self, offset: int, message: str, expected: str) -> None:
        self.found.append(Problem(file=self.file, location=self.where(offset), message=message,
                                  expected=expected))

    def problems(self) -> list[Problem]:
        text, match = self.text, _TOKEN.match
        stack: list[_Frame] = []
        too_deep = False
        pos = 0
        while True:
            token = match(text, pos)
            if token is None:
                break
            kind = token.lastgroup or ""
            start, pos = token.start(kind), token.end()
            frame = stack[-1] if stack else None
            if kind == "punct":
                char = text[start]
                if char in "{[":
                    if frame is not None:
                        frame.value_start = start
                    stack.append(_Frame(char == "{"))
                    if len(stack) > self.max_depth and not too_deep:
                        too_deep = True
                        self.add(start, f"arrays and objects nest more than {self.max_depth} "
                                        "deep here", f"at most {self.max_depth} levels of nesting")
                elif char in "}]":
                    stack.pop()
                    if frame is not None and frame.is_object:
                        self._close_member(frame)
                    if stack:
                        stack[-1].value_end = pos
                elif char == "," and frame is not None and frame.is_object:
                    self._close_member(frame)
                continue
            if kind == "string":
                value, pos = _scanstring(text, start + 1)
                lone = _LONE.search(value)
                if lone is not None:
                    self.add(start, f"the string holds the lone surrogate "
                                    f"U+{ord(lone.group()):04X}",
                             "text without unpaired surrogates (each \\ud800-\\udbff "
                             "followed by a \\udc00-\\udfff)")
                if frame is not None and frame.expecting_key:
                    frame.key, frame.key_at, frame.expecting_key = value, start, False
                    continue
            elif kind == "const":
                self.add(start, f"{token.group(kind)} is not a JSON value",
                         "a finite number (JSON has no NaN or Infinity)")
            elif kind == "number":
                self._check_number(token.group(kind), start)
            if frame is not None:
                frame.value_start, frame.value_end = start, pos
        return self.found

    def _close_member(self, frame: _Frame) -> None:
        key, frame.key, frame.expecting_key = frame.key, None, True
        if key is None:
            return
        span = (frame.value_start, frame.value_end)
        if key in frame.members:
            first_at, first_span = frame.members[key]
            if self._parsed(first_span) != self._parsed(span):
                self.add(frame.key_at, f"duplicate key {key!r} with a different value "
                                       f"(first at {self.where(first_at)})",
                         "each key once per object")
            return
        frame.members[key] = (frame.key_at, span)

    def _parsed(self, span: tuple[int, int]) -> object:
        try:
            return json.loads(self.text[span[0]:span[1]], parse_constant=str)
        except (ValueError, RecursionError):
            return object()  # unequal to everything: report the repeat

    def _check_number(self, number: str, start: int) -> None:
        if any(c in number for c in ".eE"):
            if math.isinf(float(number)):
                self.add(start, f"the number {number} is too large",
                         "a number within the range of a double (about ±1.8e308)")
            return
        digits = len(number) - number.startswith("-")
        if digits > 16 or abs(int(number)) > MAX_SAFE_INTEGER:
            shown = number if len(number) <= 24 else f"{number[:12]}…({digits} digits)"
            self.add(start, f"the integer {shown} is out of range",
                     "an integer between -(2**53 - 1) and 2**53 - 1")


# -- writing --------------------------------------------------------------------------------


def write_output(target: PathLike | None, data: bytes | str, *, file: str | None = None) -> None:
    """Write the command line's output: to standard output when `target` is None or ``-``,
    else to the file `target` with :func:`write_atomic`.

    Text is encoded as UTF-8 first (:func:`encode_utf8`), so nothing is written when it
    cannot be.
    """
    name = file or (os.fspath(target) if target is not None else "<stdout>")
    payload = encode_utf8(data, file=name) if isinstance(data, str) else data
    if target is None or os.fspath(target) == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(payload)
            buffer.flush()
        else:
            sys.stdout.write(payload.decode("utf-8"))
        return
    write_atomic(target, payload)


def write_atomic(path: PathLike, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a torn
    one: through a temporary file in the same directory and :func:`os.replace`.

    Only a regular file is ever replaced. A symbolic link is written through: the file it
    points to is replaced atomically and the link stays. A FIFO or a character device
    (``/dev/null``, a terminal) is written to as a stream; a directory, a socket or a block
    device is refused. The temporary file is removed if the write fails or the process is
    interrupted by ``SIGINT``, ``SIGTERM`` or ``SIGHUP`` (the last two when they have their
    default action; the process then still ends by that signal).

    Raises
    ------
    DocumentError
        If the folder does not exist or is not writable, or the target cannot be written;
        nothing is left behind and an existing target is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "out.txt", b"new")
    >>> (folder / "out.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'new', ['out.txt'])
    >>> write_atomic(folder / "missing" / "out.txt", b"x")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: .../missing/out.txt:/: cannot write the file: the directory ... does not exist — expected a path in an existing, writable directory
    """
    name = os.fspath(path)

    def fail(reason: str, expected: str = "a path in an existing, writable directory") -> NoReturn:
        raise DocumentError(Problem(file=name, location="",
                                    message=f"cannot write the file: {reason}",
                                    expected=expected))

    target = Path(name)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        fail(_os_reason(exc))
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            _write_stream(name, data, fail)
            return
        fail(f"it is {_kind(info.st_mode)}; only a regular file is replaced",
             "the path of a regular file (or a FIFO or character device, written to as a stream)")
    if target.is_symlink():  # write through the link: replace what it points to
        target = Path(os.path.realpath(target))
    directory = target.parent
    if not directory.is_dir():
        fail(f"the directory {os.fspath(directory)} does not exist")
    with _cleanup_on_signals() as pending:
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{_short_name(target.name)}.", suffix=".tmp",
                                       dir=directory)
            pending.add(tmp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            mode = info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask()
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            pending.discard(tmp)
        except BaseException as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
                pending.discard(tmp)
            if isinstance(exc, OSError):
                fail(_os_reason(exc), "a writable path")
            raise


def _write_stream(name: str, data: bytes, fail: Any) -> None:
    try:
        fd = os.open(name, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        fail(_os_reason(exc), "a FIFO with a reader, or a writable device")
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        fail(_os_reason(exc), "a writable device")
    finally:
        os.close(fd)


def _short_name(name: str, limit: int = 200) -> str:
    """`name`, shortened so the temporary name stays within 255 bytes."""
    while len(os.fsencode(name)) > limit:
        name = name[:-1]
    return name


_HANDLED = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s))


class _Pending:
    def __init__(self) -> None:
        self.paths: set[str] = set()

    def add(self, path: str) -> None:
        self.paths.add(path)

    def discard(self, path: str) -> None:
        self.paths.discard(path)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[_Pending]:
    """Remove the temporary files registered here if SIGTERM/SIGHUP arrives meanwhile, then
    end the process by that signal as it would have ended anyway."""
    pending = _Pending()
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        for path in list(pending.paths):
            with contextlib.suppress(OSError):
                os.unlink(path)
        for number, old in previous.items():
            signal.signal(number, old)
        os.kill(os.getpid(), signum)

    for number in _HANDLED:
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, handler)
    try:
        yield pending
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
