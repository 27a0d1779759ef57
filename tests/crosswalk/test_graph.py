"""Crosswalks in a FrameworkGraph: mappings become typed edges between frameworks."""

from __future__ import annotations

import attrs
import pytest

import competency
from competency.crosswalk import Crosswalk, Mapping, load_crosswalk
from competency.errors import StructureError
from competency.graph import FrameworkGraph, MappingSetLike


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return load_crosswalk("pt-nos", "ls-nos")


@pytest.fixture(scope="module")
def graph(crosswalk: Crosswalk) -> FrameworkGraph:
    return FrameworkGraph([competency.load("pt-nos"), competency.load("ls-nos")],
                          crosswalks=[crosswalk])


def test_a_crosswalk_satisfies_the_graph_protocol(crosswalk: Crosswalk) -> None:
    as_mapping_set: MappingSetLike = crosswalk
    assert len(as_mapping_set.mappings) == len(crosswalk)


def test_every_asserted_mapping_is_a_typed_edge(graph: FrameworkGraph,
                                                crosswalk: Crosswalk) -> None:
    nx_graph = graph.nx_graph
    for m in crosswalk:
        data = nx_graph.get_edge_data(m.subject_id, m.object_id) or {}
        if m.is_negated:
            assert data.get(m.predicate_id) is None
        else:
            assert data[m.predicate_id] == m


def test_negated_mappings_are_not_edges(crosswalk: Crosswalk) -> None:
    negated = [m for m in crosswalk if m.is_negated]
    assert negated, "the shipped crosswalk records look-alike pairs as negated mappings"
    graph = FrameworkGraph([competency.load("pt-nos"), competency.load("ls-nos")],
                           crosswalks=[attrs.evolve(crosswalk, mappings=negated)])
    assert not any(graph.matches(m.subject_id) for m in negated)


def test_matches_lists_the_mappings_of_an_element(graph: FrameworkGraph,
                                                  crosswalk: Crosswalk) -> None:
    m = next(m for m in crosswalk if not m.is_negated)
    found = [(p, e.id, mapping) for p, e, mapping in graph.matches(m.subject_id)]
    assert (m.predicate_id, m.object_id, m) in found


def test_the_inverse_crosswalk_gives_edges_the_other_way(crosswalk: Crosswalk) -> None:
    graph = FrameworkGraph([competency.load("pt-nos"), competency.load("ls-nos")],
                           crosswalks=[crosswalk.inverse()])
    m = next(m for m in crosswalk if m.predicate_id == "skos:broadMatch")
    assert ("skos:narrowMatch", m.subject_id) in [
        (p, e.id) for p, e, _ in graph.matches(m.object_id)]


def test_a_crosswalk_to_a_framework_not_in_the_graph_is_a_structure_error(
    crosswalk: Crosswalk,
) -> None:
    with pytest.raises(StructureError, match="is not in the graph"):
        FrameworkGraph([competency.load("pt-nos")], crosswalks=[crosswalk])


def test_a_path_can_cross_frameworks_through_a_mapping(graph: FrameworkGraph) -> None:
    mapping = Mapping(subject_id="pt-nos:LSIPT01.K3", predicate_id="skos:closeMatch",
                      object_id="ls-nos:AK1.3",
                      mapping_justification="semapv:ManualMappingCuration")
    assert [e.id for e in graph.path(mapping.subject_id, mapping.object_id)] == [
        mapping.subject_id, mapping.object_id]
