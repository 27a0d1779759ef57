"""How strict a coverage figure is: one :class:`Thresholds` value for every analysis.

A mapping *counts* when it is not negated, its predicate is at least as strong as
`min_predicate` (``exact`` 4 > ``close`` 3 > ``hierarchical`` (broad or narrow) 2 >
``related`` 1), its confidence is at least `min_confidence` (a mapping with no confidence
counts only when that is 0) and, with ``reviewed_only``, someone has reviewed it
(``reviewer_id`` or ``reviewer_label``). `kinds` are the element kinds counted; ``None`` counts
a framework's content elements (criteria, knowledge items, duties, requirements,
expectations) or, for a framework made from a rubric, its themes, which is what rubric
crosswalks map (a rubric's level descriptors are never mapped one by one).

Every figure a report prints carries :meth:`Thresholds.describe`, so a number is never read
without the strictness it was computed at.

Examples
--------
>>> from competency.analysis import Thresholds
>>> Thresholds().describe()
'predicate ≥ related, confidence ≥ 0, content elements'
>>> strict = Thresholds(min_predicate="close", min_confidence=0.6, kinds=["criterion"])
>>> strict.describe()
'predicate ≥ close, confidence ≥ 0.6, kinds: criterion'
>>> Thresholds(min_predicate="hierarchical").min_predicate
'skos:broadMatch'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis._elements import CONTENT_KINDS
from competency.crosswalk import Mapping, Predicate
from competency.model import ElementKind, Framework

__all__ = ["LEVELS", "LOOSE", "STRICT", "Thresholds", "default_kinds", "level_name"]

LEVELS: tuple[tuple[str, str], ...] = (
    ("exact", "skos:exactMatch"),
    ("close", "skos:closeMatch"),
    ("hierarchical", "skos:broadMatch"),
    ("related", "skos:relatedMatch"),
)
"""The strictness levels, strictest first: a name and the weakest predicate it admits
(``hierarchical`` admits ``skos:broadMatch`` and ``skos:narrowMatch``, of equal strength)."""

_BY_NAME = dict(LEVELS)


def level_name(predicate_id: str) -> str:
    """The level name of a predicate: ``exact``, ``close``, ``hierarchical`` or ``related``.

    Examples
    --------
    >>> level_name("skos:narrowMatch")
    'hierarchical'
    """
    strength = Predicate(predicate_id).strength
    return next(name for name, p in LEVELS if Predicate(p).strength == strength)


def _predicate(value: Predicate | str) -> str:
    if isinstance(value, Predicate):
        return value.value
    text = str(value)
    if text in _BY_NAME:
        return _BY_NAME[text]
    short = {p.value.removeprefix("skos:").removesuffix("Match").lower(): p.value
             for p in Predicate}
    if text in short:
        return short[text]
    try:
        return Predicate(text).value
    except ValueError:
        raise ValueError(
            f"unknown predicate {value!r}; expected exact, close, hierarchical, related "
            "(or broad, narrow, or a SKOS mapping predicate CURIE)") from None


def _confidence(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"min_confidence must be a number, not {type(value).__name__}")
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"min_confidence {value!r} is outside 0..1")
    return float(value)


def _kinds(value: Iterable[ElementKind | str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, ElementKind)):
        value = [value]
    wanted: set[ElementKind] = set()
    for kind in value:
        try:
            wanted.add(ElementKind(kind))
        except ValueError:
            known = ", ".join(k.value for k in ElementKind)
            raise ValueError(f"unknown element kind {kind!r}; known kinds: {known}") from None
    if not wanted:
        raise ValueError("kinds is empty; give at least one element kind (or None)")
    return tuple(k.value for k in ElementKind if k in wanted)


@attrs.frozen(kw_only=True)
class Thresholds:
    """Which mappings count and which elements are counted (see the module documentation).

    Parameters
    ----------
    min_predicate : Predicate or str
        The weakest predicate that counts: ``"exact"``, ``"close"``, ``"hierarchical"``,
        ``"related"`` (or ``"broad"``/``"narrow"`` or a CURIE); stored as a CURIE.
    min_confidence : float
        The least confidence that counts, 0–1.
    kinds : iterable of ElementKind or str, optional
        The element kinds counted; ``None`` for the default of each framework
        (:func:`default_kinds`).
    reviewed_only : bool
        Count only mappings someone has reviewed.
    """

    min_predicate: str = attrs.field(default="skos:relatedMatch", converter=_predicate)
    min_confidence: float = attrs.field(default=0.0, converter=_confidence)
    kinds: tuple[str, ...] | None = attrs.field(default=None, converter=_kinds)
    reviewed_only: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    @property
    def level(self) -> str:
        """The strictness level of :attr:`min_predicate` (``exact`` ... ``related``)."""
        return level_name(self.min_predicate)

    def admits(self, mapping: Mapping) -> bool:
        """Whether `mapping` counts under these thresholds."""
        if mapping.is_negated:
            return False
        if Predicate(mapping.predicate_id).strength < Predicate(self.min_predicate).strength:
            return False
        if self.min_confidence > 0.0 and (
            mapping.confidence is None or mapping.confidence < self.min_confidence
        ):
            return False
        return not self.reviewed_only or bool(mapping.reviewer_id or mapping.reviewer_label)

    def kinds_for(self, framework: Framework) -> tuple[ElementKind, ...]:
        """The element kinds counted in `framework`."""
        if self.kinds is None:
            return default_kinds(framework)
        return tuple(ElementKind(k) for k in self.kinds)

    def at_level(self, level: str) -> Thresholds:
        """The same thresholds with `min_predicate` at `level` (``exact`` ... ``related``)."""
        return attrs.evolve(self, min_predicate=level)

    def describe(self) -> str:
        """One line saying what counts, printed beside every figure."""
        parts = [f"predicate ≥ {self.level}", f"confidence ≥ {self.min_confidence:g}",
                 "content elements" if self.kinds is None
                 else "kinds: " + ", ".join(self.kinds)]
        if self.reviewed_only:
            parts.append("reviewed mappings only")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"min_predicate": self.min_predicate, "level": self.level,
                "min_confidence": self.min_confidence,
                "kinds": None if self.kinds is None else list(self.kinds),
                "reviewed_only": self.reviewed_only}


LOOSE = Thresholds()
"""Every positive mapping counts (the default)."""

STRICT = Thresholds(min_predicate="close")
"""Only ``skos:exactMatch`` and ``skos:closeMatch`` count: the elements that have a
counterpart usable in their place."""


def default_kinds(framework: Framework) -> tuple[ElementKind, ...]:
    """The kinds counted when none are given: a rubric's themes (units) for a framework made
    from a rubric, else the content kinds (criteria, knowledge items, duties, requirements,
    expectations).

    Examples
    --------
    >>> import competency
    >>> [k.value for k in default_kinds(competency.load("pt-self-assessment"))]
    ['unit']
    >>> len(default_kinds(competency.load("pt-nos")))
    5
    """
    if _is_rubric(framework):
        return (ElementKind.UNIT,)
    return CONTENT_KINDS


def _is_rubric(framework: Framework) -> bool:
    """Whether `framework` was made from a rubric: marked so by ``Rubric.as_framework``
    (wherever the rubric came from), or, for a framework built by other code, named as a
    registered rubric."""
    from competency import registry
    from competency.errors import CompetencyError
    from competency.rubric.model import RUBRIC_ANNOTATION

    if framework.annotation(RUBRIC_ANNOTATION):
        return True
    framework_id = framework.id
    if framework_id in registry.shipped():
        return False
    try:
        from competency.rubric import available_rubrics

        return framework_id in available_rubrics()
    except CompetencyError:
        return False
