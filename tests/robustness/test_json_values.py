"""Strict JSON: whatever the text, :func:`parse_json` returns what ``json.loads`` returns or
raises a :class:`DocumentError` at a line and column; never another exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency._json import MAX_JSON_DEPTH, parse_json
from competency.errors import DocumentError, Position, Problem


def _located(problem: Problem) -> bool:
    """Whether `problem` is at a line and column of the text."""
    where = problem.location
    return isinstance(where, Position) and where.line is not None and where.column is not None

finite_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(finite_json)
def test_usable_json_parses_as_the_standard_parser_parses_it(value: object) -> None:
    text = json.dumps(value)
    assert parse_json(text) == json.loads(text)
    assert parse_json(text.encode()) == json.loads(text)


_HOSTILE_TOKENS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "9" * 5000,
                   "-" + "1" * 20, '"\\ud800"', '"\\udfff x"', "[" * 70 + "]" * 70]


@st.composite
def hostile_documents(draw: st.DrawFn) -> str:
    """JSON text with one hostile token, or a repeated key, placed somewhere in a value."""
    value = draw(finite_json)
    text = json.dumps({"a": value, "b": "@"})
    if draw(st.booleans()):
        return text.replace('"@"', draw(st.sampled_from(_HOSTILE_TOKENS)), 1)
    return text.replace('"b": "@"', '"b": 1, "b": 2', 1)


@settings(max_examples=300, deadline=None)
@given(hostile_documents())
def test_hostile_json_is_an_error_with_a_line_and_column(text: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_json(text, file="h.json")
    assert info.value.problems
    assert all(_located(p) for p in info.value.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_is_json_or_a_located_document_error(text: str | bytes) -> None:
    problems: tuple[object, ...] = ()
    try:
        parse_json(text)
    except DocumentError as exc:
        problems = exc.problems
    assert all(isinstance(p, Problem) and _located(p) for p in problems)


@pytest.mark.parametrize(("text", "where", "words"), [
    ('{"a": NaN}', (1, 7), "NaN is not a JSON value"),
    ('{\n  "a": [1,\n   Infinity]}', (3, 4), "Infinity is not a JSON value"),
    ('{"a":\n-Infinity}', (2, 1), "-Infinity is not a JSON value"),
    ('{"a": 1e400}', (1, 7), "the number 1e400 is too large"),
    ('{"a": 9007199254740992}', (1, 7), "out of range"),
    ('{"t": "a",\n "t": "b"}', (2, 2), "duplicate key 't' with a different value"),
    ('{"t": "\\ud800"}', (1, 7), "lone surrogate U+D800"),
])
def test_each_unusable_value_is_reported_where_it_is(text: str, where: tuple[int, int],
                                                     words: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_json(text)
    [problem] = info.value.problems
    assert problem.location == Position(*where)
    assert words in problem.message


def test_a_repeated_key_names_where_the_key_was_first_as_a_value() -> None:
    with pytest.raises(DocumentError) as info:
        parse_json('{"t": "a",\n "t": "b"}', file="fw.json")
    [problem] = info.value.problems
    assert (problem.location, problem.related) == (Position(2, 2), Position(1, 2))
    assert str(problem) == ("fw.json:line 2, column 2: duplicate key 't' with a different "
                            "value (first at line 1, column 2) — expected each key once per "
                            "object")


def test_a_repeated_key_with_the_same_value_is_accepted() -> None:
    assert parse_json('{"t": [1, {"x": 2}], "t": [1, {"x": 2}]}') == {"t": [1, {"x": 2}]}


def test_nesting_is_bounded_where_it_starts_to_be_too_deep() -> None:
    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(ok) is not None
    with pytest.raises(DocumentError) as info:
        parse_json('{"title": ' + "[" * 950 + "]" * 950 + "}")
    assert info.value.problems[0].location == Position(1, 11 + MAX_JSON_DEPTH - 1)


def test_an_escaped_backslash_before_u_d800_is_not_a_surrogate() -> None:
    assert parse_json('{"a": "\\\\ud800"}') == {"a": "\\ud800"}
