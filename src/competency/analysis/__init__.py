"""Analysis of frameworks and crosswalks: pure functions returning frozen result objects.

=================  ==========================================================================
:func:`coverage`   which elements of a framework have a counterpart (per element, unit, total),
                   under one :class:`Thresholds` (:func:`coverage_levels`: at each level)
:func:`gaps`       the elements with no counterpart, each way, grouped by unit
:func:`compose`    A→C mappings from A→B and B→C (table :data:`COMPOSITION`)
:func:`compare`    two frameworks side by side: sizes, structure, shared content, unit overlap
:func:`suggest`    candidate mappings from the texts (TF-IDF cosine), for curators
:func:`evaluate`   precision, recall, F1 and recall@k of candidates against a reference
:func:`report`     all of the above for one crosswalk; :func:`render_html` as one web page
=================  ==========================================================================

Every result has a ``to_dict()`` for JSON. See ``docs/analysis.md``.

Examples
--------
>>> import competency
>>> from competency.analysis import coverage, gaps
>>> from competency.crosswalk import load_crosswalk
>>> pt, ls = competency.load("pt-nos"), competency.load("ls-nos")
>>> cw = load_crosswalk("pt-nos", "ls-nos")
>>> cov = coverage(cw, pt)
>>> cov.covered + len(gaps(cw, pt, ls).subject_ids) == cov.total
True
"""

from __future__ import annotations

from competency.analysis._elements import CONTENT_KINDS
from competency.analysis.compare import Comparison, Overlap, Profile, compare
from competency.analysis.compose import COMPOSITION, compose, compose_predicates
from competency.analysis.coverage import (
    Counterpart,
    Coverage,
    ElementCoverage,
    UnitCoverage,
    coverage,
    coverage_levels,
)
from competency.analysis.evaluate import (
    Evaluation,
    MethodEvaluation,
    Scores,
    evaluate,
    evaluate_methods,
)
from competency.analysis.gaps import GapGroup, GapItem, Gaps, gaps
from competency.analysis.matchers import Candidates, Matcher, available_matchers, get_matcher
from competency.analysis.report import (
    FrameworkSource,
    MappingRow,
    PredicateSummary,
    Provenance,
    Report,
    StrongMapping,
    UnitGrid,
    render_html,
    report,
)
from competency.analysis.suggest import suggest
from competency.analysis.thresholds import LEVELS, LOOSE, STRICT, Thresholds, default_kinds

__all__ = [
    "COMPOSITION",
    "CONTENT_KINDS",
    "LEVELS",
    "LOOSE",
    "STRICT",
    "Candidates",
    "Comparison",
    "Counterpart",
    "Coverage",
    "ElementCoverage",
    "Evaluation",
    "FrameworkSource",
    "GapGroup",
    "GapItem",
    "Gaps",
    "MappingRow",
    "Matcher",
    "MethodEvaluation",
    "Overlap",
    "PredicateSummary",
    "Profile",
    "Provenance",
    "Report",
    "Scores",
    "StrongMapping",
    "Thresholds",
    "UnitCoverage",
    "UnitGrid",
    "available_matchers",
    "compare",
    "compose",
    "compose_predicates",
    "coverage",
    "coverage_levels",
    "default_kinds",
    "evaluate",
    "evaluate_methods",
    "gaps",
    "get_matcher",
    "render_html",
    "report",
    "suggest",
]
