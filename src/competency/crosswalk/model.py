"""The crosswalk model: :class:`Mapping` and :class:`Crosswalk`, with SSSOM slot names.

A :class:`Crosswalk` is an SSSOM mapping set from the elements of one framework (the
subjects) to those of another (the objects). Both classes are frozen attrs classes, compared
by value and validated on construction; a crosswalk also checks the rules that involve
several mappings and raises :class:`~competency.errors.CrosswalkError` listing every problem:

- every CURIE prefix used is declared in ``curie_map`` (``skos`` and ``semapv`` are built in);
- all subjects come from one framework and all objects from one framework;
- no ``(subject, predicate, object)`` is listed twice, or both asserted and negated;
- no pair is mapped with ``skos:exactMatch`` and also with a predicate SKOS makes disjoint
  with it (``skos:broadMatch``, ``skos:narrowMatch``, ``skos:relatedMatch``).

A crosswalk read from a file holds its mappings as a :class:`MappingTable` (columns of
checked values; a :class:`Mapping` is built when first asked for), and the set-level checks
first decide from whole columns whether there is any problem
(:mod:`competency.crosswalk._columns`). Nothing here reads or writes files: see
:mod:`competency.formats.sssom`.

:class:`Mapping` lives in :mod:`competency.crosswalk._mapping` and :class:`MappingTable` in
:mod:`competency.crosswalk._table` (each depends only on the one before); both are
re-exported here and from :mod:`competency.crosswalk`.

Examples
--------
>>> from competency.crosswalk import Crosswalk, Mapping
>>> m = Mapping(subject_id="a:1", predicate_id="skos:broadMatch", object_id="b:X",
...             mapping_justification="semapv:ManualMappingCuration", confidence=0.8)
>>> cw = Crosswalk(mapping_set_id="https://example.org/a__b", license="https://example.org/l",
...                curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/"},
...                mappings=[m])
>>> cw.subject_prefix, cw.object_prefix
('a', 'b')
>>> inverse = cw.inverse()
>>> [(x.subject_id, x.predicate_id, x.object_id) for x in inverse]
[('b:X', 'skos:narrowMatch', 'a:1')]
>>> inverse.inverse() == cw
True
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Mapping as MappingABC
from typing import Any, Protocol

import attrs

from competency.crosswalk import _columns
from competency.crosswalk._mapping import (
    _EXTENSION_NAME,
    _SET_EXTRA,
    _SET_EXTRA_VALUES,
    _SWAPPED_SLOTS,
    _TEXT,
    Mapping,
    _check_slots,
    _strings,
    _validator,
)
from competency.crosswalk._slots import (
    NEGATED,
    check_curie,
    check_curie_list,
    check_curie_map_entry,
    check_date,
    check_iri,
    check_reference,
    check_text_list,
    curie_prefix,
)
from competency.crosswalk._table import (
    _MAPPING_FIELDS,
    MappingTable,
    checked_mapping,
    distinct_values,
    mapping_column,
)
from competency.crosswalk.slots import SET_SLOTS, set_slot
from competency.crosswalk.vocabulary import (
    _DISJOINT_PAIRS,
    BUILT_IN_PREFIXES,
    Predicate,
)
from competency.errors import INPUT, CrosswalkError, Location, Pointer, Position, Problem

__all__ = [
    "BUILT_IN_PREFIXES",
    "Crosswalk",
    "Mapping",
    "MappingSetView",
    "MappingTable",
    "SourceMap",
    "checked_mapping",
    "crosswalk_problems",
    "distinct_values",
    "line_of",
    "locate",
    "mapping_column",
    "source_framework_id",
]


def _lines(items: Iterable[int]) -> Sequence[int]:
    return items if isinstance(items, range) else tuple(items)


@attrs.frozen(kw_only=True)
class SourceMap:
    """Where a crosswalk read from SSSOM TSV came from: the file, its columns and the line
    of each mapping and metadata slot, so problems found later can name line and column.

    Parameters
    ----------
    file : str
        The file name, or ``"<input>"``.
    columns : tuple of str
        The TSV column names, in file order.
    mapping_lines : sequence of int
        The (1-based) line of each mapping, in order (a tuple, or a ``range`` when the
        mappings are on consecutive lines).
    metadata : tuple of (str, int, int)
        Each metadata slot with the line and column where its key is written.
    inverted : bool
        True for the source map of an inverted crosswalk: subject and object slots are
        looked up in each other's columns.
    """

    file: str = INPUT
    columns: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    mapping_lines: Sequence[int] = attrs.field(default=(), converter=_lines)
    metadata: tuple[tuple[str, int, int], ...] = ()
    inverted: bool = False

    def mapping_location(self, index: int, slot: str) -> Position:
        """The line and column of `slot` in mapping `index` (column 1 when the slot has
        no column)."""
        if self.inverted:
            slot = _SWAPPED_SLOTS.get(slot, slot)
        column = self.columns.index(slot) + 1 if slot in self.columns else 1
        return Position(self.mapping_lines[index], column)

    def metadata_location(self, slot: str) -> Position:
        """The line and column of metadata `slot` (line 1, column 1 when it is absent)."""
        if self.inverted:
            slot = _SWAPPED_SLOTS.get(slot, slot)
        for key, line, column in self.metadata:
            if key == slot:
                return Position(line, column)
        return Position(1, 1)

    def swapped(self) -> SourceMap:
        """The source map of the inverted crosswalk."""
        return attrs.evolve(self, inverted=not self.inverted)


def _mappings(items: Iterable[Mapping]) -> Sequence[Mapping]:
    return items if isinstance(items, MappingTable) else tuple(items)


def _is_mapping_tuple(
    instance: object, attribute: attrs.Attribute[Any], value: Sequence[object]
) -> None:
    if isinstance(value, MappingTable):  # built from checked cells: mappings by construction
        return
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise TypeError(f"mappings[{i}] must be a Mapping, got {type(item).__name__}")


def _curie_map(
    items: MappingABC[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    pairs = items.items() if isinstance(items, MappingABC) else items
    return tuple(sorted((prefix, iri) for prefix, iri in pairs))


def _is_curie_map(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[str, str], ...]
) -> None:
    seen: set[str] = set()
    for prefix, iri in value:
        complaint = check_curie_map_entry(prefix, iri, seen)
        if complaint is not None:
            raise ValueError(f"curie_map: {complaint[0]} — expected {complaint[1]}")
        seen.add(prefix)


def freeze(value: object) -> object:
    """`value` (as YAML or JSON gives it) made read-only: lists become tuples and maps
    read-only maps, recursively."""
    if isinstance(value, MappingABC):
        return types.MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: object) -> object:
    """The inverse of :func:`freeze`: plain lists and dicts, e.g. for writing YAML."""
    if isinstance(value, MappingABC):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _frozen_list(items: Iterable[object]) -> tuple[object, ...]:
    return tuple(freeze(v) for v in items)


def _frozen_pairs(
    items: MappingABC[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, object], ...]:
    pairs = items.items() if isinstance(items, MappingABC) else items
    return tuple((str(k), freeze(v)) for k, v in pairs)


def _check_set_extensions(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[str, object], ...]
) -> None:
    seen: set[str] = set()
    for name, _ in value:
        if not _EXTENSION_NAME.match(name) or set_slot(name) is not None or name in seen:
            raise ValueError(f"extensions: {name!r} is not a new extension slot name — "
                             "expected a name that is not an SSSOM slot, given once")
        seen.add(name)


@attrs.frozen(kw_only=True)
class Crosswalk:
    """An SSSOM mapping set from one framework's elements to another's.

    Parameters
    ----------
    mapping_set_id : str
        A globally unique IRI for the set.
    mappings : sequence of Mapping
        The mappings, in file order: a tuple, or (read from a file) a :class:`MappingTable`,
        which behaves as the tuple of the same mappings does.
    curie_map : mapping of str to str, or sequence of (prefix, IRI)
        The prefixes used, with their IRIs (stored sorted by prefix).
    license : str
        The IRI of the licence the mappings are published under.
    mapping_set_version, mapping_set_title, mapping_set_description, comment : str, optional
        Set metadata.
    creator_id, creator_label : tuple of str
        Who published the set (CURIEs / names).
    subject_source, object_source : str, optional
        CURIE or IRI of the two frameworks (e.g. ``competency:pt-nos``).
    mapping_date : str, optional
        ISO date of the set.
    mapping_tool, mapping_tool_version, similarity_measure, ... : optional
        Every other slot of SSSOM's ``mapping set`` class, by its name (see
        :mod:`competency.crosswalk.slots`); the propagatable ones apply to every mapping
        that has no value of its own (:meth:`propagated`).
    extensions : sequence of (str, object)
        Metadata keys that are not SSSOM slots, with their values, kept as read.
    source_map : SourceMap, optional
        Where the set was read from (ignored by equality); set by the TSV reader.

    Raises
    ------
    CrosswalkError
        If the rules in the module documentation are broken; every problem is listed, by
        TSV line and column when the crosswalk was read from a file.
    """

    mapping_set_id: str = attrs.field(validator=_validator(check_iri))
    mappings: Sequence[Mapping] = attrs.field(
        default=(), converter=_mappings, validator=_is_mapping_tuple
    )
    curie_map: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_curie_map, validator=_is_curie_map
    )
    license: str = attrs.field(validator=_validator(check_iri))
    mapping_set_version: str | None = attrs.field(default=None, validator=_TEXT)
    mapping_set_title: str | None = attrs.field(default=None, validator=_TEXT)
    mapping_set_description: str | None = attrs.field(default=None, validator=_TEXT)
    creator_id: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_validator(check_curie_list)
    )
    creator_label: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_validator(check_text_list)
    )
    subject_source: str | None = attrs.field(
        default=None, validator=_validator(check_reference, optional=True)
    )
    object_source: str | None = attrs.field(
        default=None, validator=_validator(check_reference, optional=True)
    )
    mapping_date: str | None = attrs.field(
        default=None, validator=_validator(check_date, optional=True)
    )
    comment: str | None = attrs.field(default=None, validator=_TEXT)
    # the other SSSOM mapping-set slots, in schema order
    sssom_version: str | None = None
    mapping_set_source: tuple[str, ...] = ()
    mapping_set_confidence: float | None = None
    subject_type: str | None = None
    subject_source_version: str | None = None
    object_type: str | None = None
    object_source_version: str | None = None
    predicate_type: str | None = None
    mapping_provider: str | None = None
    cardinality_scope: tuple[str, ...] = ()
    mapping_tool: str | None = None
    mapping_tool_id: str | None = None
    mapping_tool_version: str | None = None
    publication_date: str | None = None
    subject_match_field: tuple[str, ...] = ()
    object_match_field: tuple[str, ...] = ()
    subject_preprocessing: tuple[str, ...] = ()
    object_preprocessing: tuple[str, ...] = ()
    similarity_measure: str | None = None
    curation_rule: tuple[str, ...] = ()
    curation_rule_text: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    issue_tracker: str | None = None
    other: str | None = None
    extension_definitions: tuple[object, ...] = attrs.field(
        default=(), converter=_frozen_list, hash=False
    )
    """SSSOM's ``extension_definitions`` (maps with ``slot_name``, ``property``,
    ``type_hint``), kept as read (read-only maps)."""
    extensions: tuple[tuple[str, object], ...] = attrs.field(
        default=(), converter=_frozen_pairs, validator=_check_set_extensions, hash=False
    )
    """Metadata keys that are not SSSOM slots, with their values (text, tuples and read-only
    maps), in file order."""
    source_map: SourceMap | None = attrs.field(
        default=None, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        _check_slots(self, _SET_EXTRA, _SET_EXTRA_VALUES)
        problems = crosswalk_problems(self)
        if problems:
            raise CrosswalkError(problems)

    def __len__(self) -> int:
        return len(self.mappings)

    def __iter__(self) -> Iterator[Mapping]:
        return iter(self.mappings)

    @property
    def subject_prefix(self) -> str:
        """The id of the subjects' framework: the CURIE prefix of the subject ids, or (for a
        crosswalk without mappings) the last segment of :attr:`subject_source`."""
        if self.mappings:
            return curie_prefix(self.mappings[0].subject_id)
        return source_framework_id(self.subject_source or "")

    @property
    def object_prefix(self) -> str:
        """The id of the objects' framework (see :attr:`subject_prefix`)."""
        if self.mappings:
            return curie_prefix(self.mappings[0].object_id)
        return source_framework_id(self.object_source or "")

    @property
    def file(self) -> str:
        """The file the crosswalk was read from, or ``"<input>"``."""
        return INPUT if self.source_map is None else self.source_map.file

    def line(self, index: int) -> int | None:
        """The TSV line of mapping `index`, if the crosswalk was read from a file."""
        return line_of(self.source_map, len(self.mappings), index)

    def locate(self, index: int | None, slot: str) -> Location:
        """Where `slot` of mapping `index` (or of the set metadata, for ``None``) is: the TSV
        line and column (a :class:`~competency.errors.Position`) when read from a file, else
        a JSON pointer such as ``/mappings/3/object_id`` (a
        :class:`~competency.errors.Pointer`)."""
        return locate(self.source_map, len(self.mappings), index, slot)

    def propagated(self) -> Crosswalk:
        """The same set with each propagatable set slot (``mapping_tool``,
        ``similarity_measure``, ``subject_source``, ...) copied into every mapping and
        removed from the set, as SSSOM's propagation does. A slot that some mapping already
        has is left as it is on both levels (as the reference tooling does).

        Examples
        --------
        >>> m = Mapping(subject_id="a:1", predicate_id="skos:closeMatch", object_id="b:X",
        ...             mapping_justification="semapv:LexicalMatching")
        >>> cw = Crosswalk(mapping_set_id="https://example.org/x", mappings=[m],
        ...                license="https://example.org/l", mapping_tool="matcher",
        ...                curie_map={"a": "https://example.org/a/",
        ...                           "b": "https://example.org/b/"})
        >>> p = cw.propagated()
        >>> p.mapping_tool, p.mappings[0].mapping_tool
        (None, 'matcher')
        """
        names = [s.name for s in SET_SLOTS if s.propagatable and s.name in _MAPPING_FIELDS]
        values = {
            n: getattr(self, n) for n in names
            if getattr(self, n) not in (None, ())
            and all(getattr(m, n) in (None, ()) for m in self.mappings)
        }
        if not values or not self.mappings:
            return self
        mappings = [attrs.evolve(m, **values) for m in self.mappings]
        cleared: dict[str, Any] = {
            n: (() if isinstance(v, tuple) else None) for n, v in values.items()
        }
        return attrs.evolve(self, mappings=mappings, **cleared)

    def inverse(self) -> Crosswalk:
        """The crosswalk read from object to subject: every mapping :meth:`~Mapping.inverted`,
        the sources swapped, all other metadata kept.

        Examples
        --------
        >>> import competency.crosswalk as cx
        >>> cw = cx.load_crosswalk("pt-nos", "ls-nos")
        >>> cw.inverse().subject_prefix
        'ls-nos'
        """
        fields = attrs.fields_dict(Crosswalk)
        swapped = {a: getattr(self, b) for a, b in _SWAPPED_SLOTS.items() if a in fields}
        return attrs.evolve(
            self,
            **swapped,
            mappings=[m.inverted() for m in self.mappings],
            source_map=None if self.source_map is None else self.source_map.swapped(),
        )


def line_of(source: SourceMap | None, count: int, index: int) -> int | None:
    """The TSV line of mapping `index` of `count` mappings read with `source`, if known."""
    if source is None or len(source.mapping_lines) != count:
        return None
    return source.mapping_lines[index]


def locate(source: SourceMap | None, count: int, index: int | None, slot: str) -> Location:
    """Where `slot` of mapping `index` (``None``: the set metadata) is: line and column from
    `source`, else a JSON pointer such as ``/mappings/3/object_id``. A metadata `slot` may
    be a path such as ``curie_map/pt-nos``."""
    if index is None:
        return Pointer(*slot.split("/")) if source is None else source.metadata_location(slot)
    if source is not None and len(source.mapping_lines) == count:
        return source.mapping_location(index, slot)
    return Pointer("mappings", index, slot)


class MappingSetView(Protocol):
    """What the set-level checks read: a :class:`Crosswalk`, or the reader's draft of one."""

    @property
    def mappings(self) -> Sequence[Mapping]: ...
    @property
    def curie_map(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def subject_source(self) -> str | None: ...
    @property
    def object_source(self) -> str | None: ...
    @property
    def creator_id(self) -> tuple[str, ...]: ...
    @property
    def file(self) -> str: ...
    def line(self, index: int) -> int | None: ...
    def locate(self, index: int | None, slot: str) -> Location: ...


def source_framework_id(source: str) -> str:
    """The framework id a ``subject_source`` or ``object_source`` names: its last segment
    (``competency:pt-nos`` and ``https://w3id.org/competency/pt-nos/`` name ``pt-nos``)."""
    return re.split(r"[:/#]", source.rstrip("/#"))[-1]


def crosswalk_problems(
    cw: MappingSetView, *, partial: bool = False, metadata: bool = True
) -> list[Problem]:
    """Check the rules that involve several mappings or the set metadata (see the module
    documentation); return every problem, located in `cw`'s file when it has one.

    For a file with problems: `partial` says some of its mappings could not be read (a set
    without mappings is then not reported as one); ``metadata=False`` says its metadata
    could not be read, so the checks that need it (prefixes, sources) are left out."""
    problems: list[Problem] = []

    def problem(index: int | None, slot: str, message: str, expected: str,
                fix: str = "", *, related: Location | None = None, related_as: str = "see",
                ) -> None:
        problems.append(Problem(file=cw.file, location=cw.locate(index, slot),
                                message=message, expected=expected, fix=fix,
                                related=related, related_as=related_as))

    if metadata:
        _check_prefixes(cw, problem)
    _check_sides(cw, problem, partial=partial, metadata=metadata)
    _check_pairs(cw, problem)
    return problems


_Report = Callable[..., None]


def _check_prefixes(cw: MappingSetView, problem: _Report) -> None:
    declared = {**BUILT_IN_PREFIXES, **dict(cw.curie_map)}
    reported: set[str] = set()

    def need(curie: str, index: int | None, slot: str) -> None:
        prefix = curie_prefix(curie)
        if prefix not in declared and prefix not in reported:
            reported.add(prefix)
            problem(index, slot, f"the prefix {prefix!r} of {curie!r} is not in the curie_map",
                    f"a curie_map entry '{prefix}: <IRI>'",
                    "Declare every prefix used in the curie_map of the metadata header")

    for slot in ("subject_source", "object_source"):
        value = getattr(cw, slot)
        if value is not None and check_curie(value) is None and "://" not in value:
            need(value, None, slot)
    for curie in cw.creator_id:
        need(curie, None, "creator_id")
    used = _columns.distinct_prefixes(distinct_values(cw.mappings, "subject_id"))
    used |= _columns.distinct_prefixes(distinct_values(cw.mappings, "object_id"))
    used |= _columns.distinct_prefixes(
        a for items in distinct_values(cw.mappings, "author_id") for a in items)
    if used.issubset(declared):  # no mapping uses an undeclared prefix
        return
    for i, m in enumerate(cw.mappings):
        need(m.subject_id, i, "subject_id")
        need(m.object_id, i, "object_id")
        for curie in m.author_id:
            need(curie, i, "author_id")


def _check_sides(
    cw: MappingSetView, problem: _Report, *, partial: bool, metadata: bool
) -> None:
    for side in ("subject", "object"):
        source: str | None = getattr(cw, f"{side}_source")
        if not cw.mappings:
            if source is None and metadata and not partial:
                problem(None, f"{side}_source",
                        f"a crosswalk without mappings has no {side}_source",
                        f"{side}_source naming the {side} framework, e.g. 'competency:pt-nos'")
            continue
        slot = f"{side}_id"
        first: str = getattr(cw.mappings[0], slot)
        prefix = curie_prefix(first)
        same = _columns.distinct_prefixes(distinct_values(cw.mappings, slot)) == {prefix}
        for i, m in enumerate(() if same else cw.mappings):
            value: str = getattr(m, slot)
            if curie_prefix(value) != prefix:
                problem(i, slot, f"{slot} {value!r} is not from the framework {prefix!r} of "
                        f"the first mapping's {slot} {first!r}",
                        f"every {slot} with the prefix {prefix!r}",
                        "A crosswalk maps one framework to one other; split the file")
        if metadata and source is not None and source_framework_id(source) != prefix:
            problem(None, f"{side}_source",
                    f"{side}_source {source!r} does not name the framework {prefix!r} of the "
                    f"{slot}s", f"a {side}_source ending in {prefix!r}, e.g. "
                    f"'competency:{prefix}'")


def _check_pairs(cw: MappingSetView, problem: _Report) -> None:
    def no_problem() -> bool:
        return _columns.no_pair_problems(functools.partial(mapping_column, cw.mappings),
                                         len(cw.mappings), _DISJOINT_PAIRS, NEGATED)

    mappings = cw.mappings
    if (mappings._fact("pairs", no_problem) if isinstance(mappings, MappingTable)
            else no_problem()):
        return

    def where(i: int) -> Location:
        line = cw.line(i)
        return Position(line) if line is not None else Pointer("mappings", i)

    first_of: dict[tuple[str, str, str, bool], int] = {}
    positive: dict[tuple[str, str], dict[Predicate, int]] = {}
    for i, m in enumerate(cw.mappings):
        key = (m.subject_id, m.predicate_id, m.object_id, m.is_negated)
        if key in first_of:
            problem(i, "subject_id",
                    f"duplicate mapping {m.subject_id} {m.predicate_id} {m.object_id}",
                    "each (subject_id, predicate_id, object_id) once",
                    "Remove the repeated row or merge the two",
                    related=where(first_of[key]), related_as="first at")
            continue
        first_of[key] = i
        opposite = (m.subject_id, m.predicate_id, m.object_id, not m.is_negated)
        if opposite in first_of:
            problem(i, "predicate_modifier",
                    f"{m.subject_id} {m.predicate_id} {m.object_id} is both asserted and "
                    "negated", "a mapping either asserted or negated with predicate_modifier "
                    "'Not'", related=where(first_of[opposite]), related_as="the other at")
        if m.is_negated:
            continue
        seen = positive.setdefault((m.subject_id, m.object_id), {})
        for other, j in seen.items():
            if other in m.predicate.disjoint_with:
                problem(i, "predicate_id",
                        f"{m.subject_id} and {m.object_id} are mapped with {m.predicate_id} "
                        f"and also with {other.value} (at {where(j)}), which SKOS makes "
                        "disjoint",
                        "skos:exactMatch alone, or no skos:exactMatch for this pair")
        seen[m.predicate] = i
