"""The SSSOM mapping: :class:`Mapping`, one row of a crosswalk, with every SSSOM mapping slot
(private: use :mod:`competency.crosswalk`).

Its validators are the slot table's checks (:mod:`competency.crosswalk._slots`); the slots
the constructor does not check itself are checked as one group (``_MAPPING_EXTRA``).
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Mapping as MappingABC
from typing import Any

import attrs

from competency.crosswalk._slots import (
    NEGATED,
    Complaint,
    check_curie,
    check_curie_list,
    check_date,
    check_justification,
    check_modifier,
    check_predicate,
    check_text,
    check_text_list,
    check_unit_interval,
)
from competency.crosswalk.slots import MAPPING_SLOTS, SET_SLOTS, Slot, mapping_slot
from competency.crosswalk.vocabulary import (
    Justification,
    Predicate,
)

__all__ = ["Mapping"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _validator(check: Callable[[Any], Complaint | None], *, optional: bool = False) -> Validator:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        complaint = check(value)
        if complaint is not None:
            raise ValueError(f"{attribute.name}: {complaint[0]} — expected {complaint[1]}")

    return validate


def _curie_of(value: str | enum.Enum) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else value


def _number(value: float | None) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return (items,) if isinstance(items, str) else tuple(items)


_TEXT = _validator(check_text, optional=True)


def _check_slots(instance: object, slots: Sequence[Slot],
                 values: Callable[[object], tuple[Any, ...]]) -> None:
    """Convert and check the fields of `instance` named by `slots` that have a value (a list
    becomes a tuple, a single string a 1-tuple, an int a float), as the slot table says.

    The many optional SSSOM slots are checked here, in one pass over those set, rather than
    by a validator per field: reading a file builds a mapping per row."""
    for slot, value in zip(slots, values(instance), strict=True):
        if value is None or value == ():
            continue
        if slot.multivalued and not isinstance(value, tuple):
            value = _strings(value)
            object.__setattr__(instance, slot.name, value)
        elif slot.range == "number":
            value = _number(value)
            object.__setattr__(instance, slot.name, value)
        complaint = slot.check(value)
        if complaint is not None:
            raise ValueError(f"{slot.name}: {complaint[0]} — expected {complaint[1]}")


def _extensions(items: MappingABC[str, str] | Iterable[tuple[str, str]]) -> tuple[
    tuple[str, str], ...
]:
    pairs = items.items() if isinstance(items, MappingABC) else items
    return tuple((str(k), str(v)) for k, v in pairs)


def _check_extensions(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[str, str], ...]
) -> None:
    seen: set[str] = set()
    for name, text in value:
        if not _EXTENSION_NAME.match(name) or mapping_slot(name) is not None or name in seen:
            raise ValueError(f"extensions: {name!r} is not a new extension slot name — "
                             "expected a name (letters, digits, '_') that is not an SSSOM "
                             "slot and is given once")
        seen.add(name)
        complaint = check_text(text)
        if complaint is not None:
            raise ValueError(f"extensions: {name}: {complaint[0]} — expected {complaint[1]}")


_EXTENSION_NAME = re.compile(r"\A[A-Za-z_][A-Za-z0-9_.\-]*\Z")


@attrs.frozen(kw_only=True)
class Mapping:
    """One SSSOM mapping: `subject_id` `predicate_id` `object_id`, and its provenance.

    Every slot of SSSOM's ``mapping`` class is a field of the same name (see
    :mod:`competency.crosswalk.slots`); multivalued slots are tuples. Columns that are not
    SSSOM slots are kept, as text, in :attr:`extensions`.

    Parameters
    ----------
    subject_id, object_id : str
        CURIEs of the mapped elements, e.g. ``"pt-nos:LSIPT01.K3"`` and ``"ls-nos:AK1.3"``.
    predicate_id : str or Predicate
        One of the five SKOS mapping predicates (stored as its CURIE).
    mapping_justification : str or Justification
        The semapv matching process (stored as its CURIE).
    confidence : float, optional
        How sure the author is that the mapping is right, 0–1.
    predicate_modifier : {"Not"}, optional
        ``"Not"`` negates the predicate: a recorded *non*-match. Negated mappings are kept
        but never become graph edges.
    subject_label, object_label, comment, similarity_measure : str, optional
        Texts (one line each).
    author_id, author_label : tuple of str
        Who asserted the mapping (CURIEs / names).
    reviewer_id, reviewer_label : tuple of str
        Who reviewed and confirmed it (CURIEs / names), with `review_date`.
    mapping_tool, mapping_tool_version : str, optional
        The tool or process that made the mapping, and its version.
    mapping_date : str, optional
        ISO date the mapping was asserted.
    similarity_score : float, optional
        A similarity score 0–1, with `similarity_measure` naming how it was computed.
    extensions : sequence of (str, str)
        Non-standard columns (name, text), in file order.

    Examples
    --------
    >>> m = Mapping(subject_id="a:1", predicate_id=Predicate.BROAD_MATCH, object_id="b:X",
    ...             mapping_justification="semapv:LexicalMatching", subject_label="one")
    >>> m.predicate_id
    'skos:broadMatch'
    >>> m.inverted()
    Mapping(subject_id='b:X', predicate_id='skos:narrowMatch', object_id='a:1', ...)
    """

    subject_id: str = attrs.field(validator=_validator(check_curie))
    predicate_id: str = attrs.field(converter=_curie_of, validator=_validator(check_predicate))
    object_id: str = attrs.field(validator=_validator(check_curie))
    mapping_justification: str = attrs.field(
        converter=_curie_of, validator=_validator(check_justification)
    )
    confidence: float | None = attrs.field(
        default=None, converter=_number, validator=_validator(check_unit_interval, optional=True)
    )
    predicate_modifier: str | None = attrs.field(
        default=None, validator=_validator(check_modifier)
    )
    subject_label: str | None = attrs.field(default=None, validator=_TEXT)
    object_label: str | None = attrs.field(default=None, validator=_TEXT)
    author_id: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_validator(check_curie_list)
    )
    author_label: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_validator(check_text_list)
    )
    mapping_date: str | None = attrs.field(
        default=None, validator=_validator(check_date, optional=True)
    )
    comment: str | None = attrs.field(default=None, validator=_TEXT)
    similarity_score: float | None = attrs.field(
        default=None, converter=_number, validator=_validator(check_unit_interval, optional=True)
    )
    similarity_measure: str | None = attrs.field(default=None, validator=_TEXT)
    # provenance and the other SSSOM mapping slots, in schema order
    reviewer_id: tuple[str, ...] = ()
    reviewer_label: tuple[str, ...] = ()
    review_date: str | None = None
    mapping_tool: str | None = None
    mapping_tool_id: str | None = None
    mapping_tool_version: str | None = None
    record_id: str | None = None
    subject_category: str | None = None
    predicate_label: str | None = None
    object_category: str | None = None
    creator_id: tuple[str, ...] = ()
    creator_label: tuple[str, ...] = ()
    license: str | None = None
    subject_type: str | None = None
    subject_source: str | None = None
    subject_source_version: str | None = None
    object_type: str | None = None
    object_source: str | None = None
    object_source_version: str | None = None
    predicate_type: str | None = None
    mapping_provider: str | None = None
    mapping_source: str | None = None
    mapping_cardinality: str | None = None
    cardinality_scope: tuple[str, ...] = ()
    publication_date: str | None = None
    curation_rule: tuple[str, ...] = ()
    curation_rule_text: tuple[str, ...] = ()
    subject_match_field: tuple[str, ...] = ()
    object_match_field: tuple[str, ...] = ()
    match_string: tuple[str, ...] = ()
    subject_preprocessing: tuple[str, ...] = ()
    object_preprocessing: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    issue_tracker_item: str | None = None
    other: str | None = None
    extensions: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_extensions, validator=_check_extensions
    )

    def __attrs_post_init__(self) -> None:
        _check_slots(self, _MAPPING_EXTRA, _MAPPING_EXTRA_VALUES)
        if self.review_date is not None and not (self.reviewer_id or self.reviewer_label):
            raise ValueError("review_date: a review date without a reviewer — expected "
                             "reviewer_id or reviewer_label with it (SSSOM rule)")

    @property
    def predicate(self) -> Predicate:
        """:attr:`predicate_id` as a :class:`Predicate`."""
        return Predicate(self.predicate_id)

    @property
    def justification(self) -> Justification:
        """:attr:`mapping_justification` as a :class:`Justification`."""
        return Justification(self.mapping_justification)

    @property
    def is_negated(self) -> bool:
        """Whether the mapping says the predicate does *not* hold (``predicate_modifier``
        ``Not``)."""
        return self.predicate_modifier == NEGATED

    def inverted(self) -> Mapping:
        """The same mapping read from object to subject: ids and labels swapped, the
        predicate replaced by its inverse (``broadMatch`` ↔ ``narrowMatch``; the symmetric
        predicates are kept)."""
        swapped = {a: getattr(self, b) for a, b in _SWAPPED_SLOTS.items()}
        cardinality = self.mapping_cardinality
        return attrs.evolve(
            self, **swapped, predicate_id=self.predicate.inverse.value,
            mapping_cardinality=None if cardinality is None else cardinality[::-1],
        )


_SWAPPED_SLOTS: MappingABC[str, str] = {
    f"{a}_{slot}": f"{b}_{slot}"
    for slot in ("id", "label", "category", "type", "source", "source_version",
                 "match_field", "preprocessing")
    for a, b in (("subject", "object"), ("object", "subject"))
}
"""The slots that trade places when a mapping or a set is read the other way round."""

_CHECKED_BY_ATTRS = frozenset({
    "subject_id", "predicate_id", "object_id", "mapping_justification", "confidence",
    "predicate_modifier", "subject_label", "object_label", "author_id", "author_label",
    "mapping_date", "comment", "similarity_score", "similarity_measure", "mapping_set_id",
    "license", "curie_map", "mapping_set_version", "mapping_set_title",
    "mapping_set_description", "creator_id", "creator_label", "subject_source",
    "object_source", "extension_definitions", "extensions",
})
_MAPPING_EXTRA: tuple[Slot, ...] = tuple(
    s for s in MAPPING_SLOTS if s.name not in _CHECKED_BY_ATTRS)
_SET_EXTRA: tuple[Slot, ...] = tuple(
    s for s in SET_SLOTS if s.name not in _CHECKED_BY_ATTRS and s.name != "mappings")
_MAPPING_EXTRA_VALUES = operator.attrgetter(*(s.name for s in _MAPPING_EXTRA))
_SET_EXTRA_VALUES = operator.attrgetter(*(s.name for s in _SET_EXTRA))
