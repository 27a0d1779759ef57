"""Cells that a spreadsheet would run as a formula: neutralised on writing, restored on
reading (OWASP "CSV injection").

A spreadsheet opening a CSV/TSV file treats a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some programs, a tab or carriage return before them) as a formula, so text
imported from elsewhere could run as one. Every CSV/TSV we write for spreadsheets passes its
cells through :func:`neutralise`, which puts a single quote ``'`` in front of such a cell
(the quote spreadsheets themselves use to mean "text"); our importers pass every cell
through :func:`restore`, which takes it off again, so the round trip is lossless.

To keep that round trip exact, a cell that itself starts with ``'`` is quoted too
(``'abc`` is written ``''abc``). :func:`restore` removes a leading ``'`` only where
:func:`neutralise` could have put it: before one of the trigger characters or another
``'``. A cell such as ``'abc`` from another tool is left alone.

Examples
--------
>>> neutralise("=SUM(A1:A2)"), neutralise("-5"), neutralise("plain"), neutralise("'x")
("'=SUM(A1:A2)", "'-5", 'plain', "''x")
>>> all(restore(neutralise(c)) == c for c in ("=1", "@a", "'", "''=", "\\tx", "", "ok"))
True
>>> restore("'abc")
"'abc"
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["FORMULA_TRIGGERS", "neutralise", "neutralise_row", "restore", "restore_row"]

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_ESCAPED = FORMULA_TRIGGERS | {"'"}


def neutralise(cell: str) -> str:
    """Return `cell` with a ``'`` in front if a spreadsheet would run it (or if it starts
    with ``'``, so that :func:`restore` gives it back exactly); else unchanged.

    Examples
    --------
    >>> neutralise("+44 20 7946 0000")
    "'+44 20 7946 0000"
    """
    return "'" + cell if cell[:1] in _ESCAPED else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: drop a leading ``'`` that stands before a trigger character
    or another ``'``.

    Examples
    --------
    >>> restore("'=1+1"), restore("''x"), restore("'x")
    ('=1+1', "'x", "'x")
    """
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _ESCAPED else cell


def neutralise_row(cells: Iterable[str]) -> list[str]:
    """:func:`neutralise` each cell of a row."""
    return [neutralise(c) for c in cells]


def restore_row(cells: Iterable[str]) -> list[str]:
    """:func:`restore` each cell of a row."""
    return [restore(c) for c in cells]
