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


# -- the other place a problem involves (related) ---------------------------------------------

def test_a_related_place_prints_after_the_message_introduced_by_its_words() -> None:
    problem = Problem(file="fw.json", location=Pointer("elements", 3, "id"),
                      message="duplicate id 'x:U1'", expected="each element id to be unique",
                      related=Pointer("elements", 0, "id"), related_as="first used at")
    assert problem.message == "duplicate id 'x:U1'"
    assert problem.full_message == "duplicate id 'x:U1' (first used at /elements/0/id)"
    assert str(problem) == ("fw.json:/elements/3/id: duplicate id 'x:U1' (first used at "
                            "/elements/0/id) — expected each element id to be unique")


def test_a_related_place_is_introduced_by_see_unless_told_otherwise() -> None:
    assert str(Problem(message="clash", related=Position(2))) == "clash (see line 2)"
    assert str(Problem(message="clash", related=Position(2), related_as="")) == "clash (line 2)"
    assert str(Problem(message="clash", related=Pointer())) == "clash (see /)"


def test_a_problem_without_a_related_place_prints_as_before() -> None:
    problem = Problem(file="fw.json", location="/elements/3/text", message="empty")
    assert problem.related is None
    assert problem.full_message == "empty"
    assert str(problem) == "fw.json:/elements/3/text: empty"


def test_a_related_place_is_read_like_a_location() -> None:
    assert Problem(message="m", related="/themes/0/id").related == Pointer("themes", 0, "id")
    with pytest.warns(DeprecationWarning, match=r"Position\(N, M\)"):
        assert Problem(message="m", related="line 4, column 2").related == Position(4, 2)
    with pytest.raises(TypeError, match="Pointer or Position"):
        Problem(message="m", related=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Problem(message="m", related_as=None)  # type: ignore[arg-type]


@given(tokens, st.text(max_size=12), st.text(max_size=12))
def test_a_related_pointer_string_becomes_the_pointer_and_prints_back(
    parts: list[str | int], message: str, words: str
) -> None:
    pointer = Pointer(*parts)
    problem = Problem(message=message, related=str(pointer), related_as=words)
    assert problem.related == pointer
    assert problem.message == message
    shown = str(pointer) or "/"
    expected = f"{message} ({words} {shown})" if words else f"{message} ({shown})"
    assert str(problem) == expected


def test_a_related_place_survives_pickling_and_a_change_of_file() -> None:
    err = DocumentError([Problem(location=Position(4, 1), message="dup",
                                 related=Position(2, 1), related_as="first used at")])
    again = pickle.loads(pickle.dumps(err.in_file("fw.csv")))
    [problem] = again.problems
    assert (problem.file, problem.related, problem.related_as) == (
        "fw.csv", Position(2, 1), "first used at")
    assert str(again) == "fw.csv:line 4, column 1: dup (first used at line 2, column 1)"
