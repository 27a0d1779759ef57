"""Hypothesis strategies for competency objects, for our tests and for plugin authors.

Requires `hypothesis` (installed with ``competency[test]``)::

    from hypothesis import given
    from competency.testing import frameworks

    @given(frameworks())
    def test_my_exporter_round_trips(fw): ...

Examples
--------
>>> import competency
>>> from hypothesis import given, settings
>>> from competency.testing import frameworks
>>> @settings(max_examples=20, database=None)
... @given(frameworks(max_units=2))
... def check_round_trip(fw):
...     assert competency.loads(competency.dumps(fw)) == fw
>>> check_round_trip()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from competency.model import (
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    Requirement,
    element_class,
)

if TYPE_CHECKING:  # pragma: no cover
    from competency.rubric import Rubric

__all__ = ["achieved_flags", "element_texts", "framework_ids", "frameworks", "local_ids",
           "reached_levels", "rubrics"]

framework_ids = st.from_regex(r"\A[a-z][a-z0-9-]{0,11}\Z")
"""Framework ids (CURIE prefixes)."""

local_ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]{0,11}\Z")
"""Local parts of CURIEs."""

element_texts = st.text(
    alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80
).filter(lambda s: s.strip() != "")
"""Non-empty verbatim texts (any Unicode, including quotes, commas and newlines)."""

_optional_text = st.none() | element_texts
_ITEM_KINDS = [k for k in ElementKind if k not in (ElementKind.UNIT, ElementKind.SECTION)]


@st.composite
def _element(draw: Any, element_id: str, kind: ElementKind) -> Element:
    fields: dict[str, Any] = {
        "id": element_id, "text": draw(element_texts), "notation": draw(_optional_text),
        "title": draw(_optional_text), "note": draw(_optional_text),
        "location": draw(_optional_text),
        "alt_titles": draw(st.lists(element_texts, max_size=2)),
    }
    cls = element_class(kind)
    if cls is Requirement:
        fields["category"] = draw(_optional_text)
        fields["necessity"] = draw(st.sampled_from([None, "essential", "desirable"]))
        fields["assessed_by"] = draw(st.lists(
            st.sampled_from(["application", "interview", "test"]), unique=True, max_size=3))
    return cls(**fields)


@st.composite
def frameworks(
    draw: Any, *, max_units: int = 4, max_items_per_unit: int = 5, max_extra_relations: int = 6
) -> Framework:
    """Valid frameworks: units (some nested), items under units, ``contains`` as a forest in
    sibling order, and some ``underpins`` relations from knowledge items to other elements."""
    prefix = draw(framework_ids)
    n_units = draw(st.integers(0, max_units))
    locals_ = draw(st.lists(local_ids, unique=True, min_size=n_units * (1 + max_items_per_unit),
                            max_size=n_units * (1 + max_items_per_unit)))
    pool = iter(locals_)
    elements: list[Element] = []
    relations: list[Relation] = []
    unit_ids: list[str] = []
    for _ in range(n_units):
        uid = f"{prefix}:{next(pool)}"
        elements.append(draw(_element(uid, draw(st.sampled_from(
            [ElementKind.UNIT, ElementKind.SECTION])))))
        if unit_ids and draw(st.booleans()):
            relations.append(Relation(draw(st.sampled_from(unit_ids)), "contains", uid))
        unit_ids.append(uid)
        for _ in range(draw(st.integers(0, max_items_per_unit))):
            iid = f"{prefix}:{next(pool)}"
            elements.append(draw(_element(iid, draw(st.sampled_from(_ITEM_KINDS)))))
            relations.append(Relation(uid, "contains", iid))
    knowledge = [e.id for e in elements if e.kind is ElementKind.KNOWLEDGE]
    others = [e.id for e in elements]
    if knowledge and len(others) > 1:
        pairs = draw(st.lists(
            st.tuples(st.sampled_from(knowledge), st.sampled_from(others)),
            max_size=max_extra_relations, unique=True,
        ))
        relations.extend(
            Relation(k, RelationType.UNDERPINS, o) for k, o in pairs if k != o
        )
    return Framework(
        id=prefix, title=draw(element_texts), base_iri=f"https://example.org/{prefix}/",
        publisher=draw(_optional_text), version=draw(_optional_text),
        date=draw(_optional_text), rights=draw(_optional_text), source=draw(_optional_text),
        description=draw(_optional_text),
        annotations=draw(st.lists(st.tuples(local_ids, st.lists(element_texts, max_size=2)),
                                  max_size=2, unique_by=lambda kv: kv[0])),
        elements=elements, relations=relations,
    )


# -- rubrics ---------------------------------------------------------------------------------

_word_ids = st.from_regex(r"\A[a-z][a-z0-9_-]{0,7}\Z").filter(lambda s: s != "none")


@st.composite
def rubrics(
    draw: Any, *, max_themes: int = 6, max_levels: int = 10, max_points: int = 60_000,
    max_schemes: int = 2,
) -> Rubric:
    """Valid rubrics of every shape scoring must handle: 1 to `max_levels` levels with
    strictly increasing points (proportional to the level, as 2, 4, 6, or not; up to
    `max_points`, beyond 16 bits), 1 to `max_themes` themes, and band schemes cutting
    ``0..maximum`` into contiguous bands at random places.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> from competency.rubric import score
    >>> @settings(max_examples=10, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(rubrics(max_themes=3, max_levels=4))
    ... def check_top_scores_the_maximum(rubric):
    ...     top = rubric.levels[-1].id
    ...     assert score(rubric, [top] * len(rubric.themes)).total == rubric.maximum
    >>> check_top_scores_the_maximum()
    """
    from competency.rubric import Band, BandScheme, Descriptor, Level, Rubric, Theme
    from competency.rubric.model import MAX_TOTAL

    rubric_id = draw(framework_ids)
    n_levels = draw(st.integers(1, max_levels))
    n_themes = draw(st.integers(1, max_themes))
    cap = max(min(max_points, MAX_TOTAL // n_themes), n_levels)
    if draw(st.booleans()):  # proportional points: k * step
        step = draw(st.integers(1, max(cap // n_levels, 1)))
        points = [step * k for k in range(1, n_levels + 1)]
    else:
        points = sorted(draw(st.sets(st.integers(1, cap), min_size=n_levels,
                                     max_size=n_levels)))
    level_ids = draw(st.lists(_word_ids, min_size=n_levels, max_size=n_levels, unique=True))
    levels = [Level(id=i, label=f"Level {i.upper()}", points=p)
              for i, p in zip(level_ids, points, strict=True)]
    theme_locals = draw(st.lists(local_ids, min_size=n_themes, max_size=n_themes,
                                 unique_by=str.lower))
    themes = [Theme(id=f"{rubric_id}:{local}", title=draw(_optional_text),
                    descriptors=[Descriptor(level=lv, text=draw(element_texts))
                                 for lv in level_ids])
              for local in theme_locals]
    maximum = n_themes * points[-1]
    schemes = []
    for s in range(draw(st.integers(1, max_schemes))):
        cuts = sorted(draw(st.sets(st.integers(1, maximum), max_size=5))) if maximum else []
        lows = [0, *cuts]
        highs = [c - 1 for c in cuts] + [maximum]
        schemes.append(BandScheme(id=f"scheme{s}", title=f"Scheme {s}", bands=[
            Band(id=f"b{b}", label=f"Band {b}", low=low, high=high)
            for b, (low, high) in enumerate(zip(lows, highs, strict=True))]))
    return Rubric(id=rubric_id, title=draw(element_texts),
                  base_iri=f"https://example.org/{rubric_id}/", levels=levels, themes=themes,
                  band_schemes=schemes)


def reached_levels(rubric: Rubric, *, max_rows: int = 20) -> st.SearchStrategy[list[list[int]]]:
    """Rows of levels reached per theme (``0`` none ... ``len(levels)``) for `rubric`."""
    row = st.lists(st.integers(0, len(rubric.levels)), min_size=len(rubric.themes),
                   max_size=len(rubric.themes))
    return st.lists(row, min_size=1, max_size=max_rows)


def achieved_flags(rubric: Rubric, *,
                   max_rows: int = 20) -> st.SearchStrategy[list[list[list[bool]]]]:
    """Rows of per-cell achieved flags (rows × themes × levels) for `rubric`, some of them
    skipping a level."""
    cell = st.lists(st.booleans(), min_size=len(rubric.levels), max_size=len(rubric.levels))
    row = st.lists(cell, min_size=len(rubric.themes), max_size=len(rubric.themes))
    return st.lists(row, min_size=1, max_size=max_rows)
