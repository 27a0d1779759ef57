"""Strict JSON parsing, every problem reported at its line and column.

JSON is parsed as I-JSON (RFC 7493) asks: an object may not repeat a key with a different
value, numbers must fit an IEEE double (``1e400`` and ``NaN``/``Infinity`` are errors) and
integers the exactly representable range ±(2**53 - 1), strings may not hold a lone surrogate
(``"\\ud800"``), and nesting is bounded (:data:`MAX_JSON_DEPTH`).

Examples
--------
>>> from competency._json import parse_json
>>> parse_json('{"a": [1, 2.5, "x"]}')
{'a': [1, 2.5, 'x']}
>>> parse_json('{"title": "a",\\n "title": "b"}', file="fw.json")
Traceback (most recent call last):
...
competency.errors.DocumentError: fw.json:line 2, column 2: duplicate key 'title' with a different value (first at line 1, column 2) — expected each key once per object
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import operator
import re
from collections.abc import Callable
from itertools import chain, compress
from typing import Any

from competency._files import decode_utf8
from competency.errors import INPUT, CompetencyError, DocumentError, Pointer, Position, Problem

__all__ = ["MAX_JSON_DEPTH", "MAX_SAFE_INTEGER", "parse_json"]

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON document (ours need 4-8)."""

MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer an IEEE double holds exactly (I-JSON, RFC 7493 §2.2)."""


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
            file=file, location=Position(1, 1),
            message="the document is empty (a FIFO with no writer reads as empty)",
            expected="a JSON document",
        ))
    hooks = _Suspect()
    try:
        value = json.loads(text, object_pairs_hook=hooks.object, parse_constant=hooks.constant,
                           parse_float=hooks.float, parse_int=hooks.int)
    except json.JSONDecodeError as exc:
        raise error(Problem(
            file=file, location=Position(exc.lineno, exc.colno),
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
            raise error(Problem(file=file, location=Pointer(), message="not a usable JSON document",
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

    def where(self, offset: int) -> Position:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return Position(line + 1, offset - start + 1)

    def add(self, offset: int, message: str, expected: str, *, first_at: int | None = None
            ) -> None:
        """Note a problem at `offset`; `first_at`, the offset of what it repeats."""
        self.found.append(Problem(
            file=self.file, location=self.where(offset), message=message, expected=expected,
            related=None if first_at is None else self.where(first_at), related_as="first at",
        ))

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
                self.add(frame.key_at, f"duplicate key {key!r} with a different value",
                         "each key once per object", first_at=first_at)
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
