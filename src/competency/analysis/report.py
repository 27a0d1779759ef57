"""The crosswalk report: every analysis of one crosswalk between two frameworks, in one value.

:func:`report` gathers the summary by predicate, the coverage of each side (per unit and in
total), the gaps each way, the unit × unit overlap and the strongest mappings;
:meth:`Report.to_dict` gives it for machines and :func:`render_html` as one self-contained
HTML page. ``competency crosswalk report A B`` prints it.

Examples
--------
>>> from competency.analysis import report
>>> from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
>>> r = report(crosswalk_ab(), framework_a(), framework_b())
>>> [(s.predicate_id, s.count, s.negated) for s in r.summary]
... # doctest: +NORMALIZE_WHITESPACE
[('skos:exactMatch', 1, 0), ('skos:closeMatch', 1, 1), ('skos:broadMatch', 1, 0),
 ('skos:relatedMatch', 1, 0)]
>>> round(r.subject_coverage.fraction, 2), round(r.object_coverage.fraction, 2)
(0.75, 1.0)
>>> r.strongest[0].subject_id
'a:U1.P1'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from competency.analysis._mappings import Link
from competency.analysis.compare import Overlap, overlap
from competency.analysis.coverage import Coverage, coverage, resolve_thresholds
from competency.analysis.gaps import Gaps, gaps_of
from competency.analysis.thresholds import LOOSE, Thresholds
from competency.crosswalk import Crosswalk, Predicate
from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework

__all__ = ["PredicateSummary", "Report", "StrongMapping", "render_html", "report"]


@attrs.frozen(kw_only=True)
class PredicateSummary:
    """How many mappings use one predicate: positive, negated, and their mean confidence."""

    predicate_id: str
    count: int
    negated: int
    mean_confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"predicate_id": self.predicate_id, "count": self.count,
                "negated": self.negated, "mean_confidence": self.mean_confidence}


@attrs.frozen(kw_only=True)
class StrongMapping:
    """One of the strongest mappings, with both texts."""

    subject_id: str
    subject_text: str
    predicate_id: str
    object_id: str
    object_text: str
    confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"subject_id": self.subject_id, "subject_text": self.subject_text,
                "predicate_id": self.predicate_id, "object_id": self.object_id,
                "object_text": self.object_text, "confidence": self.confidence}


def _summaries(items: Iterable[PredicateSummary]) -> tuple[PredicateSummary, ...]:
    return tuple(items)


def _strong(items: Iterable[StrongMapping]) -> tuple[StrongMapping, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Report:
    """Everything ``competency crosswalk report`` shows (see :func:`report`)."""

    mapping_set_id: str
    mapping_set_title: str | None
    subject_id: str
    subject_title: str
    object_id: str
    object_title: str
    mapping_count: int
    summary: tuple[PredicateSummary, ...] = attrs.field(converter=_summaries)
    subject_coverage: Coverage
    object_coverage: Coverage
    gaps: Gaps
    overlap: Overlap
    strongest: tuple[StrongMapping, ...] = attrs.field(converter=_strong)
    thresholds: Thresholds = LOOSE
    """The thresholds every figure of the report was computed at."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the same content as the printed and HTML reports."""
        return {
            "mapping_set_id": self.mapping_set_id,
            "mapping_set_title": self.mapping_set_title,
            "subject": {"id": self.subject_id, "title": self.subject_title},
            "object": {"id": self.object_id, "title": self.object_title},
            "mapping_count": self.mapping_count,
            "summary": [s.to_dict() for s in self.summary],
            "subject_coverage": self.subject_coverage.to_dict(),
            "object_coverage": self.object_coverage.to_dict(),
            "gaps": self.gaps.to_dict(),
            "overlap": self.overlap.to_dict(),
            "strongest": [s.to_dict() for s in self.strongest],
            "thresholds": self.thresholds.to_dict(),
        }


def report(
    crosswalk: Crosswalk,
    subject: Framework,
    object: Framework,
    *,
    thresholds: Thresholds | None = None,
    min_predicate: Predicate | str = "skos:relatedMatch",
    min_confidence: float = 0.0,
    kinds: Iterable[ElementKind | str] | None = None,
    strongest: int = 10,
) -> Report:
    """Analyse `crosswalk` from `subject` to `object`.

    Parameters
    ----------
    crosswalk : Crosswalk
        The mapping set, `subject` → `object` (use ``crosswalk.inverse()`` for the other
        way round).
    subject, object : Framework
        Its two frameworks.
    thresholds : Thresholds, optional
        Which mappings count and which kinds are counted, for every figure of the report;
        or the keyword arguments `min_predicate`, `min_confidence`, `kinds` (not both), as
        for :func:`~competency.analysis.coverage`. Strict coverage beside loose:
        :func:`~competency.analysis.coverage_levels`.
    strongest : int
        How many of the strongest mappings to list (by predicate strength, then
        confidence, then ids).

    Raises
    ------
    CrosswalkError
        If the crosswalk does not map `subject` to `object`.
    StructureError
        If either framework has no element of the counted kinds.
    """
    if (crosswalk.subject_prefix, crosswalk.object_prefix) != (subject.id, object.id):
        raise CrosswalkError(Problem(
            message=f"the crosswalk maps {crosswalk.subject_prefix!r} to "
                    f"{crosswalk.object_prefix!r}, not {subject.id!r} to {object.id!r}",
            expected=f"a crosswalk from {subject.id!r} to {object.id!r}",
            fix="Use crosswalk.inverse() for the other direction",
        ))
    limits = resolve_thresholds(thresholds, min_predicate=min_predicate,
                                min_confidence=min_confidence, kinds=kinds)
    left = coverage(crosswalk, subject, thresholds=limits)
    right = coverage(crosswalk, object, thresholds=limits)
    counted_a = {e.element_id for e in left.elements}
    counted_b = {e.element_id for e in right.elements}
    kept = [Link(m.subject_id, Predicate(m.predicate_id), m.object_id, m.confidence)
            for m in crosswalk.mappings if limits.admits(m)]
    grid = overlap(subject, object, (
        (k.own, k.other, k.predicate.strength) for k in kept
        if k.own in counted_a and k.other in counted_b))
    summary = []
    for p in Predicate:
        pos = [m for m in crosswalk.mappings if m.predicate_id == p.value and not m.is_negated]
        neg = sum(1 for m in crosswalk.mappings if m.predicate_id == p.value and m.is_negated)
        if not pos and not neg:
            continue
        confs = [m.confidence for m in pos if m.confidence is not None]
        mean = round(sum(confs) / len(confs), 4) if confs else None
        summary.append(PredicateSummary(predicate_id=p.value, count=len(pos), negated=neg,
                                        mean_confidence=mean))
    ranked = sorted(kept, key=lambda k: (-k.predicate.strength,
                                          -(k.confidence if k.confidence is not None else -1),
                                          k.own, k.other))
    strong = [
        StrongMapping(subject_id=k.own, subject_text=subject.element(k.own).text,
                      predicate_id=k.predicate.value, object_id=k.other,
                      object_text=object.element(k.other).text, confidence=k.confidence)
        for k in ranked[:max(0, strongest)]
    ]
    return Report(
        mapping_set_id=crosswalk.mapping_set_id, mapping_set_title=crosswalk.mapping_set_title,
        subject_id=subject.id, subject_title=subject.title, object_id=object.id,
        object_title=object.title, mapping_count=len(crosswalk.mappings), summary=summary,
        subject_coverage=left, object_coverage=right,
        gaps=Gaps(subject_id=subject.id, object_id=object.id,
                  subject=gaps_of(left, subject), object=gaps_of(right, object)),
        overlap=grid, strongest=strong, thresholds=limits,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and JavaScript, no network):
    summary, coverage bars, a unit × unit heatmap, sortable gap tables, strongest mappings.
    """
    from competency.analysis._html import render

    return render(report)
