"""The SSSOM slot table: every slot of the SSSOM schema's ``mapping`` and ``mapping set``
classes, in schema order, with its range, whether it is multivalued, and where it may appear.

This one table drives the TSV reader and writer (:mod:`competency.formats.sssom`) and
the validators of the model (:mod:`competency.crosswalk.model`). It follows the LinkML schema
of SSSOM (``sssom_schema.yaml`` in mapping-commons/sssom): the 1.0 slots and the 1.1 ones
(``sssom_version``, ``record_id``, ``review_date``, ``mapping_tool_id``, ...), which a
1.0 reader is told to ignore and we keep.

Columns and metadata keys that are not in the table are kept as *extension* slots
(:attr:`~competency.crosswalk.Mapping.extensions`), never refused; the reader warns about
each (it may be a misspelt standard slot).

Ranges:

``curie``
    SSSOM ``EntityReference`` used for entities whose prefix must be declared
    (``subject_id``, ``object_id``, ``author_id``, ``creator_id``, ``reviewer_id``).
``reference``
    Other ``EntityReference`` slots: a CURIE or an absolute IRI.
``iri``
    ``NonRelativeURI``: an absolute IRI.
``text``, ``date``, ``number``
    One line of text; an ISO date; a number from 0 to 1.
``predicate``, ``justification``, ``modifier``
    The SKOS mapping predicates, the semapv justifications, ``Not``.
``entity_type``, ``cardinality``, ``version``
    The schema's enumerations.
``map``, ``structured``
    ``curie_map``; ``extension_definitions`` (a list of maps, kept as read).

Examples
--------
>>> from competency.crosswalk.slots import SLOTS, mapping_slot
>>> mapping_slot("reviewer_id").multivalued
True
>>> [s.name for s in SLOTS if s.on_mapping][:4]
['record_id', 'subject_id', 'subject_label', 'subject_category']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from competency.crosswalk._slots import (
    Complaint,
    check_curie,
    check_date,
    check_iri,
    check_justification,
    check_modifier,
    check_predicate,
    check_reference,
    check_text,
    check_unit_interval,
    list_check,
    one_of,
)

__all__ = [
    "CARDINALITIES",
    "ENTITY_TYPES",
    "MAPPING_SLOTS",
    "SET_SLOTS",
    "SLOTS",
    "SSSOM_VERSIONS",
    "Slot",
    "mapping_slot",
    "set_slot",
]

ENTITY_TYPES = (
    "owl class", "owl object property", "owl data property", "owl annotation property",
    "owl named individual", "skos concept", "rdfs resource", "rdfs class", "rdfs literal",
    "rdfs datatype", "rdf property", "composed entity expression",
)
"""The values of SSSOM's ``entity_type_enum`` (``subject_type``, ``object_type``,
``predicate_type``)."""

CARDINALITIES = ("1:1", "1:n", "n:1", "n:n", "1:0", "0:1", "0:0")
"""The values of ``mapping_cardinality``."""

SSSOM_VERSIONS = ("1.0", "1.1")
"""The values of ``sssom_version``."""

_CHECKS: Mapping[str, Callable[[Any], Complaint | None]] = {
    "curie": check_curie,
    "reference": check_reference,
    "iri": check_iri,
    "text": check_text,
    "date": check_date,
    "number": check_unit_interval,
    "predicate": check_predicate,
    "justification": check_justification,
    "modifier": check_modifier,
    "entity_type": one_of(ENTITY_TYPES, "an SSSOM entity type such as 'skos concept'"),
    "cardinality": one_of(CARDINALITIES, "an SSSOM cardinality such as '1:n'"),
    "version": one_of(SSSOM_VERSIONS, "an SSSOM version such as '1.0'"),
}

def _no_check(value: object) -> Complaint | None:
    return None


_LIST_CHECKS: Mapping[str, Callable[[tuple[object, ...]], Complaint | None]] = {
    name: list_check(check) for name, check in _CHECKS.items()
}


@attrs.frozen
class Slot:
    """One SSSOM slot.

    Attributes
    ----------
    name : str
        The slot name, as a TSV column or a metadata key.
    range : str
        What its values are (see the module documentation).
    multivalued : bool
        Whether it holds a list (``|``-separated in a TSV cell, a YAML list in the header).
    on_mapping, on_set : bool
        Whether the schema puts it on the ``mapping`` class (a column) and on the
        ``mapping set`` class (a metadata key).
    propagatable : bool
        Whether a value on the set applies to every mapping (SSSOM's ``Propagatable``).
    """

    name: str
    range: str
    multivalued: bool = False
    on_mapping: bool = True
    on_set: bool = False
    propagatable: bool = False

    @property
    def kind(self) -> str:
        """How the value is held: ``"list"`` (a tuple of str), ``"number"`` (a float),
        ``"map"``, ``"structured"`` or ``"text"`` (a str)."""
        if self.range in ("map", "structured"):
            return self.range
        if self.multivalued:
            return "list"
        return "number" if self.range == "number" else "text"

    @property
    def checker(self) -> Callable[[Any], Complaint | None]:
        """The check of one value held as :attr:`kind` says (what :meth:`check` calls)."""
        if self.multivalued:
            return _LIST_CHECKS.get(self.range, _no_check)
        return _CHECKS.get(self.range, _no_check)

    def check(self, value: object) -> Complaint | None:
        """``None`` if `value` (held as :attr:`kind` says) is acceptable, else a pair
        ``(what is wrong, what was expected)``."""
        if self.multivalued:
            if not isinstance(value, tuple):
                return f"{value!r} is not a list", "a list of values"
            return _LIST_CHECKS[self.range](value)
        check = _CHECKS.get(self.range)
        return None if check is None else check(value)


def _slot(name: str, range: str = "text", *, multivalued: bool = False, mapping: bool = True,
          set: bool = False, propagatable: bool = False) -> Slot:
    return Slot(name, range, multivalued, mapping, set, propagatable)


# The slots in the order of the schema's `mapping` class, then the set-only ones.
SLOTS: tuple[Slot, ...] = (
    _slot("record_id", "reference"),
    _slot("subject_id", "curie"),
    _slot("subject_label"),
    _slot("subject_category"),
    _slot("predicate_id", "predicate"),
    _slot("predicate_label"),
    _slot("predicate_modifier", "modifier"),
    _slot("object_id", "curie"),
    _slot("object_label"),
    _slot("object_category"),
    _slot("mapping_justification", "justification"),
    _slot("author_id", "curie", multivalued=True),
    _slot("author_label", multivalued=True),
    _slot("reviewer_id", "curie", multivalued=True),
    _slot("reviewer_label", multivalued=True),
    _slot("creator_id", "curie", multivalued=True, set=True),
    _slot("creator_label", multivalued=True, set=True),
    _slot("license", "iri", set=True),
    _slot("subject_type", "entity_type", set=True, propagatable=True),
    _slot("subject_source", "reference", set=True, propagatable=True),
    _slot("subject_source_version", set=True, propagatable=True),
    _slot("object_type", "entity_type", set=True, propagatable=True),
    _slot("object_source", "reference", set=True, propagatable=True),
    _slot("object_source_version", set=True, propagatable=True),
    _slot("predicate_type", "entity_type", set=True, propagatable=True),
    _slot("mapping_provider", "iri", set=True, propagatable=True),
    _slot("mapping_source", "reference"),
    _slot("mapping_cardinality", "cardinality"),
    _slot("cardinality_scope", multivalued=True, set=True, propagatable=True),
    _slot("mapping_tool", set=True, propagatable=True),
    _slot("mapping_tool_id", "reference", set=True, propagatable=True),
    _slot("mapping_tool_version", set=True, propagatable=True),
    _slot("mapping_date", "date", set=True, propagatable=True),
    _slot("publication_date", "date", set=True),
    _slot("review_date", "date"),
    _slot("confidence", "number"),
    _slot("curation_rule", "reference", multivalued=True, set=True, propagatable=True),
    _slot("curation_rule_text", multivalued=True, set=True, propagatable=True),
    _slot("subject_match_field", "reference", multivalued=True, set=True, propagatable=True),
    _slot("object_match_field", "reference", multivalued=True, set=True, propagatable=True),
    _slot("match_string", multivalued=True),
    _slot("subject_preprocessing", "reference", multivalued=True, set=True,
          propagatable=True),
    _slot("object_preprocessing", "reference", multivalued=True, set=True,
          propagatable=True),
    _slot("similarity_score", "number"),
    _slot("similarity_measure", set=True, propagatable=True),
    _slot("see_also", "iri", multivalued=True, set=True),
    _slot("issue_tracker_item", "reference"),
    _slot("other", set=True),
    _slot("comment", set=True),
    # set only
    _slot("sssom_version", "version", mapping=False, set=True),
    _slot("curie_map", "map", mapping=False, set=True),
    _slot("mapping_set_id", "iri", mapping=False, set=True),
    _slot("mapping_set_version", mapping=False, set=True),
    _slot("mapping_set_source", "iri", multivalued=True, mapping=False, set=True),
    _slot("mapping_set_title", mapping=False, set=True),
    _slot("mapping_set_description", mapping=False, set=True),
    _slot("mapping_set_confidence", "number", mapping=False, set=True),
    _slot("issue_tracker", "iri", mapping=False, set=True),
    _slot("extension_definitions", "structured", mapping=False, set=True),
)
"""Every SSSOM slot a mapping or a mapping set may have."""

MAPPING_SLOTS: tuple[Slot, ...] = tuple(s for s in SLOTS if s.on_mapping)
"""The mapping slots (TSV columns), in the order of the schema's ``mapping`` class."""

_SET_ORDER = (
    "sssom_version", "curie_map", "mapping_set_id", "mapping_set_version",
    "mapping_set_source", "mapping_set_title", "mapping_set_description",
    "mapping_set_confidence", "creator_id", "creator_label", "license", "subject_type",
    "subject_source", "subject_source_version", "object_type", "object_source",
    "object_source_version", "predicate_type", "mapping_provider", "cardinality_scope",
    "mapping_tool", "mapping_tool_id", "mapping_tool_version", "mapping_date",
    "publication_date", "subject_match_field", "object_match_field",
    "subject_preprocessing", "object_preprocessing", "similarity_measure", "curation_rule",
    "curation_rule_text", "see_also", "issue_tracker", "other", "comment",
    "extension_definitions",
)

_BY_NAME: Mapping[str, Slot] = {s.name: s for s in SLOTS}

SET_SLOTS: tuple[Slot, ...] = tuple(_BY_NAME[name] for name in _SET_ORDER)
"""The mapping-set slots (metadata keys), in the order of the schema's ``mapping set``
class."""

_MAPPING_BY_NAME: Mapping[str, Slot] = {s.name: s for s in MAPPING_SLOTS}
_SET_BY_NAME: Mapping[str, Slot] = {s.name: s for s in SET_SLOTS}


def mapping_slot(name: str) -> Slot | None:
    """The mapping slot called `name`, or ``None`` if SSSOM has none (an extension)."""
    return _MAPPING_BY_NAME.get(name)


def set_slot(name: str) -> Slot | None:
    """The mapping-set slot called `name`, or ``None`` if SSSOM has none (an extension)."""
    return _SET_BY_NAME.get(name)
