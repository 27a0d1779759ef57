"""The crosswalk report: every analysis of one crosswalk between two frameworks, in one value.

:func:`report` gathers the summary by predicate, the coverage of each side (per unit and in
total, under the given thresholds and under strict ones beside them), the gaps each way,
the unit × unit overlap and the share of each unit's items covered by each other unit, the
strongest mappings, every mapping with its review status and comment (look-alike pairs
included), and the provenance a reader needs to cite it (licences and attribution of the
crosswalk and of both frameworks' texts, creators, version, dates, tool version);
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
>>> round(r.strict_subject_coverage.fraction, 2)  # close or stronger
0.5
>>> [(m.subject_id, m.object_id) for m in r.mappings if m.negated]
[('a:U2.K1', 'b:S2.P1')]
>>> r.grid.covered
((2, 0), (0, 1))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from competency.analysis._elements import unit_index, units_of
from competency.analysis._mappings import Link, predicate
from competency.analysis.compare import Overlap, overlap
from competency.analysis.coverage import Coverage, coverage, resolve_thresholds
from competency.analysis.gaps import Gaps, gaps_of
from competency.analysis.thresholds import LOOSE, Thresholds
from competency.crosswalk import Crosswalk, Justification, Mapping, Predicate
from competency.errors import CrosswalkError, Problem
from competency.model import ElementKind, Framework

__all__ = [
    "FrameworkSource",
    "MappingRow",
    "PredicateSummary",
    "Provenance",
    "Report",
    "StrongMapping",
    "UnitGrid",
    "render_html",
    "report",
]

_ORDER = sorted(Predicate, key=lambda p: (-p.strength, p.value))
"""Predicates strongest first (exact, close, broad, narrow, related)."""


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


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class FrameworkSource:
    """Where one framework's texts come from and under what terms, as its metadata says.

    `rights` is ``None`` when the source prints no rights statement: the texts then remain
    the publisher's, and a reader must ask them before reproducing more than a quotation.
    """

    framework_id: str
    title: str
    publisher: str | None = None
    version: str | None = None
    date: str | None = None
    rights: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, framework: Framework) -> FrameworkSource:
        """The source of `framework`, from its metadata."""
        return cls(framework_id=framework.id, title=framework.title,
                   publisher=framework.publisher, version=framework.version,
                   date=framework.date, rights=framework.rights, source=framework.source)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"framework_id": self.framework_id, "title": self.title,
                "publisher": self.publisher, "version": self.version, "date": self.date,
                "rights": self.rights, "source": self.source}


def _counts(items: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Provenance:
    """What a reader needs to cite and trust a crosswalk report.

    Attributes
    ----------
    license : str
        The crosswalk's licence IRI; it covers the mappings, not the frameworks' texts
        (see `subject` and `object`).
    creators : tuple of str
        Who published the mapping set (labels, else ids).
    mapping_date : str or None
        The set's date, else the latest date of its mappings.
    reviewed : int
        How many mappings carry a review (a reviewer, or the ``semapv:MappingReview``
        justification).
    justifications : tuple of (str, int)
        How the mappings were made: each justification CURIE with its count.
    tool_version : str
        The version of ``competency`` that produced the report.
    """

    mapping_set_id: str
    title: str | None = None
    description: str | None = None
    version: str | None = None
    license: str
    creators: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mapping_date: str | None = None
    comment: str | None = None
    reviewed: int = 0
    justifications: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_counts)
    subject: FrameworkSource
    object: FrameworkSource
    tool_version: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"mapping_set_id": self.mapping_set_id, "title": self.title,
                "description": self.description, "version": self.version,
                "license": self.license, "creators": list(self.creators),
                "mapping_date": self.mapping_date, "comment": self.comment,
                "reviewed": self.reviewed, "justifications": dict(self.justifications),
                "subject": self.subject.to_dict(), "object": self.object.to_dict(),
                "tool_version": self.tool_version}


@attrs.frozen(kw_only=True)
class MappingRow:
    """One mapping of the crosswalk as the report lists it: both texts, the predicate (and
    whether it is negated: a look-alike pair), confidence, how it was made, its review and
    its comment."""

    subject_id: str
    subject_text: str
    predicate_id: str
    negated: bool
    object_id: str
    object_text: str
    confidence: float | None
    justification: str
    authors: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mapping_date: str | None = None
    reviewers: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    review_date: str | None = None
    comment: str | None = None

    @property
    def is_reviewed(self) -> bool:
        """Whether someone reviewed the mapping."""
        return bool(self.reviewers) or self.justification == Justification.MAPPING_REVIEW.value

    @property
    def review_status(self) -> str:
        """``"reviewed"`` or ``"not reviewed"``."""
        return "reviewed" if self.is_reviewed else "not reviewed"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"subject_id": self.subject_id, "subject_text": self.subject_text,
                "predicate_id": self.predicate_id, "negated": self.negated,
                "object_id": self.object_id, "object_text": self.object_text,
                "confidence": self.confidence, "justification": self.justification,
                "authors": list(self.authors), "mapping_date": self.mapping_date,
                "review_status": self.review_status, "reviewers": list(self.reviewers),
                "review_date": self.review_date, "comment": self.comment}


def _rows(items: Iterable[MappingRow]) -> tuple[MappingRow, ...]:
    return tuple(items)


def _ints(items: Iterable[int]) -> tuple[int, ...]:
    return tuple(items)


def _matrix(rows: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(r) for r in rows)


Mix = tuple[tuple[str, int], ...]


def _mixes(rows: Iterable[Iterable[Iterable[tuple[str, int]]]]) -> tuple[tuple[Mix, ...], ...]:
    return tuple(tuple(tuple(cell) for cell in row) for row in rows)


@attrs.frozen(kw_only=True)
class UnitGrid:
    """The share of each subject unit's counted items that have a counterpart in each
    object unit, with the predicate mix.

    `covered[i][j]` of the `row_totals[i]` counted items of unit `rows[i]` have at least one
    counterpart in unit `columns[j]` (an item inside it, or the unit itself); `mix[i][j]`
    counts those items by the predicate of their strongest counterpart there, strongest
    predicate first. Unlike a count of mappings, the share does not grow with unit size.
    """

    rows: tuple[str, ...] = attrs.field(converter=_texts)
    row_labels: tuple[str, ...] = attrs.field(converter=_texts)
    row_totals: tuple[int, ...] = attrs.field(converter=_ints)
    columns: tuple[str, ...] = attrs.field(converter=_texts)
    column_labels: tuple[str, ...] = attrs.field(converter=_texts)
    covered: tuple[tuple[int, ...], ...] = attrs.field(converter=_matrix)
    mix: tuple[tuple[Mix, ...], ...] = attrs.field(converter=_mixes)

    def share(self, i: int, j: int) -> float:
        """``covered[i][j] / row_totals[i]`` (0 for an empty unit)."""
        total = self.row_totals[i]
        return self.covered[i][j] / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"rows": list(self.rows), "row_labels": list(self.row_labels),
                "row_totals": list(self.row_totals), "columns": list(self.columns),
                "column_labels": list(self.column_labels),
                "covered": [list(r) for r in self.covered],
                "mix": [[dict(cell) for cell in row] for row in self.mix]}


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
    strict_subject_coverage: Coverage | None = None
    strict_object_coverage: Coverage | None = None
    grid: UnitGrid | None = None
    mappings: tuple[MappingRow, ...] = attrs.field(default=(), converter=_rows)
    provenance: Provenance | None = None
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
            "strict_subject_coverage": _maybe(self.strict_subject_coverage),
            "strict_object_coverage": _maybe(self.strict_object_coverage),
            "grid": _maybe(self.grid),
            "mappings": [m.to_dict() for m in self.mappings],
            "provenance": _maybe(self.provenance),
            "thresholds": self.thresholds.to_dict(),
        }


class _Dictable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _maybe(value: _Dictable | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


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
    strict_predicate: Predicate | str = "skos:closeMatch",
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
    strict_predicate : Predicate or str
        The weakest predicate of the strict coverage shown beside the coverage under
        `min_predicate` (default close: exact and close matches only); the stronger of
        the two is used, with the same `min_confidence` and `kinds`.

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
    strict_floor = max(Predicate(limits.min_predicate), predicate(strict_predicate),
                       key=lambda p: p.strength)
    strict = attrs.evolve(limits, min_predicate=strict_floor.value)
    strict_left = coverage(crosswalk, subject, thresholds=strict)
    strict_right = coverage(crosswalk, object, thresholds=strict)
    return Report(
        mapping_set_id=crosswalk.mapping_set_id, mapping_set_title=crosswalk.mapping_set_title,
        subject_id=subject.id, subject_title=subject.title, object_id=object.id,
        object_title=object.title, mapping_count=len(crosswalk.mappings), summary=summary,
        subject_coverage=left, object_coverage=right,
        gaps=Gaps(subject_id=subject.id, object_id=object.id,
                  subject=gaps_of(left, subject), object=gaps_of(right, object)),
        overlap=grid, strongest=strong, thresholds=limits,
        strict_subject_coverage=strict_left, strict_object_coverage=strict_right,
        grid=_unit_grid(left, object), mappings=_mapping_rows(crosswalk, subject, object),
        provenance=_provenance(crosswalk, subject, object),
    )


def _unit_grid(cov: Coverage, other: Framework) -> UnitGrid:
    """Per (unit of the measured side, unit of `other`): items covered there, and how."""
    columns = units_of(other)
    col_at = {u.id: j for j, u in enumerate(columns)}
    unit_of = unit_index(other)
    rows = [u for u in cov.units if u.total]
    row_at = {u.unit_id: i for i, u in enumerate(rows)}
    best: list[list[dict[str, int]]] = [[{} for _ in columns] for _ in rows]
    for e in cov.elements:
        i = row_at.get(e.unit_id)
        if i is None:
            continue
        seen: set[int] = set()
        for c in e.counterparts:  # strongest first: the first per column is the best there
            j = col_at.get(unit_of.get(c.element_id) or "")
            if j is None or j in seen:
                continue
            seen.add(j)
            cell = best[i][j]
            cell[c.predicate_id] = cell.get(c.predicate_id, 0) + 1
    return UnitGrid(
        rows=[u.unit_id or "" for u in rows], row_labels=[u.label for u in rows],
        row_totals=[u.total for u in rows], columns=[u.id for u in columns],
        column_labels=[u.label for u in columns],
        covered=[[sum(cell.values()) for cell in row] for row in best],
        mix=[[[(p.value, cell[p.value]) for p in _ORDER if p.value in cell] for cell in row]
             for row in best],
    )


def _text(framework: Framework, element_id: str, label: str | None) -> str:
    return framework.element(element_id).text if element_id in framework else (label or "")


def _reviewers(mapping: Mapping) -> tuple[tuple[str, ...], str | None]:
    """Who reviewed `mapping` (labels, else ids) and when (SSSOM's review slots)."""
    return tuple(mapping.reviewer_label or mapping.reviewer_id), mapping.review_date


def _mapping_rows(crosswalk: Crosswalk, subject: Framework,
                  object: Framework) -> list[MappingRow]:
    rows = []
    for m in crosswalk.mappings:
        reviewers, review_date = _reviewers(m)
        rows.append(MappingRow(
            subject_id=m.subject_id, subject_text=_text(subject, m.subject_id, m.subject_label),
            predicate_id=m.predicate_id, negated=m.is_negated, object_id=m.object_id,
            object_text=_text(object, m.object_id, m.object_label), confidence=m.confidence,
            justification=m.mapping_justification, authors=m.author_label or m.author_id,
            mapping_date=m.mapping_date, reviewers=reviewers, review_date=review_date,
            comment=m.comment,
        ))
    return rows


def _provenance(crosswalk: Crosswalk, subject: Framework, object: Framework) -> Provenance:
    from competency import __version__

    made: dict[str, int] = {}
    reviewed = 0
    for m in crosswalk.mappings:
        made[m.mapping_justification] = made.get(m.mapping_justification, 0) + 1
        names, _ = _reviewers(m)
        reviewed += bool(names) or m.mapping_justification == Justification.MAPPING_REVIEW.value
    dates = [m.mapping_date for m in crosswalk.mappings if m.mapping_date]
    return Provenance(
        mapping_set_id=crosswalk.mapping_set_id, title=crosswalk.mapping_set_title,
        description=crosswalk.mapping_set_description,
        version=crosswalk.mapping_set_version, license=crosswalk.license,
        creators=crosswalk.creator_label or crosswalk.creator_id,
        mapping_date=crosswalk.mapping_date or (max(dates) if dates else None),
        comment=crosswalk.comment, reviewed=reviewed,
        justifications=sorted(made.items(), key=lambda kv: (-kv[1], kv[0])),
        subject=FrameworkSource.of(subject), object=FrameworkSource.of(object),
        tool_version=__version__,
    )


def render_html(report: Report, *, generated: str | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS, JavaScript and SVG; nothing
    loaded from the network), ready to publish.

    It gives the provenance (licence and attribution of the crosswalk and of both
    frameworks' texts, creators, review status, dates, tool version) and the thresholds
    behind every figure; coverage per unit under the report's thresholds and strict ones
    side by side; a heatmap of the share of each unit's items covered by each unit of the
    other framework, with the predicate mix; sortable gap tables; every mapping (filterable
    by text, predicate and review status, sortable from the keyboard) and the look-alike
    pairs; a table of contents. Accessible (WCAG 2.1 AA), readable at phone width, and
    printable on A4.

    Parameters
    ----------
    report : Report
    generated : str, optional
        The generation date printed on the page (default: today in UTC, or the date of
        ``SOURCE_DATE_EPOCH`` when that is set, for reproducible output).

    Examples
    --------
    >>> from competency.analysis._examples import crosswalk_ab, framework_a, framework_b
    >>> page = render_html(report(crosswalk_ab(), framework_a(), framework_b()),
    ...                    generated="2026-01-31")
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "2026-01-31" in page
    (True, False, True)
    """
    from competency.analysis._html import render

    return render(report, generated=generated)
