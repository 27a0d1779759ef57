"""Compare two frameworks side by side: sizes, structure, shared content, unit overlap.

With a crosswalk, an element is *shared* when it has a counterpart (as in
:func:`~competency.analysis.coverage`, same thresholds) and the overlap matrix counts the
mappings between the counted elements of each pair of units (A unit × B unit, with the
strongest predicate among them). Without one, elements are shared when their texts are
equal after case-folding and dropping punctuation, and the matrix counts those pairs.

Examples
--------
>>> from competency.analysis import compare
>>> from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
>>> cmp = compare(framework_a(), framework_b(), crosswalk_ab())
>>> dict(cmp.a.sizes)
{'unit': 2, 'criterion': 2, 'knowledge': 2}
>>> cmp.shared_a, cmp.unique_a
(('a:U1.P1', 'a:U1.K1', 'a:U2.P1'), ('a:U2.K1',))
>>> cmp.overlap.counts
((2, 0), (0, 1))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis._elements import content, kinds_of, unit_index, units_of
from competency.analysis._mappings import check_confidence, links, predicate, prefixes
from competency.analysis._words import normalise
from competency.crosswalk import Crosswalk, Predicate
from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework, RelationType

__all__ = ["Comparison", "Overlap", "Profile", "compare", "overlap"]


def _pairs(items: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _matrix(rows: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(r) for r in rows)


@attrs.frozen(kw_only=True)
class Profile:
    """Size and shape of one framework.

    `sizes` counts elements by kind (in kind order); `depth` is the longest ``contains``
    chain (1 = flat); `per_unit` is (fewest, most) counted elements in a unit.
    """

    framework_id: str
    title: str
    sizes: tuple[tuple[str, int], ...] = attrs.field(converter=_pairs)
    units: int
    counted: int
    depth: int
    per_unit: tuple[int, int]
    underpins: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"framework_id": self.framework_id, "title": self.title,
                "sizes": dict(self.sizes), "units": self.units, "counted": self.counted,
                "depth": self.depth, "per_unit": list(self.per_unit),
                "underpins": self.underpins}


@attrs.frozen(kw_only=True)
class Overlap:
    """A units × units matrix: `counts[i][j]` links between unit `rows[i]` of A and unit
    `columns[j]` of B; `strength[i][j]` the strongest predicate's strength (0 = none)."""

    rows: tuple[str, ...] = attrs.field(converter=_strings)
    row_labels: tuple[str, ...] = attrs.field(converter=_strings)
    columns: tuple[str, ...] = attrs.field(converter=_strings)
    column_labels: tuple[str, ...] = attrs.field(converter=_strings)
    counts: tuple[tuple[int, ...], ...] = attrs.field(converter=_matrix)
    strength: tuple[tuple[int, ...], ...] = attrs.field(converter=_matrix)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"rows": list(self.rows), "row_labels": list(self.row_labels),
                "columns": list(self.columns), "column_labels": list(self.column_labels),
                "counts": [list(r) for r in self.counts],
                "strength": [list(r) for r in self.strength]}


@attrs.frozen(kw_only=True)
class Comparison:
    """Two frameworks side by side (see :func:`compare`)."""

    a: Profile
    b: Profile
    method: str
    shared_a: tuple[str, ...] = attrs.field(converter=_strings)
    shared_b: tuple[str, ...] = attrs.field(converter=_strings)
    unique_a: tuple[str, ...] = attrs.field(converter=_strings)
    unique_b: tuple[str, ...] = attrs.field(converter=_strings)
    overlap: Overlap

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "method": self.method,
                "shared_a": list(self.shared_a), "shared_b": list(self.shared_b),
                "unique_a": list(self.unique_a), "unique_b": list(self.unique_b),
                "overlap": self.overlap.to_dict()}


def _profile(framework: Framework, kinds: tuple[ElementKind, ...]) -> Profile:
    sizes: dict[str, int] = {}
    for e in framework.elements:
        sizes[e.kind.value] = sizes.get(e.kind.value, 0) + 1
    ordered = [(k.value, sizes[k.value]) for k in ElementKind if k.value in sizes]
    depth = 0
    for e in framework.elements:
        d, node = 1, framework.parent(e.id)
        while node is not None:
            d, node = d + 1, framework.parent(node.id)
        depth = max(depth, d)
    counted = content(framework, kinds)
    unit_of = unit_index(framework)
    per: dict[str | None, int] = {u.id: 0 for u in units_of(framework)}
    for e in counted:
        per[unit_of[e.id]] = per.get(unit_of[e.id], 0) + 1
    values = list(per.values()) or [0]
    return Profile(
        framework_id=framework.id, title=framework.title, sizes=ordered,
        units=len(units_of(framework)), counted=len(counted), depth=depth,
        per_unit=(min(values), max(values)),
        underpins=sum(1 for r in framework.relations if r.type is RelationType.UNDERPINS),
    )


def overlap(
    a: Framework, b: Framework, pairs: Iterable[tuple[str, str, int]]
) -> Overlap:
    """Count (a element, b element, strength) `pairs` per (A unit, B unit) cell."""
    rows, cols = units_of(a), units_of(b)
    row_at = {u.id: i for i, u in enumerate(rows)}
    col_at = {u.id: j for j, u in enumerate(cols)}
    unit_a, unit_b = unit_index(a), unit_index(b)
    counts = [[0] * len(cols) for _ in rows]
    strength = [[0] * len(cols) for _ in rows]
    for x, y, s in sorted(set(pairs)):
        i, j = row_at.get(unit_a.get(x) or ""), col_at.get(unit_b.get(y) or "")
        if i is None or j is None:
            continue
        counts[i][j] += 1
        strength[i][j] = max(strength[i][j], s)
    return Overlap(rows=[u.id for u in rows], row_labels=[u.label for u in rows],
                   columns=[u.id for u in cols], column_labels=[u.label for u in cols],
                   counts=counts, strength=strength)


def compare(
    a: Framework,
    b: Framework,
    crosswalk: Crosswalk | None = None,
    *,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
    kinds: Iterable[ElementKind | str] | None = None,
) -> Comparison:
    """Compare frameworks `a` and `b`, through `crosswalk` if given.

    Parameters
    ----------
    a, b : Framework
        The frameworks.
    crosswalk : Crosswalk, optional
        A crosswalk between them (either direction); without one, shared content is
        equal text.
    min_predicate, min_confidence, kinds
        As for :func:`~competency.analysis.coverage`.

    Raises
    ------
    CrosswalkError
        If `crosswalk` is not between `a` and `b`.
    StructureError
        If either framework has no element of the counted kinds.
    """
    wanted = kinds_of(kinds)
    floor = predicate(min_predicate)
    min_confidence = check_confidence(min_confidence)
    left, right = content(a, wanted), content(b, wanted)
    left_ids, right_ids = {e.id for e in left}, {e.id for e in right}
    pairs: set[tuple[str, str, int]] = set()
    if crosswalk is not None:
        pair = prefixes(crosswalk)
        if pair not in ((a.id, b.id), (b.id, a.id)):
            raise CrosswalkError(Problem(
                message=f"the crosswalk maps {pair[0]!r} to {pair[1]!r}, not {a.id!r} "
                        f"and {b.id!r}",
                expected=f"a crosswalk between {a.id!r} and {b.id!r}",
            ))
        for link in links(crosswalk, from_subject=pair[0] == a.id, min_predicate=floor,
                          min_confidence=min_confidence):
            if link.own in left_ids and link.other in right_ids:
                pairs.add((link.own, link.other, link.predicate.strength))
        method = "crosswalk"
    else:
        by_text: dict[str, list[str]] = {}
        for e in right:
            by_text.setdefault(normalise(e.text), []).append(e.id)
        for e in left:
            for other in by_text.get(normalise(e.text), ()):
                pairs.add((e.id, other, Predicate.EXACT_MATCH.strength))
        method = "text"
    in_a = {x for x, _, _ in pairs}
    in_b = {y for _, y, _ in pairs}
    return Comparison(
        a=_profile(a, wanted), b=_profile(b, wanted), method=method,
        shared_a=[e.id for e in left if e.id in in_a],
        shared_b=[e.id for e in right if e.id in in_b],
        unique_a=[e.id for e in left if e.id not in in_a],
        unique_b=[e.id for e in right if e.id not in in_b],
        overlap=overlap(a, b, pairs),
    )
