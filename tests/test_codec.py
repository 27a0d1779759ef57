"""The fast decoding path accepts exactly the documents the full validation accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency import CompetencyError, DocumentError, Framework, dumps, loads
from competency._codec import _fast_framework
from competency._schema import framework_problems, schema_problems
from competency.errors import Pointer
from competency.testing import frameworks

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5)
    | st.sampled_from(["", " ", "unit", "contains", "demo:X", "x:1"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner,
                                                                  max_size=2),
    max_leaves=4,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found.extend(_paths(value, (*prefix, i)))
    return found


@st.composite
def mutated_documents(draw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps(draw(frameworks(max_units=3))))
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(_paths(doc)[1:] or [("title",)]))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "set":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "kind", "note", "type", "id"]))] = draw(
                json_values)
    return doc


def _fast_accepts(doc: object) -> bool:
    try:
        _fast_framework(doc)
    except Exception:
        return False
    return True


def _thorough_accepts(doc: dict[str, Any]) -> bool:
    if schema_problems(doc, "framework", file="x"):
        return False
    try:
        loads(json.dumps(doc))
    except CompetencyError:
        return False
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_fast_path_agrees_with_schema_and_model_validation(doc: dict[str, Any]) -> None:
    assert _fast_accepts(doc) == _thorough_accepts(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_every_valid_document_passes_the_schema(fw: Framework) -> None:
    assert schema_problems(json.loads(dumps(fw)), "framework", file="x") == []


# -- the direct element/relation checks word every problem as the JSON Schema does ----------

_FIELD_NAMES = ["id", "kind", "text", "notation", "title", "alt_titles", "note", "location",
                "category", "necessity", "assessed_by", "source", "type", "target", "colour",
                "a/b", "0"]
_FIELD_VALUES = json_values | st.sampled_from([
    "requirement", "essential", "desirable", "interview", ["interview", "exam"], ["x", ""],
    "contains", "skos:exactMatch", "demo:U1", "U1 P1", 0, True, "\t",
])


@st.composite
def element_heavy_documents(draw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = draw(mutated_documents())
    for array in ("elements", "relations"):
        items = doc.get(array)
        if not isinstance(items, list):
            continue
        for _ in range(draw(st.integers(0, 3))):
            if not items:
                break
            i = draw(st.integers(0, len(items) - 1))
            if not isinstance(items[i], dict):
                continue
            key = draw(st.sampled_from(_FIELD_NAMES))
            if draw(st.booleans()):
                items[i][key] = draw(_FIELD_VALUES)
            else:
                items[i].pop(key, None)
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(element_heavy_documents())
def test_direct_checks_report_exactly_what_the_schema_reports(doc: dict[str, Any]) -> None:
    assert framework_problems(doc, file="x") == schema_problems(doc, "framework", file="x")


def test_a_list_as_kind_is_a_schema_problem_not_a_type_error() -> None:
    doc = {"format": "competency-framework/1", "id": "d", "title": "D",
           "base_iri": "https://example.org/d/", "relations": [],
           "elements": [{"id": "d:U1", "kind": ["unit"], "text": "x"}]}
    with pytest.raises(DocumentError) as info:
        loads(json.dumps(doc))
    [problem] = info.value.problems
    assert problem.location == Pointer("elements", 0, "kind")
    assert problem.message == "found an array of 1 item"


def test_a_problem_in_element_1_is_reported_beside_one_in_element_10() -> None:
    elements = [{"id": f"d:E{i}", "kind": "unit", "text": f"t{i}"} for i in range(12)]
    elements[10]["kind"] = "skill"  # a schema problem at /elements/10/kind
    elements[1]["id"] = "d:E0"  # a model/structure problem at /elements/1/id
    doc = {"format": "competency-framework/1", "id": "d", "title": "D",
           "base_iri": "https://example.org/d/", "relations": [], "elements": elements}
    with pytest.raises(DocumentError) as info:
        loads(json.dumps(doc))
    assert [p.location for p in info.value.problems] == [Pointer("elements", 1, "id"),
                                                         Pointer("elements", 10, "kind")]
