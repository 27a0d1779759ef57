"""Development plans: from a score to next steps, linked to a framework through a crosswalk.

:func:`plan` turns one person's result into a :class:`Plan`: for each theme below its top
level, the level reached, the next level and that level's descriptor, verbatim, as the
target (the rubric is cumulative, so everything below the target is taken as reached), with
the elements of a framework mapped to the theme by the shipped crosswalk
``<rubric id>__<framework id>`` (units, criteria and knowledge items, each with its mapping
predicate; negated mappings are left out). :func:`plan_cohort` does the same for many
responses (:class:`CohortPlan`): per theme the distribution of levels and the most common
next target. Both give the total's band in every band scheme (for the shipped rubric:
individual and institutional).

Plans are plain data: ``to_dict`` / :func:`plan_from_dict` (and :func:`dumps_plan` /
:func:`loads_plan`) round-trip through JSON (``"format": "competency-plan/1"``), and
:func:`plan_html` renders a self-contained page in the crosswalk report's style.

Examples
--------
>>> from competency.rubric import get_rubric, plan
>>> rubric = get_rubric("pt-self-assessment")
>>> p = plan(rubric, ["gold"] * 9 + ["platinum"])
>>> p.total, [(b.scheme, b.label) for b in p.bands]
(82, [('individual', 'Platinum'), ('institutional', 'Platinum')])
>>> step = p.steps[2]
>>> step.theme, step.level, step.next_level, step.target[:40]
('pt-self-assessment:T3', 'gold', 'platinum', 'Effective boundary setting is embedded i')
>>> [(e.id, e.kind, e.predicate) for e in step.elements][:2]
[('pt-nos:LSIPT06', 'unit', 'skos:relatedMatch'), ('pt-nos:LSIPT01.P1', 'criterion', 'skos:relatedMatch')]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from competency.errors import INPUT, DocumentError, Pointer, Problem, UnknownIdError
from competency.rubric.model import Rubric
from competency.rubric.responses import ResponseLike
from competency.rubric.results import BatchResult, Result
from competency.rubric.scoring import score
from competency.rubric.strategies import ScoringStrategy
from competency.rubric.streaming import CohortSummary, score_csv, summarise

__all__ = [
    "AUTO",
    "BandCount",
    "BandReached",
    "CohortPlan",
    "CohortTheme",
    "LevelCount",
    "LinkedElement",
    "Plan",
    "PlanStep",
    "dumps_plan",
    "loads_plan",
    "plan",
    "plan_cohort",
    "plan_from_dict",
    "plan_html",
]

FORMAT = "competency-plan/1"
AUTO = "auto"
"""``framework=AUTO``: the framework of the one shipped crosswalk from the rubric, if any."""

_KIND_ORDER = {"unit": 0, "criterion": 1, "knowledge": 2}


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _plain(obj: Any) -> Any:
    """An attrs object as JSON types: fields to keys, tuples to lists."""
    if attrs.has(type(obj)):
        return {a.name: _plain(getattr(obj, a.name)) for a in attrs.fields(type(obj))}
    if isinstance(obj, tuple):
        return [_plain(item) for item in obj]
    return obj


@attrs.frozen(kw_only=True)
class LinkedElement:
    """A framework element mapped to a theme: its id, kind, notation, title and verbatim
    text, and the mapping's predicate and confidence."""

    id: str
    kind: str
    text: str
    predicate: str
    notation: str | None = None
    title: str | None = None
    confidence: float | None = None

    @property
    def label(self) -> str:
        """The title if the element has one (units do), else its text."""
        return self.title if self.title is not None else self.text


@attrs.frozen(kw_only=True)
class BandReached:
    """The band of a total in one band scheme."""

    scheme: str
    scheme_title: str
    band: str
    label: str


@attrs.frozen(kw_only=True)
class PlanStep:
    """One theme below its top level: the level reached (``None``: not even the first),
    the next level, its descriptor verbatim as the target, and the linked elements."""

    theme: str
    title: str
    level: str | None
    level_label: str | None
    next_level: str
    next_label: str
    target: str
    elements: tuple[LinkedElement, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Plan:
    """One person's development plan (see :func:`plan`)."""

    rubric: str
    rubric_title: str
    framework: str | None
    mapping_set_id: str | None
    total: int
    maximum: int
    bands: tuple[BandReached, ...] = attrs.field(converter=_tuple)
    steps: tuple[PlanStep, ...] = attrs.field(converter=_tuple)
    at_top: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain JSON types (:func:`plan_from_dict` reads it back)."""
        return {"format": FORMAT, "kind": "individual",
                **_plain(self)}


@attrs.frozen(kw_only=True)
class LevelCount:
    """How many respondents reached `level` (``"none"``: not even the first level)."""

    level: str
    label: str
    count: int


@attrs.frozen(kw_only=True)
class BandCount:
    """How many respondents' totals fall in `band` of `scheme`."""

    scheme: str
    scheme_title: str
    band: str
    label: str
    count: int


@attrs.frozen(kw_only=True)
class CohortTheme:
    """One theme across a cohort: the distribution of levels, how many are below the top
    level, and the most common next level (``None`` if everyone is at the top) with its
    descriptor as the target and how many respondents it is next for."""

    theme: str
    title: str
    distribution: tuple[LevelCount, ...] = attrs.field(converter=_tuple)
    below_top: int
    next_level: str | None
    next_label: str | None
    next_count: int
    target: str | None
    elements: tuple[LinkedElement, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class CohortPlan:
    """A cohort's development plan (see :func:`plan_cohort`)."""

    rubric: str
    rubric_title: str
    framework: str | None
    mapping_set_id: str | None
    respondents: int
    mean_total: float
    maximum: int
    bands: tuple[BandCount, ...] = attrs.field(converter=_tuple)
    themes: tuple[CohortTheme, ...] = attrs.field(converter=_tuple)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain JSON types (:func:`plan_from_dict` reads it back)."""
        return {"format": FORMAT, "kind": "cohort",
                **_plain(self)}


# -- links through the crosswalk ------------------------------------------------------------


def _links(rubric: Rubric, framework: str | None) -> tuple[
        str | None, str | None, dict[str, tuple[LinkedElement, ...]]]:
    """(framework id, mapping set id, theme id → linked elements)."""
    from competency.crosswalk import available_crosswalks, load_crosswalk
    from competency.registry import load

    if framework == AUTO:
        targets = sorted(b for a, b in available_crosswalks() if a == rubric.id)
        if not targets:
            return None, None, {}
        if len(targets) > 1:
            raise UnknownIdError(Problem(
                message=f"rubric {rubric.id!r} has crosswalks to " + ", ".join(targets),
                expected="one framework chosen with framework= (--framework)",
            ))
        framework = targets[0]
    if framework is None:
        return None, None, {}
    crosswalk = load_crosswalk(rubric.id, framework)
    target = load(framework)
    order = {e.id: i for i, e in enumerate(target.elements)}
    links: dict[str, list[LinkedElement]] = {}
    for m in crosswalk.mappings:
        if m.is_negated or m.object_id not in order:
            continue
        element = target.element(m.object_id)
        links.setdefault(m.subject_id, []).append(LinkedElement(
            id=element.id, kind=str(element.kind.value), text=element.text,
            notation=element.notation, title=element.title, predicate=m.predicate_id,
            confidence=m.confidence,
        ))
    ranked = {
        theme: tuple(sorted(items, key=lambda e: (_KIND_ORDER.get(e.kind, 9), order[e.id])))
        for theme, items in links.items()
    }
    return framework, crosswalk.mapping_set_id, ranked


# -- building plans -------------------------------------------------------------------------


def plan(rubric: Rubric, response: Result | ResponseLike, *, framework: str | None = AUTO,
         strategy: str | ScoringStrategy = "cumulative-sequential",
         strict: bool = True) -> Plan:
    """One person's development plan.

    Parameters
    ----------
    rubric : Rubric
    response : Result or response
        A :class:`~competency.rubric.Result`, or a response as :func:`~competency.rubric.score`
        takes it (scored with `strategy` and `strict`).
    framework : str or None
        The framework whose elements are linked to the themes through the shipped crosswalk
        ``<rubric id>__<framework>`` (``"pt-nos"``); :data:`AUTO` (default) takes the one
        shipped crosswalk from the rubric if there is one; ``None`` links nothing.

    Raises
    ------
    ScoreError
        For a bad response.
    UnknownIdError
        If no crosswalk from the rubric to `framework` is shipped.

    Examples
    --------
    >>> from competency.rubric import get_rubric, plan
    >>> p = plan(get_rubric("pt-self-assessment"), ["platinum"] * 9 + ["none"], framework=None)
    >>> [(s.theme, s.next_level) for s in p.steps], len(p.at_top)
    ([('pt-self-assessment:T10', 'minimum')], 9)
    """
    result = response if isinstance(response, Result) else score(
        rubric, response, strategy=strategy, strict=strict)
    framework_id, set_id, links = _links(rubric, framework)
    levels = rubric.levels
    steps = []
    at_top = []
    for theme, reached in zip(rubric.themes, result.reached, strict=True):
        if reached >= len(levels):
            at_top.append(theme.id)
            continue
        nxt = levels[reached]
        steps.append(PlanStep(
            theme=theme.id, title=theme.label,
            level=levels[reached - 1].id if reached else None,
            level_label=levels[reached - 1].label if reached else None,
            next_level=nxt.id, next_label=nxt.label, target=theme.descriptor(nxt.id).text,
            elements=links.get(theme.id, ()),
        ))
    bands = [BandReached(scheme=s.id, scheme_title=s.title, band=b.id, label=b.label)
             for s, b in zip(rubric.band_schemes, result.bands, strict=True)]
    return Plan(rubric=rubric.id, rubric_title=rubric.title, framework=framework_id,
                mapping_set_id=set_id, total=int(result.total), maximum=rubric.maximum,
                bands=bands, steps=steps, at_top=at_top)


def plan_cohort(rubric: Rubric, responses: object, *, framework: str | None = AUTO,
                strategy: str | ScoringStrategy = "cumulative-sequential",
                strict: bool = True, on_error: str = "fail") -> CohortPlan:
    """A cohort's development plan: per theme the distribution of levels and the most
    common next target (the next level of the most respondents below the top; on a tie,
    the lower level, the one the further-behind group needs).

    Parameters
    ----------
    rubric : Rubric
    responses : path, table, BatchResult or CohortSummary
        The path of a CSV file (scored in chunks, see
        :func:`~competency.rubric.streaming.score_csv`), a table as
        :func:`~competency.rubric.score_batch` takes it, or what they return.
    framework : str or None
        As for :func:`plan`.
    strategy, strict, on_error
        As for :func:`~competency.rubric.score_batch`.

    Examples
    --------
    >>> from competency.rubric import get_rubric, plan_cohort
    >>> rubric = get_rubric("pt-self-assessment")
    >>> table = {t: ["gold", "silver", "gold"] for t in rubric.local_ids}
    >>> cohort = plan_cohort(rubric, table, framework=None)
    >>> t = cohort.themes[0]
    >>> [(d.level, d.count) for d in t.distribution if d.count], t.next_level, t.next_count
    ([('silver', 1), ('gold', 2)], 'platinum', 2)
    """
    if isinstance(responses, CohortSummary):
        summary = responses
    elif isinstance(responses, BatchResult):
        summary = summarise(rubric, [responses])
    elif isinstance(responses, (str, os.PathLike)):
        summary = score_csv(rubric, responses, format=None, strategy=strategy, strict=strict,
                            on_error=on_error)
    else:
        from competency.rubric.batch import score_batch

        summary = summarise(rubric, [score_batch(rubric, responses, strategy=strategy,
                                                 strict=strict, on_error=on_error)])
    framework_id, set_id, links = _links(rubric, framework)
    levels = rubric.levels
    labels = [("none", "none"), *((lv.id, lv.label) for lv in levels)]
    themes = []
    for theme, counts in zip(rubric.themes, summary.level_counts, strict=True):
        below = counts[:-1]  # rows not at the top level; the next level of k is k + 1
        best = max(range(len(below)), key=lambda k: (below[k], -k)) if any(below) else None
        nxt = levels[best] if best is not None else None
        themes.append(CohortTheme(
            theme=theme.id, title=theme.label,
            distribution=[LevelCount(level=i, label=label, count=c)
                          for (i, label), c in zip(labels, counts, strict=True)],
            below_top=sum(below), next_level=nxt.id if nxt else None,
            next_label=nxt.label if nxt else None,
            next_count=below[best] if best is not None else 0,
            target=theme.descriptor(nxt.id).text if nxt else None,
            elements=links.get(theme.id, ()),
        ))
    bands = [BandCount(scheme=s.id, scheme_title=s.title, band=b.id, label=b.label, count=c)
             for s, counts in zip(rubric.band_schemes, summary.band_counts, strict=True)
             for b, c in zip(s.bands, counts, strict=True)]
    return CohortPlan(rubric=rubric.id, rubric_title=rubric.title, framework=framework_id,
                      mapping_set_id=set_id, respondents=summary.count,
                      mean_total=round(summary.mean_total, 6), maximum=rubric.maximum,
                      bands=bands, themes=themes)


# -- JSON -----------------------------------------------------------------------------------

_NESTED: dict[type[Any], dict[str, type[Any]]] = {
    Plan: {"bands": BandReached, "steps": PlanStep},
    PlanStep: {"elements": LinkedElement},
    CohortPlan: {"bands": BandCount, "themes": CohortTheme},
    CohortTheme: {"distribution": LevelCount, "elements": LinkedElement},
}


def _build(cls: type[Any], data: object, pointer: Pointer, file: str) -> Any:
    if not isinstance(data, Mapping):
        raise DocumentError(Problem(file=file, location=pointer,
                                    message=f"a {type(data).__name__}",
                                    expected=f"an object ({cls.__name__})"))
    fields = {a.name for a in attrs.fields(cls)}
    unknown = sorted(set(data) - fields)
    if unknown:
        raise DocumentError(Problem(file=file, location=pointer / unknown[0],
                                    message=f"unknown key {unknown[0]!r}",
                                    expected="one of " + ", ".join(sorted(fields))))
    values = dict(data)
    for name, inner in _NESTED.get(cls, {}).items():
        items = values.get(name, [])
        if not isinstance(items, list):
            raise DocumentError(Problem(file=file, location=pointer / name,
                                        message=f"a {type(items).__name__}",
                                        expected="an array"))
        values[name] = [_build(inner, item, pointer / name / i, file)
                        for i, item in enumerate(items)]
    try:
        return cls(**values)
    except TypeError as exc:
        raise DocumentError(Problem(file=file, location=pointer, message=str(exc),
                                    expected=f"the keys of a {cls.__name__}")) from None


def plan_from_dict(data: object, *, file: str = INPUT) -> Plan | CohortPlan:
    """Read back the ``to_dict()`` form of a :class:`Plan` or :class:`CohortPlan`.

    Raises
    ------
    DocumentError
        If `data` is not a plan document (naming the JSON pointer of the first problem).

    Examples
    --------
    >>> from competency.rubric import get_rubric, plan, plan_from_dict
    >>> p = plan(get_rubric("pt-self-assessment"), ["bronze"] * 10)
    >>> plan_from_dict(p.to_dict()) == p
    True
    """
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise DocumentError(Problem(file=file, location="/format",
                                    message="not a plan document",
                                    expected=f'"format": "{FORMAT}"'))
    kind = data.get("kind")
    cls = {"individual": Plan, "cohort": CohortPlan}.get(cast(str, kind))
    if cls is None:
        raise DocumentError(Problem(file=file, location="/kind", message=f"kind {kind!r}",
                                    expected="'individual' or 'cohort'"))
    body = {k: v for k, v in data.items() if k not in ("format", "kind")}
    return cast("Plan | CohortPlan", _build(cls, body, Pointer(), file))


def dumps_plan(p: Plan | CohortPlan) -> str:
    """The plan as JSON text (2-space indent, UTF-8 characters kept, final newline)."""
    return json.dumps(p.to_dict(), indent=2, ensure_ascii=False) + "\n"


def loads_plan(text: str | bytes, *, file: str = INPUT) -> Plan | CohortPlan:
    """Parse a plan from JSON text (see :func:`plan_from_dict`).

    Examples
    --------
    >>> from competency.rubric import dumps_plan, get_rubric, loads_plan, plan_cohort
    >>> rubric = get_rubric("pt-self-assessment")
    >>> cohort = plan_cohort(rubric, {t: ["gold"] for t in rubric.local_ids})
    >>> loads_plan(dumps_plan(cohort)) == cohort
    True
    """
    from competency.io import parse_json

    return plan_from_dict(parse_json(text, file=file), file=file)


def plan_html(p: Plan | CohortPlan) -> str:
    """The plan as a self-contained HTML page in the crosswalk report's style.

    Examples
    --------
    >>> from competency.rubric import get_rubric, plan, plan_html
    >>> page = plan_html(plan(get_rubric("pt-self-assessment"), ["silver"] * 10))
    >>> page.startswith("<!DOCTYPE html>"), "Development plan" in page
    (True, True)
    """
    from competency.rubric._plan_html import render_cohort, render_plan

    return render_plan(p) if isinstance(p, Plan) else render_cohort(p)
