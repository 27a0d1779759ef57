"""The exceptions raised by :mod:`competency`.

Every error the library raises on user input is a :class:`CompetencyError`. Each carries a
tuple of :class:`Problem` objects (all the problems found, never only the first), and each
problem names the file, the location inside it (an RFC 6901 JSON pointer such as
``/elements/12/text``, or ``line 4, column 2`` for tabular files), what is wrong, what was
expected and how to fix it.

Subclasses also inherit the fitting builtin (``ValueError``, ``LookupError``, ``OSError``) so
callers that already catch those keep working.

Examples
--------
>>> from competency.errors import DocumentError, Problem
>>> err = DocumentError([Problem(file="pt.json", location="/elements/1/id",
...                              message="'PT2' is not a CURIE",
...                              expected="an id like 'pt-nos:LSIPT01'")])
>>> print(err)
pt.json:/elements/1/id: 'PT2' is not a CURIE — expected an id like 'pt-nos:LSIPT01'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CompetencyError",
    "CrosswalkError",
    "DocumentError",
    "FormatWarning",
    "PluginError",
    "Problem",
    "RubricError",
    "ScoreError",
    "StructureError",
    "UnknownIdError",
    "UsageError",
]

INPUT = "<input>"
"""The file name used for data that did not come from a file."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with one input, and where.

    Parameters
    ----------
    file : str
        The file the input came from, or ``"<input>"``.
    location : str
        A JSON pointer (``/elements/3/text``; ``""`` is the whole document) or a tabular
        position (``line 4, column 2``). A problem with neither a file nor a location (an
        unknown id given on the command line, say) prints as its message alone.
    message : str
        What is wrong, quoting the offending value where that helps.
    expected : str
        What would have been accepted.
    fix : str
        Optional advice on how to repair the input.
    """

    file: str = INPUT
    location: str = ""
    message: str
    expected: str = ""
    fix: str = ""

    def __str__(self) -> str:
        if self.file == INPUT and not self.location:  # not about a document: no position
            text = self.message
        else:
            text = f"{self.file}:{self.location or '/'}: {self.message}"
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
