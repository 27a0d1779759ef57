"""The table of an SSSOM TSV file, read and checked column by column.

A file of a million rows is read in about the time Python's csv module takes to split it,
with every cell checked as before (see ``benchmarks/README.md``). The text is split into
cells once, in C (``str.split``), and each column is checked as a whole:

- control characters, surrounding whitespace and the formula quote (``'``) our writer may
  put in front of free text are looked for once in the whole table;
- a column of CURIEs or IRIs is checked with one pattern over its distinct values;
- numbers, lists, dates and the vocabularies (predicates, justifications, ...) repeat: each
  distinct value is converted and checked once;
- a column with a problem is read again cell by cell, by the same code that reads a single
  cell (:func:`cell_value`), which reports each bad cell with its line and column.

The rows become a :class:`~competency.crosswalk.model.MappingTable`: no
:class:`~competency.crosswalk.Mapping` is built until one is asked for.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from itertools import repeat
from typing import Any

from competency._formulas import restore
from competency.crosswalk._slots import (
    CONTROL_BYTES,
    CONTROL_EXCEPT_TAB,
    NOT_CURIE_LINE,
    NOT_IRI_LINE,
    Complaint,
    check_text,
)
from competency.crosswalk.model import MappingTable
from competency.crosswalk.slots import MAPPING_SLOTS, Slot, mapping_slot
from competency.errors import Position, Problem
from competency.formats._sssom_header import EXTENSION_NAME, did_you_mean

__all__ = ["REQUIRED_COLUMNS", "TSV", "cell_value", "parse_columns", "read_table"]

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


class TSV(csv.Dialect):
    """SSSOM TSV as the reference tooling (pandas) reads and writes it."""

    delimiter = "\t"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], dialect=TSV))


def parse_columns(line: str, number: int, file: str, problems: list[Problem],
                  notes: list[Problem]) -> tuple[str, ...]:
    """The column names of the header `line` (line `number`), with its problems."""
    try:
        names = [c.strip() for c in _cells(line)]
    except csv.Error as exc:
        problems.append(Problem(file=file, location=Position(number, 1),
                                message=f"the column header cannot be split: {exc}",
                                expected="tab-separated column names"))
        return ()
    seen: set[str] = set()
    for i, name in enumerate(names):
        where = Position(number, i + 1)
        if name in seen:
            problems.append(Problem(file=file, location=where,
                                    message=f"the column {name!r} is given twice",
                                    expected="each column once"))
        elif mapping_slot(name) is None:
            if EXTENSION_NAME.match(name):
                notes.append(Problem(
                    file=file, location=where,
                    message=f"the column {name!r} is not an SSSOM mapping slot; kept as an "
                            "extension" + did_you_mean(name, (s.name for s in MAPPING_SLOTS)),
                    expected="an SSSOM slot, or an extension declared in "
                             "extension_definitions",
                ))
            else:
                problems.append(Problem(
                    file=file, location=where, message=f"the column name {name!r} is not "
                    "a slot name", expected="a name of letters, digits and '_', such as "
                    "'subject_id'"))
        seen.add(name)
    unknown = [n for n in names if mapping_slot(n) is None]
    for name in REQUIRED_COLUMNS:
        if name not in names:
            close = difflib.get_close_matches(name, unknown, n=1)
            problems.append(Problem(
                file=file, location=Position(number, len(names) + 1),
                message=f"there is no {name!r} column",
                expected="the columns " + ", ".join(REQUIRED_COLUMNS),
                fix=f"Rename the column {close[0]!r} to {name!r}" if close else "",
            ))
    return tuple(names)


_Read = tuple[int, str, "Slot | None", str, Callable[[Any], Any]]


def _plan(columns: tuple[str, ...]) -> tuple[_Read, ...]:
    """Each column read: its index, name, slot (``None`` for an extension), how its value is
    held and its check; the first of a repeated name only."""
    plan: list[_Read] = []
    seen: set[str] = set()
    for i, name in enumerate(columns):
        if name in seen or not EXTENSION_NAME.match(name):
            continue  # reported with the header
        seen.add(name)
        slot = mapping_slot(name)
        if slot is None:
            plan.append((i, name, None, "text", check_text))
        else:
            plan.append((i, name, slot, slot.kind, slot.checker))
    return tuple(plan)


def _expected(slot: Slot) -> str:
    return {
        "subject_id": "a CURIE such as 'pt-nos:LSIPT01.P1'",
        "object_id": "a CURIE such as 'ls-nos:AP13'",
        "predicate_id": "a SKOS mapping predicate such as 'skos:closeMatch'",
        "mapping_justification": "a semapv term such as 'semapv:ManualMappingCuration'",
    }.get(slot.name, "a value")


def cell_value(cell: str, name: str, slot: Slot | None, kind: str,
               check: Callable[[Any], Complaint | None]) -> tuple[object, Complaint | None]:
    """The value of one (stripped) `cell` of column `name` as the mapping holds it, and
    what is wrong with it (``None``: nothing). An empty cell is no value (the slot's
    default), or a problem in a required column."""
    if slot is None:  # an extension: text
        complaint = check_text(cell) if cell else None
        return (cell or None), None if complaint is None else (
            f"{name}: {complaint[0]}", complaint[1])
    if not cell:
        if name in REQUIRED_COLUMNS:
            return None, (f"{name} is empty", _expected(slot))
        return ((), None) if kind == "list" else (None, None)
    value: object = cell
    if slot.range == "text" and kind != "list":  # a ' put in front by our writer comes off
        value = cell = restore(cell)
    if kind == "number":
        try:
            value = float(cell)
        except ValueError:
            return None, (f"{name} {cell!r} is not a number", "a number from 0 to 1")
    elif kind == "list":
        value = tuple(v.strip() for v in cell.split("|"))
        if slot.range == "text":
            value = tuple(restore(v) for v in value)
    complaint = check(value)
    if complaint is not None:
        return None, (f"{name}: {complaint[0]}", complaint[1])
    return value, None


_EMPTY_IS_NONE: dict[str, None] = {"": None}

_PATTERNS = {"curie": NOT_CURIE_LINE, "iri": NOT_IRI_LINE, "reference": NOT_IRI_LINE}


def _no_empty(values: list[str]) -> Sequence[str | None]:
    return list(map(_EMPTY_IS_NONE.get, values, values)) if "" in values else values


def _whole_column(values: list[str], name: str, slot: Slot | None, kind: str,
                  check: Callable[[Any], Complaint | None], quoted: bool,
                  seen: dict[str, AbstractSet[object]]) -> Sequence[object] | None:
    """The values of a column of stripped cells free of control characters, checked as a
    whole; ``None`` if some cell has a problem or a free-text cell starts with a quote
    (which may have to come off; `quoted` says the table has such cells). The distinct values
    of a required column go to `seen`."""
    if slot is None:
        return _no_empty(values)
    if name in REQUIRED_COLUMNS and "" in values:
        return None
    if kind == "text":
        if slot.range == "text":
            if quoted and "\n'" in "\n" + "\n".join(values):  # the quote may come off
                return None
            return _no_empty(values)
        distinct = set(values)
        if name in REQUIRED_COLUMNS:  # no empty cell (see above): the column's values
            seen[name] = distinct
        distinct.discard("")
        pattern = _PATTERNS.get(slot.range)
        if pattern is not None:
            if distinct and pattern.search("\n".join(distinct)) is not None:
                return None
        elif any(check(v) is not None for v in distinct):
            return None
        return _no_empty(values)
    held: dict[str, object] = {"": () if kind == "list" else None}
    for cell in set(values):
        if cell not in held:
            value, complaint = cell_value(cell, name, slot, kind, check)
            if complaint is not None:
                return None
            held[cell] = value
    return list(map(held.__getitem__, values))


def _cell_by_cell(values: list[str], number: int, name: str, slot: Slot | None, kind: str,
                  check: Callable[[Any], Complaint | None], lines: Sequence[int], file: str,
                  problems: list[Problem], bad: set[int]) -> list[object]:
    read: list[object] = []
    for row, cell in enumerate(values):
        value, complaint = cell_value(cell.strip(), name, slot, kind, check)
        if complaint is not None:
            problems.append(Problem(file=file, location=Position(lines[row], number),
                                    message=complaint[0], expected=complaint[1]))
            bad.add(row)
        read.append(value)
    return read


def _split(body: list[str], numbers: Sequence[int], width: int, file: str,
           problems: list[Problem]) -> tuple[list[list[str]], list[int], bool]:
    """The cells of each row that has `width` of them (with its line), one row at a time,
    and whether a (quoted) cell holds a tab; the other rows are reported."""
    rows: list[list[str]] = []
    lines: list[int] = []
    tab_in_cell = False
    for number, line in zip(numbers, body, strict=True):
        if '"' in line:  # a quoted cell: the csv module's rules
            try:
                cells = _cells(line)
            except csv.Error as exc:
                problems.append(Problem(
                    file=file, location=Position(number, 1),
                    message=f"the row cannot be split into cells: {exc}",
                    expected="tab-separated cells; a cell that starts with '\"' must end with "
                             "'\"' (write '\"\"' for a quote)"))
                continue
        else:  # the common case, and the same cells
            cells = line.split("\t")
        if len(cells) != width:
            problems.append(Problem(
                file=file, location=Position(number, min(len(cells), width) + 1),
                message=f"the row has {len(cells)} cells but the header has {width} columns",
                expected=f"{width} tab-separated cells (leave a cell empty for no value)",
            ))
            continue
        rows.append(cells)
        lines.append(number)
        tab_in_cell = tab_in_cell or len(cells) != line.count("\t") + 1
    return rows, lines, tab_in_cell


def read_table(lines: list[str], first: int, columns: tuple[str, ...], file: str,
               problems: list[Problem]) -> tuple[MappingTable, Sequence[int]]:
    """The mappings of the rows ``lines[first:]`` (0-based: line ``first + 1`` of the file
    is ``lines[first]``) under the header `columns`, and the line of each; every problem is
    added to `problems`, in file order. Rows with a problem are left out."""
    plan = _plan(columns)
    body = lines[first:]
    numbers: Sequence[int] = range(first + 1, first + 1 + len(body))
    if body and not body[-1]:  # the end of the last line
        body.pop()
        numbers = numbers[:-1]
    if "" in body or any(map(str.isspace, body)):  # blank lines are skipped
        kept = [(n, line) for n, line in zip(numbers, body, strict=True) if line.strip()]
        numbers, body = [n for n, _ in kept], [line for _, line in kept]
    width = len(columns)
    joined = "\t".join(body)
    table_problems: list[Problem] = []
    quoted = '"' in joined
    tab_in_cell = False
    raw: dict[int, list[str]]
    if not body:
        raw, row_lines = {i: [] for i, *_ in plan}, numbers
    elif not quoted and list(map(str.count, body, repeat("\t"))).count(width - 1) == len(body):
        cells = joined.split("\t")  # every row has its cells: columns by stride
        raw, row_lines = {i: cells[i::width] for i, *_ in plan}, numbers
        del cells
    else:
        rows, row_lines, tab_in_cell = _split(body, numbers, width, file, table_problems)
        raw = {i: [row[i] for row in rows] for i, *_ in plan}
    # what is looked for once in the whole table: a quoted cell may hold a tab
    ascii_only = joined.isascii()
    if ascii_only:
        clean = b"\0" not in joined.encode("ascii").translate(CONTROL_BYTES)
    else:
        clean = CONTROL_EXCEPT_TAB.search(joined) is None
    clean = clean and not tab_in_cell
    stripped = not quoted and ascii_only and not (
        "\t " in joined or " \t" in joined or joined[:1] == " " or joined[-1:] == " ")
    # a cell may start with the formula quote (after its whitespace, if any is stripped)
    formula_quote = "'" in joined and (
        quoted or not stripped or joined[:1] == "'" or "\t'" in joined)
    del joined
    count = len(row_lines)
    values: dict[str, Sequence[object]] = {}
    extensions: list[tuple[str, Sequence[str | None]]] = []
    bad: set[int] = set()
    distinct: dict[str, AbstractSet[object]] = {}
    for i, name, slot, kind, check in plan:
        column = raw.pop(i)
        if not stripped:
            column = list(map(str.strip, column))
        read = (_whole_column(column, name, slot, kind, check, formula_quote, distinct)
                if clean else None)
        if read is None:
            read = _cell_by_cell(column, i + 1, name, slot, kind, check, row_lines, file,
                                 table_problems, bad)
        if slot is None:
            extensions.append((name, read))  # type: ignore[arg-type]  # text or None
        else:
            values[name] = read
    if "review_date" in values:
        _check_reviewers(values, columns.index("review_date") + 1, row_lines, file,
                         table_problems, bad)
    if bad:
        keep = [row for row in range(count) if row not in bad]
        values = {name: [column[row] for row in keep] for name, column in values.items()}
        extensions = [(name, [column[row] for row in keep]) for name, column in extensions]
        row_lines = [row_lines[row] for row in keep]
        count = len(keep)
        distinct = {}
    problems.extend(sorted(table_problems, key=_position))
    return MappingTable(values, count, extensions, distinct), row_lines


def _check_reviewers(values: dict[str, Sequence[object]], number: int, lines: Sequence[int],
                     file: str, problems: list[Problem], bad: set[int]) -> None:
    none = ((),) * len(lines)
    ids, labels = values.get("reviewer_id", none), values.get("reviewer_label", none)
    for row, (date, who, name) in enumerate(
            zip(values["review_date"], ids, labels, strict=True)):
        if date is not None and not who and not name:
            problems.append(Problem(
                file=file, location=Position(lines[row], number),
                message="review_date: a review date without a reviewer",
                expected="reviewer_id or reviewer_label in the same row (an SSSOM rule)"))
            bad.add(row)


def _position(problem: Problem) -> tuple[int, int]:
    where = problem.location
    if isinstance(where, Position):
        return (where.line or 0, where.column or 0)
    return (0, 0)
