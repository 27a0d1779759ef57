"""Reading SSSOM TSV: the table after the metadata header, the draft crosswalk with every
problem found, and the checks against the frameworks (:func:`validate_sssom`).

See :mod:`competency.formats.sssom` for what is read and how problems are reported.
"""

from __future__ import annotations

import csv
import difflib
import operator
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from competency._formulas import restore
from competency.crosswalk._slots import check_curie, check_text, curie_prefix
from competency.crosswalk.model import (
    Crosswalk,
    Mapping,
    MappingSetView,
    SourceMap,
    checked_mapping,
    crosswalk_problems,
    line_of,
    locate,
    source_framework_id,
)
from competency.crosswalk.slots import MAPPING_SLOTS, Slot, mapping_slot
from competency.crosswalk.validation import framework_problems
from competency.crosswalk.vocabulary import BUILT_IN_PREFIXES
from competency.errors import (
    INPUT,
    CompetencyError,
    CrosswalkError,
    DocumentError,
    Location,
    Position,
    Problem,
)
from competency.formats._sssom_header import EXTENSION_NAME, did_you_mean, parse_header
from competency.io import decode_utf8, read_bytes
from competency.model import Framework

__all__ = [
    "REQUIRED_COLUMNS",
    "TSV",
    "CrosswalkWarning",
    "Draft",
    "loads_sssom",
    "parse_sssom",
    "read_sssom",
    "sort_problems",
    "validate_sssom",
]

PathLike = str | os.PathLike[str]

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")

PROJECT_PREFIX = ("competency", "https://w3id.org/competency/")
"""The prefix of the project's own identifiers (curators, framework sources)."""


class CrosswalkWarning(UserWarning):
    """Something in an SSSOM file that was read, but may not mean what its author wanted:
    a column or metadata key that is not an SSSOM slot (kept as an extension), or a prefix
    missing from the ``curie_map`` that was resolved from the known frameworks. The message
    names the file and the line and column; :attr:`problem` holds them as a value."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class TSV(csv.Dialect):
    delimiter = "\t"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


# -- reading ---------------------------------------------------------------------------------

def read_sssom(path: PathLike) -> Crosswalk:
    """Read the SSSOM TSV file at `path`.

    Raises
    ------
    DocumentError
        If the file cannot be read.
    CrosswalkError
        If it is not valid SSSOM TSV as competency reads it; lists every problem with its
        line and column.

    Examples
    --------
    >>> read_sssom("no/such.sssom.tsv")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: no/such.sssom.tsv:/: cannot read the file: it does not exist — expected the path of an SSSOM TSV file
    """
    return loads_sssom(_read(path), file=os.fspath(path))


def loads_sssom(text: str | bytes, *, file: str = INPUT) -> Crosswalk:
    """Parse SSSOM TSV given as text (UTF-8 when bytes); `file` names it in errors.

    Every SSSOM slot is read, as a column or a metadata key; columns and keys that are not
    SSSOM slots are kept as extensions, and prefixes missing from the ``curie_map`` (as in
    files written by sssom-py, which drops prefixes with a ``-``) are resolved from the
    known frameworks; each is reported as a :class:`CrosswalkWarning`.

    Raises
    ------
    CrosswalkError
        Listing every problem, each with its line and column.

    Examples
    --------
    >>> loads_sssom("#mapping_set_id: https://example.org/x\\n"
    ...             "subject_id\\tpredicate_id\\tobject_id\\tmapping_justification\\n"
    ...             "a:1\\tskos:sameAs\\tb:2\\tsemapv:LexicalMatching\\n")
    Traceback (most recent call last):
    ...
    competency.errors.CrosswalkError: <input>:line 1, column 1: the metadata header has no 'license' — expected a header line '#license: <value>'
    <input>:line 3, column 2: predicate_id: unknown predicate 'skos:sameAs' — expected one of skos:exactMatch, ...
    """
    draft = parse_sssom(text, file=file)
    if draft.problems:
        raise CrosswalkError(sort_problems([*draft.problems, *draft.set_problems()]))
    cw = draft.build()
    for problem in draft.warnings:
        warnings.warn(CrosswalkWarning(problem), stacklevel=2)
    return cw


def _read(path: PathLike) -> bytes:
    try:
        return read_bytes(path)
    except DocumentError as exc:
        raise DocumentError(
            attrs.evolve(p, expected="the path of an SSSOM TSV file") for p in exc.problems
        ) from None


@attrs.frozen(kw_only=True)
class Draft:
    """What the reader made of a file, with the problems found; :meth:`build` turns it into
    a :class:`Crosswalk` once there are none. It has what the set-level checks read
    (:class:`~competency.crosswalk.model.MappingSetView`), so they can run on a file with
    problems too."""

    metadata: dict[str, Any]
    mappings: tuple[Mapping, ...]
    source_map: SourceMap
    problems: tuple[Problem, ...]
    metadata_ok: bool
    """Whether the metadata header was read without problems."""
    table_ok: bool
    """Whether the table was read without problems (every row became a mapping)."""
    warnings: tuple[Problem, ...] = ()
    """What was read but deserves a look (see :class:`CrosswalkWarning`)."""

    def set_problems(self) -> list[Problem]:
        """The set-level problems among the mappings read (see
        :func:`~competency.crosswalk.model.crosswalk_problems`)."""
        return crosswalk_problems(self, partial=not self.table_ok, metadata=self.metadata_ok)

    @property
    def curie_map(self) -> tuple[tuple[str, str], ...]:
        value: dict[str, str] = self.metadata.get("curie_map", {})
        return tuple(sorted(value.items()))

    @property
    def subject_source(self) -> str | None:
        value: str | None = self.metadata.get("subject_source")
        return value

    @property
    def object_source(self) -> str | None:
        value: str | None = self.metadata.get("object_source")
        return value

    @property
    def creator_id(self) -> tuple[str, ...]:
        value: tuple[str, ...] = self.metadata.get("creator_id", ())
        return value

    @property
    def file(self) -> str:
        return self.source_map.file

    def line(self, index: int) -> int | None:
        return line_of(self.source_map, len(self.mappings), index)

    def locate(self, index: int | None, slot: str) -> Location:
        return locate(self.source_map, len(self.mappings), index, slot)

    def build(self) -> Crosswalk:
        """The crosswalk (raises :class:`CrosswalkError` on a set-level problem)."""
        try:
            return Crosswalk(mappings=self.mappings, source_map=self.source_map,
                             **self.metadata)
        except (ValueError, TypeError) as exc:
            if isinstance(exc, CrosswalkError):
                raise
            raise CrosswalkError(Problem(  # metadata was checked slot by slot; a safety net
                file=self.file, location=Position(1, 1), message=str(exc),
                expected="valid SSSOM mapping-set metadata",
            )) from None


def parse_sssom(text: str | bytes, *, file: str = INPUT) -> Draft:
    """Parse SSSOM TSV as far as possible, collecting every problem instead of raising.

    The mappings of the draft are those whose rows are valid; its problems do not include
    the set-level ones (see :func:`~competency.crosswalk.model.crosswalk_problems`).
    """
    problems: list[Problem] = []
    notes: list[Problem] = []
    text = decode_utf8(text, file=file, expected="a UTF-8 encoded file", error=CrosswalkError)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    n_header = 0
    while n_header < len(lines) and lines[n_header].startswith("#"):
        n_header += 1
    metadata, positions = parse_header(lines[:n_header], file, problems, notes)
    n_header_problems = len(problems)
    metadata_ok = not problems

    columns: tuple[str, ...] = ()
    mappings: list[Mapping] = []
    mapping_lines: list[int] = []
    header_at = next((i for i in range(n_header, len(lines)) if lines[i].strip()), None)
    if header_at is None:
        problems.append(Problem(
            file=file, location=Position(n_header + 1, 1),
            message="there is no TSV column header after the metadata",
            expected="a line of tab-separated column names, e.g. "
                     + "\\t".join(REQUIRED_COLUMNS),
        ))
    else:
        columns = _parse_columns(lines[header_at], header_at + 1, file, problems, notes)
        # without the required columns no row can become a mapping (that is reported)
        readable = set(REQUIRED_COLUMNS) <= set(columns)
        plan = _row_plan(columns)
        for i in range(header_at + 1, len(lines) if readable else 0):
            if not lines[i].strip():
                continue
            mapping = _parse_row(lines[i], i + 1, columns, plan, file, problems)
            if mapping is not None:
                mappings.append(mapping)
                mapping_lines.append(i + 1)
    source_map = SourceMap(file=file, columns=columns, mapping_lines=tuple(mapping_lines),
                           metadata=tuple(positions))
    if metadata_ok:
        _resolve_prefixes(metadata, mappings, source_map, notes)
    return Draft(metadata=metadata, mappings=tuple(mappings), source_map=source_map,
                 problems=tuple(problems), metadata_ok=metadata_ok,
                 table_ok=len(problems) == n_header_problems, warnings=tuple(notes))


_CURIE_SLOTS = ("subject_id", "object_id", "author_id", "reviewer_id", "creator_id")


def _resolve_prefixes(metadata: dict[str, Any], mappings: Sequence[Mapping],
                      source_map: SourceMap, notes: list[Problem]) -> None:
    """Add to the ``curie_map`` the prefixes used but not declared that name a known
    framework (or the project's own prefix), with a warning each: sssom-py writes files
    whose ``curie_map`` lacks every prefix with a ``-`` (such as ``pt-nos``)."""
    curie_map: dict[str, str] = dict(metadata.get("curie_map", {}))
    missing: dict[str, tuple[int | None, str]] = {}

    def need(curie: str, index: int | None, slot: str) -> None:
        prefix = curie_prefix(curie)
        if prefix not in curie_map and prefix not in BUILT_IN_PREFIXES:
            missing.setdefault(prefix, (index, slot))

    for slot in ("subject_source", "object_source"):
        value = metadata.get(slot)
        if isinstance(value, str) and check_curie(value) is None and "://" not in value:
            need(value, None, slot)
    for curie in metadata.get("creator_id", ()):
        need(curie, None, "creator_id")
    declared = {*curie_map, *BUILT_IN_PREFIXES}
    for slot in _CURIE_SLOTS:
        if slot not in source_map.columns:
            continue
        values = map(operator.attrgetter(slot), mappings)
        if slot in ("subject_id", "object_id"):  # one CURIE each: the hot loop
            for i, curie in enumerate(values):
                prefix = curie[:curie.index(":")]
                if prefix not in declared:
                    declared.add(prefix)
                    missing.setdefault(prefix, (i, slot))
        else:
            for i, curies in enumerate(values):
                for curie in curies:
                    need(curie, i, slot)
    if not missing:
        return
    known = _known_prefixes(missing)
    for prefix, (index, slot) in missing.items():
        iri = known.get(prefix)
        if iri is None:
            continue  # reported by the set-level checks
        curie_map[prefix] = iri
        notes.append(Problem(
            file=source_map.file,
            location=locate(source_map, len(mappings), index, slot),
            message=f"the prefix {prefix!r} is not in the curie_map; read as {iri!r}, the "
                    "base IRI of the known framework of that id",
            expected=f"a curie_map entry '{prefix}: {iri}' (sssom-py drops prefixes "
                     "that contain '-')",
        ))
    metadata["curie_map"] = curie_map


def _known_prefixes(prefixes: Iterable[str]) -> dict[str, str]:
    """The base IRIs of those of `prefixes` that are framework ids (shipped, from plugins, or
    rubrics), and the project's own prefix."""
    from competency import registry
    from competency.errors import CompetencyError

    known: dict[str, str] = {}
    ids = set(registry.available())
    try:
        from competency.rubric import available_rubrics

        ids.update(available_rubrics())
    except CompetencyError:  # a broken rubric plugin: frameworks still resolve
        pass
    for prefix in prefixes:
        if prefix == PROJECT_PREFIX[0]:
            known[prefix] = PROJECT_PREFIX[1]
        elif prefix in ids:
            try:
                known[prefix] = registry.load(prefix).base_iri
            except CompetencyError:
                continue
    return known

def _cells(line: str) -> list[str]:
    return next(csv.reader([line], dialect=TSV))


def _parse_columns(line: str, number: int, file: str, problems: list[Problem],
                   notes: list[Problem]) -> tuple[str, ...]:
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


_RowPlan = tuple[tuple[int, str, "Slot | None", str, Callable[[Any], Any]], ...]


def _row_plan(columns: tuple[str, ...]) -> _RowPlan:
    """Each column read: its index, name, slot (``None`` for an extension), how its value is
    held and its check; the first of a repeated name only."""
    plan: list[tuple[int, str, Slot | None, str, Callable[[Any], Any]]] = []
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


def _parse_row(
    line: str, number: int, columns: tuple[str, ...], plan: _RowPlan, file: str,
    problems: list[Problem],
) -> Mapping | None:
    if '"' in line:  # a quoted cell: the csv module's rules
        try:
            cells = _cells(line)
        except csv.Error as exc:
            problems.append(Problem(
                file=file, location=Position(number, 1),
                message=f"the row cannot be split into cells: {exc}",
                expected="tab-separated cells; a cell that starts with '\"' must end with "
                         "'\"' (write '\"\"' for a quote)"))
            return None
    else:  # the common case, and the same cells
        cells = line.split("\t")
    if len(cells) != len(columns):
        problems.append(Problem(
            file=file, location=Position(number, min(len(cells), len(columns)) + 1),
            message=f"the row has {len(cells)} cells but the header has {len(columns)} columns",
            expected=f"{len(columns)} tab-separated cells (leave a cell empty for no value)",
        ))
        return None
    values: dict[str, object] = {}
    extensions: list[tuple[str, str]] = []
    ok = True
    for i, name, slot, kind, check in plan:
        cell = cells[i].strip()
        if slot is None:
            if cell:
                complaint = check_text(cell)
                if complaint is not None:
                    problems.append(Problem(file=file, location=Position(number, i + 1),
                                            message=f"{name}: {complaint[0]}",
                                            expected=complaint[1]))
                    ok = False
                extensions.append((name, cell))
            continue
        if not cell:
            if name in REQUIRED_COLUMNS:
                problems.append(Problem(file=file, location=Position(number, i + 1),
                                        message=f"{name} is empty", expected=_expected(slot)))
                ok = False
            continue
        value: object = cell
        if slot.range == "text":  # free text: a ' put in front by our writer comes off
            value = cell = restore(cell)
        if kind == "number":
            try:
                value = float(cell)
            except ValueError:
                problems.append(Problem(file=file, location=Position(number, i + 1),
                                        message=f"{name} {cell!r} is not a number",
                                        expected="a number from 0 to 1"))
                ok = False
                continue
        elif kind == "list":
            value = tuple(v.strip() for v in cell.split("|"))
            if slot.range == "text":
                value = tuple(restore(v) for v in value)
        complaint = check(value)
        if complaint is not None:
            problems.append(Problem(file=file, location=Position(number, i + 1),
                                    message=f"{name}: {complaint[0]}", expected=complaint[1]))
            ok = False
            continue
        values[name] = value
    if "review_date" in values and not ("reviewer_id" in values or "reviewer_label" in values):
        problems.append(Problem(
            file=file, location=Position(number, columns.index('review_date') + 1),
            message="review_date: a review date without a reviewer",
            expected="reviewer_id or reviewer_label in the same row (an SSSOM rule)"))
        ok = False
    if not ok:
        return None
    if extensions:
        values["extensions"] = tuple(extensions)
    # every slot was checked above, by the same checks as the model's validators
    return checked_mapping(values)


def _expected(slot: Slot) -> str:
    return {
        "subject_id": "a CURIE such as 'pt-nos:LSIPT01.P1'",
        "object_id": "a CURIE such as 'ls-nos:AP13'",
        "predicate_id": "a SKOS mapping predicate such as 'skos:closeMatch'",
        "mapping_justification": "a semapv term such as 'semapv:ManualMappingCuration'",
    }.get(slot.name, "a value")


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """`problems` in file order (by line, then column); others keep their order, first."""
    def key(p: Problem) -> tuple[int, int]:
        where = p.location
        if isinstance(where, Position):
            return (where.line or 0, where.column or 0)
        return (0, 0)

    return sorted(problems, key=key)



def validate_sssom(
    path: PathLike, *, load: Callable[[str], Framework] | None = None
) -> Crosswalk:
    """Read the SSSOM TSV file at `path` and check it against the two frameworks its
    subject and object prefixes name, reporting every problem of the file and against the
    frameworks at once.

    Parameters
    ----------
    path : str or path-like
        The SSSOM TSV file.
    load : callable, optional
        Gives the framework of an id; default :func:`competency.load`.

    Returns
    -------
    Crosswalk
        The crosswalk, when there is no problem.

    Raises
    ------
    DocumentError
        If the file cannot be read.
    CrosswalkError
        Listing every problem, each with its line and column.

    Warns
    -----
    CrosswalkWarning
        For each column or key kept as an extension and each prefix resolved from the
        known frameworks (see :func:`~competency.crosswalk.loads_sssom`).
    """
    if load is None:
        from competency import registry

        load = registry.load
    file = os.fspath(path)
    draft = parse_sssom(_read(path), file=file)
    problems = [*draft.problems, *draft.set_problems()]
    frameworks: list[Framework] = []
    for side in ("subject", "object"):
        framework_id, slot = _side_id(draft, side)
        if framework_id is None:
            continue  # no mapping and no source: reported by the set-level checks
        try:
            frameworks.append(load(framework_id))
        except CompetencyError as exc:
            problems.extend(
                Problem(file=file, location=draft.locate(0 if slot.endswith("_id") else None,
                                                         slot),
                        message=f"the {side} framework {framework_id!r} cannot be loaded: "
                                f"{p.message}", expected=p.expected, fix=p.fix)
                for p in exc.problems
            )
    if len(frameworks) == 2:
        problems.extend(framework_problems(draft, frameworks[0], frameworks[1]))
    for note in draft.warnings:
        warnings.warn(CrosswalkWarning(note), stacklevel=2)
    if problems:
        raise CrosswalkError(sort_problems(problems))
    return draft.build()


def _side_id(draft: MappingSetView, side: str) -> tuple[str | None, str]:
    if draft.mappings:
        curie: str = getattr(draft.mappings[0], f"{side}_id")
        return curie.partition(":")[0], f"{side}_id"
    source: str | None = getattr(draft, f"{side}_source")
    if source is None:
        return None, f"{side}_source"
    return source_framework_id(source), f"{side}_source"
