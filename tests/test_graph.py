from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

import competency
from competency import Framework, FrameworkGraph, StructureError, UnknownIdError, loads
from competency.testing import frameworks
from tests._docs import valid


def _demo() -> Framework:
    return loads(json.dumps(valid()))


def test_queries_return_model_objects_in_source_order() -> None:
    graph = FrameworkGraph([_demo()])
    assert [e.id for e in graph.children("demo:U1")] == ["demo:U1.P1", "demo:U1.K1"]
    assert graph.parent("demo:U1.K1") == graph.element("demo:U1")
    assert graph.parent("demo:U1") is None
    assert [e.id for e in graph.underpinning("demo:U1.P1")] == ["demo:U1.K1"]
    assert [e.id for e in graph.underpinned_by("demo:U1.K1")] == ["demo:U1.P1"]
    assert [e.id for e in graph.elements("unit")] == ["demo:U1", "demo:U2"]
    assert [e.id for e in graph.roots()] == ["demo:U1", "demo:U2"]


def test_descendants_and_ancestors_follow_contains() -> None:
    fw = competency.load("ls-nos")
    graph = FrameworkGraph([fw])
    descendants = graph.descendants("ls-nos:A")
    assert [e.id for e in descendants] == [c.id for c in fw.children("ls-nos:A")]
    assert [e.id for e in graph.ancestors("ls-nos:AK13.2")] == ["ls-nos:A"]


def test_a_path_links_elements_across_relations() -> None:
    graph = FrameworkGraph([_demo()])
    assert [e.id for e in graph.path("demo:U1.K1", "demo:U1.P1")] == ["demo:U1.K1", "demo:U1.P1"]
    assert graph.path("demo:U1.P1", "demo:U2") == ()


def test_unknown_ids_raise_our_error() -> None:
    graph = FrameworkGraph([_demo()])
    with pytest.raises(UnknownIdError, match="no element 'demo:NOPE'"):
        graph.children("demo:NOPE")
    with pytest.raises(UnknownIdError, match="no framework 'x'"):
        graph.elements(framework="x")


def test_the_same_framework_twice_is_rejected() -> None:
    with pytest.raises(StructureError, match="given twice"):
        FrameworkGraph([_demo(), _demo()])


def test_the_networkx_view_is_read_only() -> None:
    import networkx as nx

    view = FrameworkGraph([_demo()]).nx_graph
    assert view.edges["demo:U1", "demo:U1.P1"] == {"contains": True}
    with pytest.raises(nx.NetworkXError):
        view.add_node("x")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_building_the_graph_never_loses_or_invents_an_element(fw: Framework) -> None:
    graph = FrameworkGraph([fw])
    assert list(graph) == list(fw.elements)
    for element in fw.elements:
        assert graph.children(element.id) == fw.children(element.id)
        assert graph.parent(element.id) == fw.parent(element.id)
    edges = sum(len(d) for _, _, d in graph.nx_graph.edges(data=True))
    assert edges == len(fw.relations)
