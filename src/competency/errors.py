"""The exceptions raised by :mod:`competency`.

Every error the library raises on user input is a :class:`CompetencyError`. Each carries a
tuple of :class:`Problem` objects (all the problems found, never only the first), and each
problem names the file, the location inside it (an RFC 6901 JSON pointer such as
``/elements/12/text``, or ``line 4, column 2`` for tabular files), what is wrong, what was
expected and how to fix it.

Subclasses also inherit the fitting builtin (``ValueError``, ``LookupError``, ``OSError``) so
callers that already catch those keep working.

A location is a value, never a string to be parsed back: a :class:`Pointer` (the RFC 6901
tokens of a JSON pointer) or a :class:`Position` (line and column of a text file). Both print
the way users read them; code reads their fields. So is the second place a problem may
involve, :attr:`Problem.related` (where a duplicated id was first used, say).

Examples
--------
>>> from competency.errors import DocumentError, Pointer, Position, Problem
>>> err = DocumentError([Problem(file="pt.json", location=Pointer("elements", 1, "id"),
...                              message="'PT2' is not a CURIE",
...                              expected="an id like 'pt-nos:LSIPT01'")])
>>> print(err)
pt.json:/elements/1/id: 'PT2' is not a CURIE — expected an id like 'pt-nos:LSIPT01'
>>> err.problems[0].location.tokens
('elements', '1', 'id')
>>> print(Problem(file="map.sssom.tsv", location=Position(7, 3), message="bad CURIE"))
map.sssom.tsv:line 7, column 3: bad CURIE
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

import attrs

__all__ = [
    "CompetencyError",
    "CrosswalkError",
    "DocumentError",
    "FormatWarning",
    "Location",
    "PluginError",
    "Pointer",
    "Position",
    "Problem",
    "RubricError",
    "ScoreError",
    "StructureError",
    "UnknownIdError",
    "UsageError",
]

INPUT = "<input>"
"""The file name used for data that did not come from a file."""


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@attrs.frozen(init=False)
class Pointer:
    """An RFC 6901 JSON pointer: the path of reference tokens from a document's root.

    ``Pointer()`` is the whole document. Tokens are kept as strings (array indices included,
    as RFC 6901 does); build pointers from parts and extend them with ``/``.

    Parameters
    ----------
    *tokens : str or int
        The reference tokens, unescaped (``"a/b"`` is one token).

    Examples
    --------
    >>> p = Pointer("elements", 12) / "text"
    >>> str(p), p.tokens
    ('/elements/12/text', ('elements', '12', 'text'))
    >>> Pointer.parse("/curie_map/a~1b") == Pointer("curie_map", "a/b")
    True
    >>> str(Pointer())
    ''
    """

    tokens: tuple[str, ...]

    def __init__(self, *tokens: str | int) -> None:
        self.__attrs_init__(tuple(str(t) for t in tokens))

    @classmethod
    def parse(cls, text: str) -> Pointer:
        """The pointer written as `text` (``""`` or ``/``-separated, ``~0``/``~1`` escapes).

        Raises
        ------
        ValueError
            If `text` is neither empty nor starts with ``/``.
        """
        if text and not text.startswith("/"):
            raise ValueError(f"{text!r} is not a JSON pointer (RFC 6901): it must start with '/'")
        if not text:
            return cls()
        return cls(*(t.replace("~1", "/").replace("~0", "~") for t in text[1:].split("/")))

    def __truediv__(self, token: str | int) -> Pointer:
        return Pointer(*self.tokens, token)

    def __str__(self) -> str:
        return "".join("/" + _escape(t) for t in self.tokens)


@attrs.frozen
class Position:
    """A place in a text file: a 1-based line and, where known, a 1-based column.

    Parameters
    ----------
    line : int or None
        The line (physical line of the file, counting from 1); None for a column of a table
        as a whole.
    column : int or None
        The column (a character column for JSON/Turtle, a cell column for CSV/TSV).
    column_name : str
        The name of a table column, where the column is better known by its header.
    row : int or None
        For a table given in memory (an array, a DataFrame): the 0-based row index, as
        pandas and numpy count. Files use `line`.

    Examples
    --------
    >>> str(Position(4, 2)), str(Position(4)), str(Position(column_name="theme"))
    ('line 4, column 2', 'line 4', 'column theme')
    >>> str(Position(row=0, column_name="T1"))
    'row 0, column T1'
    """

    line: int | None = attrs.field(default=None, kw_only=False)
    column: int | None = attrs.field(default=None, kw_only=False)
    column_name: str = attrs.field(default="", kw_only=True)
    row: int | None = attrs.field(default=None, kw_only=True)

    @line.validator
    @column.validator
    def _positive(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (type(value) is not int or value < 1):
            raise ValueError(f"Position.{attribute.name} must be an int >= 1, not {value!r}")

    @row.validator
    def _index(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (type(value) is not int or value < 0):
            raise ValueError(f"Position.row must be an int >= 0, not {value!r}")

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        elif self.column_name:
            parts.append(f"column {self.column_name}")
        return ", ".join(parts) or "the whole file"


Location = Pointer | Position
"""Where a problem is: a JSON pointer or a place in a text file."""

_LEGACY_POSITION = re.compile(r"line (\d+)(?:, column (\d+))?")


def _to_location(value: Location | str | None) -> Location | None:
    """Accept a JSON pointer string (RFC 6901) for convenience; anything else must be a value.

    A ``"line 4, column 2"`` string is still understood, with a DeprecationWarning: it was the
    documented form before locations became values.
    """
    if value is None or isinstance(value, (Pointer, Position)):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a problem's location is a Pointer or Position, not {value!r}")
    legacy = _LEGACY_POSITION.fullmatch(value)
    if legacy:
        warnings.warn("a location written as 'line N, column M' is deprecated: pass "
                      "competency.errors.Position(N, M)", DeprecationWarning, stacklevel=3)
        line, column = legacy.groups()
        return Position(int(line), int(column) if column else None)
    return Pointer.parse(value)


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with one input, and where.

    Parameters
    ----------
    file : str
        The file the input came from, or ``"<input>"``.
    location : Pointer, Position or None
        Where in the file: a :class:`Pointer` (``Pointer()`` is the whole document) or a
        :class:`Position`. A string is read as a JSON pointer. None (the default) is no place
        in particular; a problem with neither a file nor a location (an unknown id given on
        the command line, say) prints as its message alone.
    message : str
        What is wrong, quoting the offending value where that helps.
    expected : str
        What would have been accepted.
    fix : str
        Optional advice on how to repair the input.
    related : Pointer, Position or None
        The other place in the same file the problem involves, if any: where a duplicated id
        was first used, say. Like `location`, a value (a string is read as a JSON pointer);
        it prints after the message, introduced by `related_as`.
    related_as : str
        How the printed text introduces `related` (default ``"see"``), such as
        ``"first used at"``.

    Examples
    --------
    >>> p = Problem(file="fw.csv", location=Position(4, 1), message="duplicate id 'x:U1'",
    ...             related=Position(2, 1), related_as="first used at")
    >>> print(p)
    fw.csv:line 4, column 1: duplicate id 'x:U1' (first used at line 2, column 1)
    >>> p.related.line, p.message
    (2, "duplicate id 'x:U1'")
    """

    file: str = INPUT
    location: Location | None = attrs.field(default=None, converter=_to_location)
    message: str
    expected: str = ""
    fix: str = ""
    related: Location | None = attrs.field(default=None, converter=_to_location)
    related_as: str = attrs.field(default="see", validator=attrs.validators.instance_of(str))

    @property
    def full_message(self) -> str:
        """The message as printed: `message`, then `related` in parentheses if there is one.

        Examples
        --------
        >>> Problem(message="duplicate id 'x'", related="/elements/3/id",
        ...         related_as="first used at").full_message
        "duplicate id 'x' (first used at /elements/3/id)"
        >>> Problem(message="empty").full_message
        'empty'
        """
        if self.related is None:
            return self.message
        where = str(self.related) or "/"
        return f"{self.message} ({self.related_as} {where})" if self.related_as \
            else f"{self.message} ({where})"

    def __str__(self) -> str:
        where = "" if self.location is None else str(self.location)
        if self.file == INPUT and not where:  # not about a document: no position
            text = self.full_message
        else:
            text = f"{self.file}:{where or '/'}: {self.full_message}"
        if self.expected:
            text += f" — expected {self.expected}"
        if self.fix:
            text += f". {self.fix}"
        return text

    def in_file(self, file: str) -> Problem:
        """Return this problem attributed to `file` (used when a loader learns the name)."""
        return attrs.evolve(self, file=file)


class CompetencyError(Exception):
    """Base class of every error raised by :mod:`competency`.

    Parameters
    ----------
    problems : iterable of Problem or str
        What went wrong. A plain string becomes a location-less problem on ``<input>``.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found, in document order.
    """

    def __init__(self, problems: Iterable[Problem | str] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem(message=p) for p in problems
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[CompetencyError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))

    def in_file(self, file: str) -> CompetencyError:
        """Return the same error with every ``<input>`` problem attributed to `file`."""
        return type(self)(
            p.in_file(file) if p.file == INPUT else p for p in self.problems
        )


class DocumentError(CompetencyError, ValueError):
    """A file or document cannot be read, parsed, or does not match its JSON Schema."""


class StructureError(CompetencyError, ValueError):
    """Identity or reference rules are broken: duplicate id, dangling reference, a
    ``contains`` cycle, or an element with two parents."""


class UnknownIdError(CompetencyError, LookupError):
    """A framework, element, rubric or crosswalk id that nothing provides."""


class CrosswalkError(CompetencyError, ValueError):
    """A crosswalk (SSSOM mapping set) is malformed or does not fit its frameworks."""


class RubricError(CompetencyError, ValueError):
    """A rubric definition is malformed (levels, descriptors or bands)."""


class ScoreError(CompetencyError, ValueError):
    """A response cannot be scored against a rubric."""


class PluginError(CompetencyError, RuntimeError):
    """A plugin (entry point) cannot be loaded, or claims a name already taken."""


class UsageError(CompetencyError, ValueError):
    """The command line (or a call) asks for something that cannot be done with the values
    given: an option out of range, a combination that makes no sense. The command line
    exits with status 2 for it, as for any other usage error."""


class FormatWarning(UserWarning):
    """A quirk of an input file that was read anyway, because its meaning is clear (a CASE
    ``sequenceNumber`` written as a string, a Moodle header in another language, a SKOS
    concept with two broader concepts, ...). :attr:`problem` says where and what.

    Examples
    --------
    >>> w = FormatWarning(Problem(file="fw.json", location="/CFAssociations/0/sequenceNumber",
    ...                           message="'1' is a string", expected="an integer"))
    >>> print(w)
    fw.json:/CFAssociations/0/sequenceNumber: '1' is a string — expected an integer
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))
