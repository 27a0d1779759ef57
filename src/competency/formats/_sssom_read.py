"""Reading SSSOM TSV: the table after the metadata header, the draft crosswalk with every
problem found, and the checks against the frameworks (:func:`validate_sssom`).

See :mod:`competency.formats.sssom` for what is read and how problems are reported.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from competency.crosswalk._columns import distinct_prefixes
from competency.crosswalk._slots import check_curie, curie_prefix
from competency.crosswalk.model import (
    Crosswalk,
    MappingSetView,
    MappingTable,
    SourceMap,
    crosswalk_problems,
    distinct_values,
    line_of,
    locate,
    mapping_column,
    source_framework_id,
)
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
from competency.formats._sssom_header import parse_header
from competency.formats._sssom_table import REQUIRED_COLUMNS, parse_columns, read_table
from competency.io import decode_utf8, read_bytes
from competency.model import Framework

__all__ = [
    "CrosswalkWarning",
    "Draft",
    "loads_sssom",
    "parse_sssom",
    "read_sssom",
    "sort_problems",
    "validate_sssom",
]

PathLike = str | os.PathLike[str]

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
    mappings: MappingTable
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
    if "\r" in text:  # a CR ending a line is no part of it
        text = text.replace("\r\n", "\n").removesuffix("\r")
    lines = text.split("\n")
    n_header = 0
    while n_header < len(lines) and lines[n_header].startswith("#"):
        n_header += 1
    metadata, positions = parse_header(lines[:n_header], file, problems, notes)
    n_header_problems = len(problems)
    metadata_ok = not problems

    columns: tuple[str, ...] = ()
    mappings = MappingTable({}, 0)
    mapping_lines: Sequence[int] = ()
    header_at = next((i for i in range(n_header, len(lines)) if lines[i].strip()), None)
    if header_at is None:
        problems.append(Problem(
            file=file, location=Position(n_header + 1, 1),
            message="there is no TSV column header after the metadata",
            expected="a line of tab-separated column names, e.g. "
                     + "\\t".join(REQUIRED_COLUMNS),
        ))
    else:
        columns = parse_columns(lines[header_at], header_at + 1, file, problems, notes)
        # without the required columns no row can become a mapping (that is reported)
        if set(REQUIRED_COLUMNS) <= set(columns):
            mappings, mapping_lines = read_table(lines, header_at + 1, columns, file, problems)
    source_map = SourceMap(file=file, columns=columns, mapping_lines=mapping_lines,
                           metadata=tuple(positions))
    if metadata_ok:
        _resolve_prefixes(metadata, mappings, source_map, notes)
    return Draft(metadata=metadata, mappings=mappings, source_map=source_map,
                 problems=tuple(problems), metadata_ok=metadata_ok,
                 table_ok=len(problems) == n_header_problems, warnings=tuple(notes))


_CURIE_SLOTS = ("subject_id", "object_id", "author_id", "reviewer_id", "creator_id")


def _resolve_prefixes(metadata: dict[str, Any], mappings: MappingTable,
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
        distinct = distinct_values(mappings, slot)
        values = mapping_column(mappings, slot)
        if slot in ("subject_id", "object_id"):  # one CURIE each
            if distinct_prefixes(distinct).issubset(declared):
                continue
            for i, curie in enumerate(values):
                prefix = curie[:curie.index(":")]
                if prefix not in declared:
                    declared.add(prefix)
                    missing.setdefault(prefix, (i, slot))
        else:
            if distinct_prefixes(c for curies in distinct for c in curies).issubset(declared):
                continue
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
                                f"{p.full_message}", expected=p.expected, fix=p.fix)
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
