"""What changed between two versions of a crosswalk: rows added, removed and changed.

Rows are matched by their pair (``subject_id``, ``object_id``), so a new predicate, a
rejection (``predicate_modifier`` Not), a new confidence or a review is a *change* of the row,
not a removal and an addition. (Where a version maps one pair with several rows, those rows
are matched by pair, predicate and modifier instead.) Each change says which aspects
changed: ``predicate`` (predicate or modifier), ``confidence``, ``review`` (reviewer, review
date), ``justification``, ``text`` (labels, comment), ``provenance`` (author, tool, dates)
and ``other`` (any other slot), with the old and new value of every slot that changed.

``competency crosswalk diff OLD NEW --format json`` prints :meth:`CrosswalkDiff.to_dict`:
``added``, ``removed`` and ``changed`` lists (**contract**).

Examples
--------
>>> from competency.crosswalk import Crosswalk, Mapping
>>> from competency.crosswalk.diff import diff_crosswalks
>>> def cw(*rows):
...     return Crosswalk(mapping_set_id="https://example.org/x", license="https://example.org/l",
...                      curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/"},
...                      mappings=[Mapping(subject_id=s, predicate_id=p, object_id=o,
...                                        mapping_justification="semapv:LLMBasedMatching",
...                                        confidence=c) for s, p, o, c in rows])
>>> old = cw(("a:1", "skos:relatedMatch", "b:1", 0.5), ("a:2", "skos:closeMatch", "b:2", 0.8))
>>> new = cw(("a:1", "skos:closeMatch", "b:1", 0.8), ("a:3", "skos:exactMatch", "b:3", 1.0))
>>> d = diff_crosswalks(old, new)
>>> [m.subject_id for m in d.added], [m.subject_id for m in d.removed]
(['a:3'], ['a:2'])
>>> d.changed[0].aspects
('predicate', 'confidence')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Mapping as MappingABC
from typing import Any

import attrs

from competency.crosswalk.model import Crosswalk, Mapping, thaw
from competency.crosswalk.slots import SET_SLOTS

__all__ = [
    "ASPECTS",
    "CrosswalkDiff",
    "MappingChange",
    "SlotChange",
    "diff_crosswalks",
    "mapping_dict",
]

ASPECTS: MappingABC[str, str] = {
    "predicate_id": "predicate", "predicate_modifier": "predicate",
    "confidence": "confidence",
    "reviewer_id": "review", "reviewer_label": "review", "review_date": "review",
    "mapping_justification": "justification",
    "subject_label": "text", "object_label": "text", "comment": "text",
    "author_id": "provenance", "author_label": "provenance", "creator_id": "provenance",
    "creator_label": "provenance", "mapping_tool": "provenance",
    "mapping_tool_id": "provenance", "mapping_tool_version": "provenance",
    "mapping_date": "provenance", "publication_date": "provenance",
}
"""Which aspect a change of each slot is (slots not listed are ``other``)."""

_ASPECT_ORDER = ("predicate", "confidence", "review", "justification", "text", "provenance",
                 "other")


def _plain(value: object) -> object:
    thawed = thaw(value)
    return list(thawed) if isinstance(thawed, tuple) else thawed


@attrs.frozen
class SlotChange:
    """One slot's old and new value (``None`` or ``()`` for no value)."""

    slot: str
    old: object
    new: object

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"slot": self.slot, "old": _plain(self.old), "new": _plain(self.new)}


def _slot_changes(items: Iterable[SlotChange]) -> tuple[SlotChange, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class MappingChange:
    """A row present in both versions whose slots differ."""

    old: Mapping
    new: Mapping
    slots: tuple[SlotChange, ...] = attrs.field(converter=_slot_changes)

    @property
    def aspects(self) -> tuple[str, ...]:
        """What changed (``predicate``, ``confidence``, ``review``, ...), in that order."""
        found = {ASPECTS.get(c.slot, "other") for c in self.slots}
        return tuple(a for a in _ASPECT_ORDER if a in found)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"subject_id": self.new.subject_id, "object_id": self.new.object_id,
                "aspects": list(self.aspects),
                "changes": [c.to_dict() for c in self.slots],
                "old": mapping_dict(self.old), "new": mapping_dict(self.new)}


def mapping_dict(m: Mapping) -> dict[str, Any]:
    """The slots of `m` that have a value, JSON-ready."""
    out: dict[str, Any] = {}
    for field in attrs.fields(Mapping):
        value = getattr(m, field.name)
        if value is None or value == ():
            continue
        out[field.name] = (dict(value) if field.name == "extensions" else _plain(value))
    return out


def _mappings(items: Iterable[Mapping]) -> tuple[Mapping, ...]:
    return tuple(items)


def _changes(items: Iterable[MappingChange]) -> tuple[MappingChange, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class CrosswalkDiff:
    """The rows added, removed and changed from one version of a crosswalk to another, the
    number unchanged, and the set metadata that changed."""

    added: tuple[Mapping, ...] = attrs.field(converter=_mappings)
    removed: tuple[Mapping, ...] = attrs.field(converter=_mappings)
    changed: tuple[MappingChange, ...] = attrs.field(converter=_changes)
    unchanged: int
    metadata: tuple[SlotChange, ...] = attrs.field(converter=_slot_changes)

    @property
    def is_empty(self) -> bool:
        """Whether the two versions have the same rows and metadata."""
        return not (self.added or self.removed or self.changed or self.metadata)

    def to_dict(self) -> dict[str, Any]:
        """``added``, ``removed`` and ``changed`` lists (**contract**), the count of unchanged
        rows and the metadata changes."""
        return {
            "added": [mapping_dict(m) for m in self.added],
            "removed": [mapping_dict(m) for m in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "unchanged": self.unchanged,
            "metadata": [c.to_dict() for c in self.metadata],
        }


def _keys(mappings: Iterable[Mapping]) -> list[tuple[str, ...]]:
    rows = list(mappings)
    pairs = Counter((m.subject_id, m.object_id) for m in rows)
    return [(m.subject_id, m.object_id) if pairs[(m.subject_id, m.object_id)] == 1
            else (m.subject_id, m.object_id, m.predicate_id, m.predicate_modifier or "")
            for m in rows]


def _differences(old: object, new: object, names: Iterable[str]) -> list[SlotChange]:
    return [SlotChange(name, getattr(old, name), getattr(new, name))
            for name in names if getattr(old, name) != getattr(new, name)]


_MAPPING_FIELDS = tuple(f.name for f in attrs.fields(Mapping))
_SET_FIELDS = (*(s.name for s in SET_SLOTS), "extensions")


def diff_crosswalks(old: Crosswalk, new: Crosswalk) -> CrosswalkDiff:
    """What changed from `old` to `new` (see the module documentation); rows in `new`'s
    order, removed rows in `old`'s order.

    Rows are matched by pair when the pair has one row in a version; a pair with several
    rows in either version is matched by pair, predicate and modifier.
    """
    old_keys, new_keys = _keys(old.mappings), _keys(new.mappings)
    # a key that is a pair in one version and a triple in the other: match on the triple
    pair_in_both = {k for k in old_keys if len(k) == 2} & {k for k in new_keys
                                                                 if len(k) == 2}

    def key(m: Mapping, k: tuple[str, ...]) -> tuple[str, ...]:
        if len(k) == 2 and k not in pair_in_both:
            return (m.subject_id, m.object_id, m.predicate_id, m.predicate_modifier or "")
        return k

    before = {key(m, k): m for m, k in zip(old.mappings, old_keys, strict=True)}
    after_keys = [key(m, k) for m, k in zip(new.mappings, new_keys, strict=True)]
    added: list[Mapping] = []
    changed: list[MappingChange] = []
    unchanged = 0
    for m, k in zip(new.mappings, after_keys, strict=True):
        earlier = before.get(k)
        if earlier is None:
            added.append(m)
        elif earlier == m:
            unchanged += 1
        else:
            changed.append(MappingChange(old=earlier, new=m,
                                         slots=_differences(earlier, m, _MAPPING_FIELDS)))
    kept = set(after_keys)
    removed = [m for k, m in before.items() if k not in kept]
    return CrosswalkDiff(added=added, removed=removed, changed=changed, unchanged=unchanged,
                         metadata=_differences(old, new, _SET_FIELDS))
