"""Mappings held as columns: :class:`MappingTable` (a lazy, read-only sequence of
:class:`~competency.crosswalk.Mapping`) and the helpers that read a slot of many mappings at
once (private: use :mod:`competency.crosswalk`).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Mapping as MappingABC
from collections.abc import Set as AbstractSet
from typing import Any, overload

import attrs

from competency.crosswalk._mapping import (
    Mapping,
    _curie_of,
)
from competency.crosswalk.slots import Slot, mapping_slot

__all__ = ["MappingTable", "checked_mapping", "distinct_values", "mapping_column"]


_MAPPING_FIELDS = frozenset(attrs.fields_dict(Mapping))
_MAPPING_DEFAULTS: dict[str, object] = {f.name: f.default for f in attrs.fields(Mapping)}
_MAPPING_SETTERS: tuple[tuple[Callable[[Mapping, object], None], str], ...] = tuple(
    (getattr(Mapping, f.name).__set__, f.name) for f in attrs.fields(Mapping))


def checked_mapping(values: MappingABC[str, object]) -> Mapping:
    """A :class:`Mapping` of `values` whose every slot has already been checked, as the SSSOM
    reader does cell by cell with the slot table's checks (the model's validators are the
    same checks): built without running them again, for reading large files. The values must
    be held as the fields hold them (tuples, floats, CURIE strings)."""
    mapping = object.__new__(Mapping)
    full = {**_MAPPING_DEFAULTS, **values}
    for set_slot_value, name in _MAPPING_SETTERS:  # the slots' own setters: no attrs checks
        set_slot_value(mapping, full[name])
    return mapping


class MappingTable(Sequence[Mapping]):
    """The mappings of a crosswalk read from a file, held as columns: a read-only sequence
    of :class:`Mapping` that builds each mapping when it is first asked for.

    A file of a million rows is read, checked and kept as a few columns (one list of values
    per SSSOM slot present); a :class:`Mapping` is built only for the rows a program looks
    at. It behaves as the tuple of the same mappings does: ``len``, indexing (a slice gives
    a tuple), iteration, ``in``, equality with that tuple or another table, the same hash,
    and it pickles as that tuple. The same row always gives the same object.

    The values must be held as the mapping fields hold them and must have passed the slot
    table's checks (the reader checks every distinct value of every column), so mappings are
    built without running the attrs validators again (:func:`checked_mapping`). Not an attrs
    class: it is a container with a cache of the mappings built so far.

    Parameters
    ----------
    columns : mapping of str to sequence
        Mapping slot name → its value in each row (missing slots take their default).
    length : int
        The number of rows.
    extensions : sequence of (str, sequence of str or None)
        Each extension column, by name, with its text in each row (None: no value).

    Examples
    --------
    >>> table = MappingTable({"subject_id": ["a:1", "a:2"], "object_id": ["b:1", "b:1"],
    ...                       "predicate_id": ["skos:closeMatch"] * 2,
    ...                       "mapping_justification": ["semapv:LexicalMatching"] * 2}, 2)
    >>> len(table), table[1].subject_id, table[1] is table[1]
    (2, 'a:2', True)
    >>> table == tuple(table)
    True
    """

    __slots__ = ("_built", "_columns", "_distinct", "_extensions", "_facts", "_hash",
                 "_length", "_plan")

    def __init__(self, columns: MappingABC[str, Sequence[Any]], length: int,
                 extensions: Sequence[tuple[str, Sequence[str | None]]] = (),
                 distinct: MappingABC[str, AbstractSet[Any]] | None = None) -> None:
        for name, values in columns.items():
            if name not in _MAPPING_FIELDS or name == "extensions":
                raise ValueError(f"{name!r} is not a mapping slot")
            if len(values) != length:
                raise ValueError(f"the column {name!r} has {len(values)} values, not {length}")
        self._columns: dict[str, Sequence[Any]] = dict(columns)
        self._extensions = tuple(extensions)
        self._length = length
        self._built: list[Mapping | None] | None = None
        self._hash: int | None = None
        self._distinct: dict[str, AbstractSet[Any]] = dict(distinct or {})
        self._facts: dict[str, bool] = {}
        self._plan = tuple(
            (setter, self._columns.get(name), _MAPPING_DEFAULTS[name])
            for setter, name in _MAPPING_SETTERS if name != "extensions")

    @classmethod
    def from_columns(cls, columns: MappingABC[str, Sequence[Any]]) -> MappingTable:
        """The mappings whose slots have the values `columns` gives, one per row, checked as
        :class:`Mapping` checks them: the same checks, each distinct value once.

        This is how a program that makes many mappings (``suggest``) builds them fast:
        values are held as the fields hold them (tuples for lists, floats); a
        :class:`Predicate`, :class:`Justification` or int is converted as the constructor
        converts it.

        Raises
        ------
        ValueError
            If a slot is unknown, a required slot is missing or empty, the columns differ
            in length, or a value fails its slot's check (the message is the validator's).

        Examples
        --------
        >>> from competency.crosswalk import MappingTable, Predicate
        >>> table = MappingTable.from_columns({
        ...     "subject_id": ["a:1", "a:2"], "object_id": ["b:1", "b:1"],
        ...     "predicate_id": [Predicate.CLOSE_MATCH] * 2, "confidence": [1, 0.5],
        ...     "mapping_justification": ["semapv:LexicalMatching"] * 2})
        >>> table[0].predicate_id, table[0].confidence
        ('skos:closeMatch', 1.0)
        >>> MappingTable.from_columns({"subject_id": ["a 1"], "object_id": ["b:1"],
        ...     "predicate_id": ["skos:closeMatch"],
        ...     "mapping_justification": ["semapv:LexicalMatching"]})
        Traceback (most recent call last):
        ...
        ValueError: subject_id: 'a 1' is not a CURIE — expected a CURIE 'prefix:local' such as 'pt-nos:LSIPT01.P1'
        """
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"the columns differ in length: {sorted(lengths)}")
        held: dict[str, Sequence[Any]] = {}
        seen: dict[str, AbstractSet[Any]] = {}
        for name, values in columns.items():
            slot = mapping_slot(name)
            if slot is None:
                raise ValueError(f"{name!r} is not a mapping slot")
            distinct = set(values)
            convert = {v: _held(slot, v) for v in distinct}
            if any(convert[v] is not v for v in distinct):
                values = list(map(convert.__getitem__, values))
            else:
                seen[name] = distinct
            for value in set(convert.values()):
                if value is None or value == ():
                    if name in _REQUIRED:
                        raise ValueError(f"{name}: a mapping without one — expected a value")
                    continue
                complaint = slot.check(value)
                if complaint is not None:
                    raise ValueError(f"{name}: {complaint[0]} — expected {complaint[1]}")
            held[name] = values
        missing = [name for name in _REQUIRED if name not in held]
        if missing:
            raise ValueError(f"no {', '.join(missing)} — expected a column of each of "
                             + ", ".join(_REQUIRED))
        length = lengths.pop() if lengths else 0
        if any(held.get("review_date", ())):
            ids = held.get("reviewer_id", ((),) * length)
            labels = held.get("reviewer_label", ((),) * length)
            for date, who, name in zip(held["review_date"], ids, labels, strict=True):
                if date is not None and not who and not name:
                    raise ValueError("review_date: a review date without a reviewer — "
                                     "expected reviewer_id or reviewer_label with it "
                                     "(SSSOM rule)")
        return cls(held, length, distinct=seen)

    def column(self, name: str) -> Sequence[Any]:
        """The value of slot `name` in each row (its default where the file has none)."""
        values = self._columns.get(name)
        if values is not None:
            return values
        if name == "extensions":
            return [self._row_extensions(i) for i in range(self._length)]
        return (_MAPPING_DEFAULTS[name],) * self._length

    def distinct(self, name: str) -> AbstractSet[Any]:
        """The distinct values of slot `name` (computed once)."""
        values = self._distinct.get(name)
        if values is None:
            values = self._distinct[name] = frozenset(self.column(name))
        return values

    def _fact(self, name: str, compute: Callable[[], bool]) -> bool:
        # what the set-level checks learnt about the rows (they do not change)
        fact = self._facts.get(name)
        if fact is None:
            fact = self._facts[name] = compute()
        return fact

    def extension_columns(self) -> tuple[tuple[str, Sequence[str | None]], ...]:
        """Each extension column, by name, with its text in each row (None: no value)."""
        return self._extensions

    def _row_extensions(self, index: int) -> tuple[tuple[str, str], ...]:
        pairs = ((name, values[index]) for name, values in self._extensions)
        return tuple((name, text) for name, text in pairs if text is not None)

    def _build(self, index: int) -> Mapping:
        mapping = object.__new__(Mapping)
        for set_slot_value, values, default in self._plan:
            set_slot_value(mapping, default if values is None else values[index])
        _SET_EXTENSIONS(mapping, self._row_extensions(index) if self._extensions else ())
        return mapping

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Mapping: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Mapping, ...]: ...

    def __getitem__(self, index: int | slice) -> Mapping | tuple[Mapping, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if not -self._length <= index < self._length:
            raise IndexError("mapping index out of range")
        index %= self._length
        if self._built is None:
            self._built = [None] * self._length
        mapping = self._built[index]
        if mapping is None:
            mapping = self._built[index] = self._build(index)
        return mapping

    def __iter__(self) -> Iterator[Mapping]:
        return map(self.__getitem__, range(self._length))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MappingTable):
            if other is self:
                return True
            return len(other) == self._length and all(
                all(map(operator.eq, self.column(name), other.column(name)))
                for name in _MAPPING_FIELDS)
        if isinstance(other, tuple):
            return len(other) == self._length and all(
                a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __add__(self, other: tuple[Mapping, ...]) -> tuple[Mapping, ...]:
        """Concatenation, as the tuple this replaces allowed (``cw.mappings + (m,)``)."""
        if not isinstance(other, (tuple, MappingTable)):
            return NotImplemented
        return (*self, *other)

    def __radd__(self, other: tuple[Mapping, ...]) -> tuple[Mapping, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return (*other, *self)

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[type[tuple[Mapping, ...]], tuple[tuple[Mapping, ...]]]:
        return (tuple, (tuple(self),))


_REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")


def _held(slot: Slot, value: object) -> object:
    """`value` as a field of `slot` holds it (what the constructor's converters do)."""
    if isinstance(value, enum.Enum):
        return _curie_of(value)
    if slot.range == "number" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if slot.multivalued and isinstance(value, str):
        return (value,)
    return value


_SET_EXTENSIONS: Callable[[Mapping, object], None] = Mapping.extensions.__set__  # type: ignore[attr-defined]


def distinct_values(mappings: Sequence[Mapping], name: str) -> AbstractSet[Any]:
    """The distinct values of slot `name` among `mappings`."""
    if isinstance(mappings, MappingTable):
        return mappings.distinct(name)
    return set(mapping_column(mappings, name))


def mapping_column(mappings: Sequence[Mapping], name: str) -> Sequence[Any]:
    """The value of slot `name` of each of `mappings` (a table's column, or read from each
    mapping)."""
    if isinstance(mappings, MappingTable):
        return mappings.column(name)
    return list(map(operator.attrgetter(name), mappings))
