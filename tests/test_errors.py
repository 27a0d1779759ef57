"""Problem locations are values: JSON pointers and text positions, printed, never parsed."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.errors import DocumentError, Pointer, Position, Problem

tokens = st.lists(st.one_of(st.text(max_size=8), st.integers(min_value=0, max_value=10**6)),
                  max_size=6)


@given(tokens)
def test_a_pointer_printed_and_parsed_back_is_the_same_pointer(parts: list[str | int]) -> None:
    pointer = Pointer(*parts)
    assert Pointer.parse(str(pointer)) == pointer
    assert pointer.tokens == tuple(str(p) for p in parts)


def test_a_pointer_escapes_slash_and_tilde_as_rfc_6901_says() -> None:
    assert str(Pointer("a/b", "m~n")) == "/a~1b/m~0n"
    assert Pointer.parse("/a~1b/m~0n").tokens == ("a/b", "m~n")
    assert Pointer.parse("/~01").tokens == ("~1",)  # ~0 first would give "/": RFC 6901 §4


def test_a_pointer_is_extended_with_slash() -> None:
    assert Pointer("elements") / 3 / "text" == Pointer("elements", 3, "text")


def test_text_that_is_not_a_pointer_is_refused() -> None:
    with pytest.raises(ValueError, match="must start with '/'"):
        Pointer.parse("elements/3")


def test_a_position_prints_as_users_read_it() -> None:
    assert str(Position(7, 3)) == "line 7, column 3"
    assert str(Position(7)) == "line 7"
    assert str(Position(2, column_name="T5")) == "line 2, column T5"
    assert str(Position(row=0, column_name="T5")) == "row 0, column T5"


@pytest.mark.parametrize("bad", [{"line": 0}, {"column": -1}, {"row": -1}, {"line": True}])
def test_a_position_outside_the_file_is_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=r"Position\."):
        Position(bad.get("line"), bad.get("column"), row=bad.get("row"))


def test_a_problem_reads_a_pointer_string_as_a_pointer() -> None:
    problem = Problem(file="fw.json", location="/elements/3/text", message="empty")
    assert problem.location == Pointer("elements", 3, "text")
    assert str(problem) == "fw.json:/elements/3/text: empty"


def test_a_line_and_column_string_still_works_but_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match=r"Position\(N, M\)") as caught:
        problem = Problem(file="m.tsv", location="line 4, column 2", message="bad")
    assert problem.location == Position(4, 2)
    assert caught[0].filename == __file__  # the warning names the line that built the Problem


def test_a_problem_without_a_place_prints_its_file_and_message() -> None:
    assert str(Problem(file="fw.json", message="cannot read")) == "fw.json:/: cannot read"
    assert str(Problem(message="no framework 'x'")) == "no framework 'x'"


def test_an_error_keeps_its_structured_locations_through_pickling() -> None:
    err = DocumentError([Problem(file="f.json", location=Pointer("a", 1), message="m"),
                         Problem(file="f.tsv", location=Position(2, 3), message="n")])
    again = pickle.loads(pickle.dumps(err))
    assert [p.location for p in again.problems] == [Pointer("a", 1), Position(2, 3)]
