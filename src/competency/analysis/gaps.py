"""Gaps: the counted elements with no counterpart, each way, grouped by unit (standard).

An element is a gap exactly when :func:`~competency.analysis.coverage` finds it uncovered
under the same thresholds, so for each side the gaps and the covered elements partition the
counted elements.

Examples
--------
>>> from competency.analysis import gaps
>>> from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
>>> g = gaps(crosswalk_ab(), framework_a(), framework_b())
>>> [(grp.unit_id, [i.element_id for i in grp.items]) for grp in g.subject]
[('a:U2', ['a:U2.K1'])]
>>> g.object
()
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis.coverage import Coverage, coverage, resolve_thresholds
from competency.analysis.thresholds import Thresholds
from competency.crosswalk import Crosswalk, Predicate
from competency.model import ElementKind, Framework

__all__ = ["GapGroup", "GapItem", "Gaps", "gaps", "gaps_of"]


@attrs.frozen(kw_only=True)
class GapItem:
    """One element without a counterpart."""

    element_id: str
    kind: str
    notation: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"element_id": self.element_id, "kind": self.kind, "notation": self.notation,
                "text": self.text}


def _items(items: Iterable[GapItem]) -> tuple[GapItem, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class GapGroup:
    """The gaps inside one unit (``unit_id=None``: elements no unit contains)."""

    unit_id: str | None
    label: str
    total: int
    items: tuple[GapItem, ...] = attrs.field(converter=_items)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"unit_id": self.unit_id, "label": self.label, "total": self.total,
                "gaps": [i.to_dict() for i in self.items]}


def _groups(items: Iterable[GapGroup]) -> tuple[GapGroup, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Gaps:
    """The gaps of both frameworks of a crosswalk: `subject` side and `object` side, each a
    tuple of :class:`GapGroup` in unit order (units without gaps are left out)."""

    subject_id: str
    object_id: str
    subject: tuple[GapGroup, ...] = attrs.field(converter=_groups)
    object: tuple[GapGroup, ...] = attrs.field(converter=_groups)

    @property
    def subject_ids(self) -> tuple[str, ...]:
        """Ids of the subject framework's gaps, in source order."""
        return tuple(i.element_id for g in self.subject for i in g.items)

    @property
    def object_ids(self) -> tuple[str, ...]:
        """Ids of the object framework's gaps, in source order."""
        return tuple(i.element_id for g in self.object for i in g.items)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"subject_id": self.subject_id, "object_id": self.object_id,
                "subject": [g.to_dict() for g in self.subject],
                "object": [g.to_dict() for g in self.object]}


def gaps_of(cov: Coverage, framework: Framework) -> tuple[GapGroup, ...]:
    """The gaps of one side, from its :class:`Coverage` (units without gaps left out)."""
    groups = []
    for unit in cov.units:
        missing = [e for e in cov.elements if e.unit_id == unit.unit_id and not e.is_covered]
        if not missing:
            continue
        items = []
        for e in missing:
            element = framework.element(e.element_id)
            items.append(GapItem(element_id=element.id, kind=element.kind.value,
                                 notation=element.notation, text=element.text))
        groups.append(GapGroup(unit_id=unit.unit_id, label=unit.label, total=unit.total,
                               items=items))
    return tuple(groups)


def gaps(
    crosswalk: Crosswalk,
    subject: Framework,
    object: Framework,
    *,
    thresholds: Thresholds | None = None,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
    kinds: Iterable[ElementKind | str] | None = None,
) -> Gaps:
    """The elements of `subject` and of `object` with no counterpart through `crosswalk`.

    Parameters are as for :func:`~competency.analysis.coverage` (one
    :class:`~competency.analysis.Thresholds`, or the keyword arguments); `subject` and `object`
    are the crosswalk's two frameworks (given the other way round, the result's `subject`
    still means the first framework passed).

    Raises
    ------
    CrosswalkError
        If the crosswalk is not between these two frameworks.
    StructureError
        If either framework has no element of the counted kinds.
    """
    limits = resolve_thresholds(thresholds, min_predicate=min_predicate,
                                min_confidence=min_confidence, kinds=kinds)
    left = coverage(crosswalk, subject, thresholds=limits)
    right = coverage(crosswalk, object, thresholds=limits)
    _check_pair(crosswalk, subject, object)
    return Gaps(subject_id=subject.id, object_id=object.id,
                subject=gaps_of(left, subject), object=gaps_of(right, object))


def _check_pair(crosswalk: Crosswalk, a: Framework, b: Framework) -> None:
    from competency.analysis._mappings import prefixes
    from competency.errors import CrosswalkError, Problem

    pair = prefixes(crosswalk)
    if {a.id, b.id} != set(pair) and not (a.id == b.id and pair == (a.id, a.id)):
        raise CrosswalkError(Problem(
            message=f"the crosswalk maps {pair[0]!r} to {pair[1]!r}, not {a.id!r} and {b.id!r}",
            expected=f"a crosswalk between {a.id!r} and {b.id!r}",
        ))
