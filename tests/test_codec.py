"""The fast decoding path accepts exactly the documents the full validation accepts."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency import CompetencyError, Framework, dumps, loads
from competency._codec import _fast_framework
from competency._schema import schema_problems
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


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_fast_path_agrees_with_schema_and_model_validation(doc: dict[str, Any]) -> None:
    assert _fast_accepts(doc) == _thorough_accepts(doc)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_every_valid_document_passes_the_schema(fw: Framework) -> None:
    assert schema_problems(json.loads(dumps(fw)), "framework", file="x") == []
