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

from typing import Any

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

__all__ = ["element_texts", "framework_ids", "frameworks", "local_ids"]

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
