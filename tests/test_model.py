from __future__ import annotations

import attrs
import pytest

from competency import (
    Criterion,
    Element,
    Framework,
    KnowledgeItem,
    Relation,
    RelationType,
    Requirement,
    StructureError,
    Unit,
    UnknownIdError,
    element_class,
)
from competency.errors import Pointer


def _framework(*relations: Relation) -> Framework:
    return Framework(
        id="d", title="D", base_iri="https://example.org/d/",
        elements=[Unit(id="d:U1", text="u1"), Unit(id="d:U2", text="u2"),
                  Criterion(id="d:P1", text="p1"), KnowledgeItem(id="d:K1", text="k1")],
        relations=relations,
    )


def test_elements_are_frozen_and_compared_by_value() -> None:
    a = Criterion(id="d:P1", text="check")
    assert a == Criterion(id="d:P1", text="check")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.text = "other"  # type: ignore[misc]
    assert attrs.evolve(a, text="other").text == "other"


@pytest.mark.parametrize("bad", ["", "P1", "d:", ":P1", "d:P 1", "1d:P1"])
def test_an_element_id_must_be_a_curie(bad: str) -> None:
    with pytest.raises(ValueError, match="CURIE"):
        Criterion(id=bad, text="x")


@pytest.mark.parametrize("bad", ["", "   ", "\n"])
def test_an_element_text_must_not_be_empty(bad: str) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        Criterion(id="d:P1", text=bad)


def test_element_is_abstract_and_unknown_kinds_are_rejected() -> None:
    with pytest.raises(TypeError, match="abstract"):
        Element(id="d:X", text="x")
    with pytest.raises(ValueError, match="unknown element kind 'skill'"):
        element_class("skill")


def test_requirement_fields_are_typed() -> None:
    req = Requirement(id="d:R1", text="degree", necessity="essential",
                      assessed_by=["application", "interview"])
    assert req.assessed_by == ("application", "interview")
    with pytest.raises(ValueError, match="necessity"):
        Requirement(id="d:R1", text="degree", necessity="nice to have")
    with pytest.raises(ValueError, match="assessed_by"):
        Requirement(id="d:R1", text="degree", assessed_by=["reference"])


def test_unknown_relation_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown relation type 'includes'"):
        Relation("d:U1", "includes", "d:P1")


def test_children_keep_sibling_order_of_contains_relations() -> None:
    fw = _framework(Relation("d:U1", "contains", "d:K1"), Relation("d:U1", "contains", "d:P1"))
    assert [e.id for e in fw.children("d:U1")] == ["d:K1", "d:P1"]
    assert fw.parent("d:P1") == fw.element("d:U1")
    assert [e.id for e in fw.roots()] == ["d:U1", "d:U2"]


def test_every_structural_problem_is_reported_at_once() -> None:
    with pytest.raises(StructureError) as info:
        Framework(
            id="d", title="D", base_iri="https://example.org/d/",
            elements=[Unit(id="d:U1", text="u"), Unit(id="d:U1", text="again"),
                      Criterion(id="x:P1", text="p")],
            relations=[Relation("d:U1", "contains", "d:NOPE"),
                       Relation("d:U1", "underpins", "d:U1")],
        )
    locations = [p.location for p in info.value.problems]
    assert locations == [Pointer("elements", 1, "id"), Pointer("elements", 2, "id"),
                         Pointer("relations", 0, "target"), Pointer("relations", 1, "target")]


def test_two_parents_are_rejected() -> None:
    with pytest.raises(StructureError, match="two parents") as info:
        _framework(Relation("d:U1", "contains", "d:P1"), Relation("d:U2", "contains", "d:P1"))
    assert info.value.problems[0].location == Pointer("relations", 1, "target")


def test_a_contains_cycle_is_rejected() -> None:
    with pytest.raises(StructureError, match="cycle"):
        _framework(Relation("d:U1", "contains", "d:U2"), Relation("d:U2", "contains", "d:U1"))


def test_a_repeated_relation_is_rejected() -> None:
    with pytest.raises(StructureError, match="listed twice"):
        _framework(Relation("d:K1", "underpins", "d:P1"), Relation("d:K1", "underpins", "d:P1"))


def test_a_very_deep_hierarchy_is_checked_without_recursion() -> None:
    depth = 50_000
    units = [Unit(id=f"d:U{i}", text="u") for i in range(depth)]
    relations = [Relation(f"d:U{i}", RelationType.CONTAINS, f"d:U{i + 1}") for i in range(depth - 1)]
    fw = Framework(id="d", title="D", base_iri="https://example.org/d/", elements=units,
                   relations=relations)
    assert fw.parent(f"d:U{depth - 1}") == units[-2]
    cyclic = [*relations, Relation(f"d:U{depth - 1}", "contains", "d:U0")]
    with pytest.raises(StructureError, match="cycle"):
        Framework(id="d", title="D", base_iri="https://example.org/d/", elements=units,
                  relations=cyclic)


def test_looking_up_an_unknown_element_names_it() -> None:
    fw = _framework()
    with pytest.raises(UnknownIdError, match="no element 'd:P9'"):
        fw.element("d:P9")


def test_curies_expand_and_compress_with_the_base_iri() -> None:
    fw = _framework()
    assert fw.expand("d:P1") == "https://example.org/d/P1"
    assert fw.compress("https://example.org/d/P1") == "d:P1"
    with pytest.raises(ValueError, match="prefix 'd'"):
        fw.expand("x:P1")
    with pytest.raises(ValueError, match="namespace"):
        fw.compress("https://elsewhere.org/P1")
