"""Coverage: which elements of a framework have a counterpart through a crosswalk.

Counted by default are a framework's *content* elements — criteria, knowledge items, duties,
requirements and expectations (:data:`CONTENT_KINDS`) — or, for a framework made from a
rubric, its themes (:func:`~competency.analysis.default_kinds`). Units and sections are
groupings; attributes (values) and scope statements are not competences a crosswalk is
expected to match. Pass ``kinds=`` (or a :class:`~competency.analysis.Thresholds`) to count
others. An element is *covered* when at least one
non-negated mapping links it to the other framework with a predicate at least as strong as
`min_predicate` (exact 4 > close 3 > broad = narrow 2 > related 1) and a confidence of at
least `min_confidence`. Mappings from or to units count for the unit, not for its items.

Examples
--------
>>> import competency
>>> from competency.analysis import coverage
>>> from competency.crosswalk import load_crosswalk
>>> cw = load_crosswalk("pt-nos", "ls-nos")
>>> cov = coverage(cw, competency.load("pt-nos"))
>>> cov.total
179
>>> 0.0 < cov.fraction <= 1.0
True
>>> strict = coverage(cw, competency.load("pt-nos"), min_predicate="close")
>>> strict.covered <= cov.covered
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis._elements import content, side_of, unit_index, units_of
from competency.analysis._mappings import check_confidence, prefixes
from competency.analysis.thresholds import LEVELS, LOOSE, Thresholds
from competency.crosswalk import Crosswalk, Predicate
from competency.errors import CrosswalkError, Pointer, Problem
from competency.model import ElementKind, Framework

__all__ = [
    "Counterpart",
    "Coverage",
    "ElementCoverage",
    "UnitCoverage",
    "coverage",
    "coverage_levels",
    "resolve_thresholds",
]


@attrs.frozen(kw_only=True)
class Counterpart:
    """One mapping of an element, read from that element's side.

    `predicate_id` is as seen from the element: a ``skos:narrowMatch`` written from the other
    framework reads as ``skos:broadMatch`` here.
    """

    element_id: str
    predicate_id: str
    confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"element_id": self.element_id, "predicate_id": self.predicate_id,
                "confidence": self.confidence}


def _counterparts(items: Iterable[Counterpart]) -> tuple[Counterpart, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class ElementCoverage:
    """The counterparts of one counted element, strongest first (then by confidence, id)."""

    element_id: str
    kind: str
    unit_id: str | None
    counterparts: tuple[Counterpart, ...] = attrs.field(default=(), converter=_counterparts)

    @property
    def is_covered(self) -> bool:
        """Whether the element has at least one counterpart."""
        return bool(self.counterparts)

    @property
    def best(self) -> Counterpart | None:
        """The strongest counterpart, or ``None``."""
        return self.counterparts[0] if self.counterparts else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"element_id": self.element_id, "kind": self.kind, "unit_id": self.unit_id,
                "covered": self.is_covered,
                "counterparts": [c.to_dict() for c in self.counterparts]}


def _pairs(items: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class UnitCoverage:
    """Coverage of the counted elements inside one unit (standard).

    `by_predicate` counts covered elements by the predicate of their best counterpart.
    """

    unit_id: str | None
    label: str
    total: int
    covered: int
    by_predicate: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_pairs)

    @property
    def fraction(self) -> float:
        """Covered / total (0 for an empty unit)."""
        return self.covered / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"unit_id": self.unit_id, "label": self.label, "total": self.total,
                "covered": self.covered, "fraction": self.fraction,
                "by_predicate": dict(self.by_predicate)}


def _elements(items: Iterable[ElementCoverage]) -> tuple[ElementCoverage, ...]:
    return tuple(items)


def _units(items: Iterable[UnitCoverage]) -> tuple[UnitCoverage, ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Coverage:
    """Coverage of one framework through a crosswalk: per element, per unit and in total.

    Attributes
    ----------
    framework_id, other_id : str
        The framework measured and the one its counterparts are in.
    min_predicate : str
        The weakest predicate counted.
    min_confidence : float
        The lowest confidence counted.
    kinds : tuple of str
        The element kinds counted.
    elements : tuple of ElementCoverage
        Every counted element, in source order.
    units : tuple of UnitCoverage
        Every unit, in source order (then a ``unit_id=None`` group for counted elements no
        unit contains, if any).
    """

    framework_id: str
    other_id: str
    min_predicate: str
    min_confidence: float
    kinds: tuple[str, ...] = attrs.field(converter=_strings)
    elements: tuple[ElementCoverage, ...] = attrs.field(converter=_elements)
    units: tuple[UnitCoverage, ...] = attrs.field(converter=_units)
    reviewed_only: bool = False

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds this coverage was computed at (with the kinds actually counted)."""
        return Thresholds(min_predicate=self.min_predicate, min_confidence=self.min_confidence,
                          kinds=self.kinds, reviewed_only=self.reviewed_only)

    @property
    def counted_kinds(self) -> tuple[str, ...]:
        """The kinds among :attr:`kinds` that the framework has (in :attr:`kinds` order)."""
        present = {e.kind for e in self.elements}
        return tuple(k for k in self.kinds if k in present)

    def describe(self) -> str:
        """``covered/total (percent) — thresholds``: the figure with what it counts.

        Examples
        --------
        >>> from competency.analysis._examples import crosswalk_ab, framework_a
        >>> coverage(crosswalk_ab(), framework_a()).describe()
        '3/4 (75%) — predicate ≥ related, confidence ≥ 0, kinds: criterion, knowledge'
        """
        shown = attrs.evolve(self.thresholds, kinds=self.counted_kinds or self.kinds)
        return f"{self.covered}/{self.total} ({self.fraction:.0%}) — {shown.describe()}"

    @property
    def total(self) -> int:
        """The number of counted elements."""
        return len(self.elements)

    @property
    def covered(self) -> int:
        """The number of counted elements with a counterpart."""
        return sum(1 for e in self.elements if e.is_covered)

    @property
    def fraction(self) -> float:
        """Covered / total."""
        return self.covered / self.total if self.total else 0.0

    @property
    def covered_ids(self) -> tuple[str, ...]:
        """Ids of the covered elements, in source order."""
        return tuple(e.element_id for e in self.elements if e.is_covered)

    @property
    def uncovered_ids(self) -> tuple[str, ...]:
        """Ids of the elements without a counterpart, in source order."""
        return tuple(e.element_id for e in self.elements if not e.is_covered)

    @property
    def by_predicate(self) -> tuple[tuple[str, int], ...]:
        """Covered elements counted by the predicate of their best counterpart, strongest
        predicate first."""
        return _count_best(self.elements)

    def element(self, element_id: str) -> ElementCoverage:
        """The coverage of one counted element."""
        for e in self.elements:
            if e.element_id == element_id:
                return e
        raise KeyError(element_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "framework_id": self.framework_id, "other_id": self.other_id,
            "min_predicate": self.min_predicate, "min_confidence": self.min_confidence,
            "kinds": list(self.kinds), "reviewed_only": self.reviewed_only,
            "thresholds": self.thresholds.describe(),
            "total": self.total, "covered": self.covered,
            "fraction": self.fraction, "by_predicate": dict(self.by_predicate),
            "units": [u.to_dict() for u in self.units],
            "elements": [e.to_dict() for e in self.elements],
        }


def _order() -> list[str]:
    return sorted((p.value for p in Predicate), key=lambda v: (-Predicate(v).strength, v))


def _count_best(elements: Iterable[ElementCoverage]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for e in elements:
        if e.best is not None:
            counts[e.best.predicate_id] = counts.get(e.best.predicate_id, 0) + 1
    return tuple((p, counts[p]) for p in _order() if p in counts)


def _check_ids(crosswalk: Crosswalk, framework: Framework, from_subject: bool) -> None:
    problems = []
    for i, mapping in enumerate(crosswalk.mappings):
        own = mapping.subject_id if from_subject else mapping.object_id
        if own not in framework:
            problems.append(Problem(
                location=Pointer("mappings", i),
                message=f"{own!r} is not an element of framework {framework.id!r}",
                expected=f"the id of an element of {framework.id!r}",
                fix="Check the crosswalk against its frameworks with validate_crosswalk",
            ))
    if problems:
        raise CrosswalkError(problems)


def coverage(
    crosswalk: Crosswalk,
    framework: Framework,
    *,
    thresholds: Thresholds | None = None,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
    kinds: Iterable[ElementKind | str] | None = None,
) -> Coverage:
    """Measure how much of `framework` has a counterpart through `crosswalk`.

    Parameters
    ----------
    crosswalk : Crosswalk
        A mapping set with `framework` as its subject or its object side.
    framework : Framework
        The framework to measure.
    thresholds : Thresholds, optional
        Which mappings count and which kinds are counted (see
        :class:`~competency.analysis.Thresholds`); instead of the three keyword arguments
        below, which are kept for compatibility and may not be combined with it.
    min_predicate : Predicate or str
        The weakest predicate that counts (a CURIE, or ``"exact"``, ``"close"``,
        ``"hierarchical"``, ``"related"``); broad and narrow are equally strong.
    min_confidence : float
        Mappings below this confidence do not count; mappings with no confidence count
        only when this is 0.
    kinds : iterable of ElementKind or str, optional
        The element kinds counted (default: :func:`~competency.analysis.default_kinds`:
        the content kinds, or a rubric's themes).

    Returns
    -------
    Coverage

    Raises
    ------
    CrosswalkError
        If the crosswalk is not for `framework`, names elements `framework` lacks, or
        `min_confidence` is outside 0..1.
    StructureError
        If `framework` has no element of the counted kinds.

    Examples
    --------
    >>> from competency.analysis._examples import crosswalk_ab, framework_a
    >>> cov = coverage(crosswalk_ab(), framework_a())
    >>> cov.covered, cov.total
    (3, 4)
    >>> [(u.unit_id, u.covered, u.total) for u in cov.units]
    [('a:U1', 2, 2), ('a:U2', 1, 2)]
    >>> cov.element("a:U1.P1").best.predicate_id
    'skos:exactMatch'
    >>> from competency.analysis import STRICT
    >>> coverage(crosswalk_ab(), framework_a(), thresholds=STRICT).covered
    2
    """
    limits = resolve_thresholds(thresholds, min_predicate=min_predicate,
                                min_confidence=min_confidence, kinds=kinds)
    wanted = limits.kinds_for(framework)
    from_subject = side_of(prefixes(crosswalk), framework, "coverage")
    _check_ids(crosswalk, framework, from_subject)
    items = content(framework, wanted)
    found: dict[str, list[Counterpart]] = {}
    for mapping in crosswalk.mappings:
        if not limits.admits(mapping):
            continue
        if from_subject:
            own, other, pred = mapping.subject_id, mapping.object_id, mapping.predicate_id
        else:
            own, other = mapping.object_id, mapping.subject_id
            pred = Predicate(mapping.predicate_id).inverse.value
        found.setdefault(own, []).append(
            Counterpart(element_id=other, predicate_id=pred, confidence=mapping.confidence))
    unit_of = unit_index(framework)
    elements = []
    for element in items:
        parts = sorted(
            found.get(element.id, ()),
            key=lambda c: (-Predicate(c.predicate_id).strength,
                           -(c.confidence if c.confidence is not None else -1.0),
                           c.element_id, c.predicate_id),
        )
        elements.append(ElementCoverage(element_id=element.id, kind=element.kind.value,
                                        unit_id=unit_of[element.id], counterparts=parts))
    units = []
    groups: list[tuple[str | None, str]] = [(u.id, u.label) for u in units_of(framework)]
    if any(e.unit_id is None for e in elements):
        groups.append((None, "(in no unit)"))
    for unit_id, label in groups:
        inside = [e for e in elements if e.unit_id == unit_id]
        units.append(UnitCoverage(unit_id=unit_id, label=label, total=len(inside),
                                  covered=sum(1 for e in inside if e.is_covered),
                                  by_predicate=_count_best(inside)))
    subject, obj = prefixes(crosswalk)
    return Coverage(
        framework_id=framework.id, other_id=obj if from_subject else subject,
        min_predicate=limits.min_predicate, min_confidence=limits.min_confidence,
        kinds=[k.value for k in wanted], elements=elements, units=units,
        reviewed_only=limits.reviewed_only,
    )


def coverage_levels(
    crosswalk: Crosswalk, framework: Framework, thresholds: Thresholds = LOOSE,
) -> tuple[Coverage, ...]:
    """The coverage of `framework` at each strictness level, strictest first (``exact``,
    ``close``, ``hierarchical``, ``related``), the other thresholds kept: strict coverage
    beside loose, in one call.

    Examples
    --------
    >>> from competency.analysis._examples import crosswalk_ab, framework_a
    >>> [(c.thresholds.level, c.covered) for c in coverage_levels(crosswalk_ab(), framework_a())]
    [('exact', 1), ('close', 2), ('hierarchical', 3), ('related', 3)]
    """
    return tuple(coverage(crosswalk, framework, thresholds=thresholds.at_level(level))
                 for level, _ in LEVELS)


def resolve_thresholds(
    thresholds: Thresholds | None,
    *,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
    kinds: Iterable[ElementKind | str] | None = None,
) -> Thresholds:
    """One :class:`Thresholds` from an analysis function's arguments: `thresholds` itself, or
    one made from the keyword arguments (given both, an error).

    Raises
    ------
    TypeError
        If `thresholds` is given with a keyword argument that is not its default.
    CrosswalkError
        If `min_confidence` is outside 0..1.
    """
    given_keywords = (min_predicate != "skos:relatedMatch" or min_confidence != 0.0
                      or kinds is not None)
    if thresholds is not None:
        if given_keywords:
            raise TypeError("give either thresholds= or min_predicate/min_confidence/kinds, "
                            "not both")
        return thresholds
    check_confidence(min_confidence)
    return Thresholds(min_predicate=min_predicate, min_confidence=min_confidence, kinds=kinds)
