"""Crosswalks read column by column: the table of mappings behaves as their tuple, and the
whole-column checks find exactly what the cell-by-cell and row-by-row checks find."""

from __future__ import annotations

import pickle
import warnings
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency.crosswalk import Crosswalk, Mapping, _columns, load_crosswalk
from competency.crosswalk.model import MappingTable, SourceMap, crosswalk_problems
from competency.errors import INPUT, Location, Pointer, Problem
from competency.formats import _sssom_table, sssom
from competency.formats._sssom_read import parse_sssom

from ._strategies import crosswalks, mappings

# -- the table behaves as the tuple of its mappings -------------------------------------------


def _read_shipped() -> Crosswalk:
    return sssom.loads(sssom.dumps(load_crosswalk("pt-nos", "ls-nos")))


def test_a_crosswalk_read_from_a_file_holds_its_mappings_as_a_table() -> None:
    assert isinstance(_read_shipped().mappings, MappingTable)


def test_the_table_indexes_slices_and_iterates_as_the_tuple_does() -> None:
    table = _read_shipped().mappings
    items = tuple(table)
    assert len(table) == len(items) == 156
    assert table[0] == items[0]
    assert table[-1] == items[-1]
    assert table[2:9:3] == items[2:9:3]
    assert isinstance(table[2:9:3], tuple)
    assert list(table) == list(items)
    assert items[5] in table
    assert table.index(items[5]) == 5
    assert table[7] is table[7]
    with pytest.raises(IndexError):
        table[len(items)]
    with pytest.raises(IndexError):
        table[-len(items) - 1]


def test_the_table_equals_hashes_prints_and_pickles_as_the_tuple() -> None:
    read = _read_shipped()
    table = read.mappings
    items = tuple(table)
    assert table == items
    assert items == table
    assert table != items[:-1]
    as_list: object = list(items)
    assert table != as_list  # as a tuple is not equal to a list
    assert hash(table) == hash(items)
    assert repr(table) == repr(items)
    assert pickle.loads(pickle.dumps(table)) == items
    built = attrs.evolve(read, mappings=items)
    assert built == read
    assert hash(built) == hash(read)
    assert pickle.loads(pickle.dumps(read)) == read


def test_the_table_concatenates_with_tuples_as_the_tuple_did() -> None:
    table = _read_shipped().mappings
    assert isinstance(table, MappingTable)
    items = tuple(table)
    assert table + items[:1] == items + items[:1]
    assert items[:1] + table == items[:1] + items
    assert isinstance(table + (), tuple)  # noqa: RUF005 (the operator is what is tested)
    with pytest.raises(TypeError):
        table + [items[0]]  # type: ignore[operator]  # noqa: RUF005


def test_two_tables_of_the_same_mappings_are_equal_and_others_are_not() -> None:
    text = sssom.dumps(load_crosswalk("pt-nos", "ls-nos"))
    one, two = sssom.loads(text).mappings, sssom.loads(text).mappings
    assert one == two
    assert hash(one) == hash(two)
    other = sssom.loads(text.replace("\t0.6\t", "\t0.65\t", 1)).mappings
    assert one != other


def test_a_table_refuses_a_column_that_is_no_mapping_slot_or_of_another_length() -> None:
    with pytest.raises(ValueError, match="not a mapping slot"):
        MappingTable({"colour": ["red"]}, 1)
    with pytest.raises(ValueError, match="has 1 values, not 2"):
        MappingTable({"subject_id": ["a:1"]}, 2)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(crosswalks())
def test_every_mapping_read_is_what_the_validated_constructor_builds(cw: Crosswalk) -> None:
    read = sssom.loads(sssom.dumps(cw))
    for m in read.mappings:
        fields = {f.name: getattr(m, f.name) for f in attrs.fields(Mapping)}
        assert type(m) is Mapping
        assert Mapping(**fields) == m  # the constructor runs every validator


# -- whole-column checks: the same problems and values as cell by cell ---------------------


_HEADER = ("#curie_map:\n#  a: https://example.org/a/\n#  b: https://example.org/b/\n"
           "#  orcid: https://orcid.org/\n#mapping_set_id: https://example.org/x\n"
           "#license: https://example.org/l\n")
_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "confidence",
            "subject_label", "author_id", "author_label", "mapping_date", "see_also",
            "review_date", "reviewer_label", "ext_note")
# each column: cells that read (whitespace and formula quotes included), then bad ones
_CELLS: dict[str, tuple[list[str], list[str]]] = {
    "subject_id": (["a:1", "a:2", " a:3", "a:4 ", '"a:7"'], ["a 5", "", "c:1", "a:\x0b6"]),
    "predicate_id": (["skos:exactMatch", "skos:broadMatch", "skos:relatedMatch"],
                     ["skos:same", ""]),
    "object_id": (["b:1", "b:2"], ["x", "b:\u20283"]),
    "mapping_justification": (["semapv:LexicalMatching", " semapv:LexicalMatching"],
                              ["semapv:Nope"]),
    "confidence": (["0.5", "1", "", " 0.25 "], ["1.5", "high", "nan"]),
    "subject_label": (["one", "", "'=SUM(A1)", "''x", "é là", "  ", " '@x", "'plain"],
                      ["tab\there", "bell\x07"]),
    "author_id": (["orcid:1", "orcid:1|orcid:2", ""], ["orcid:1|x y", "zz:1"]),
    "author_label": (["Ann", "Ann|'@Bob", "", "Ann| '=x"], ["A||B"]),
    "mapping_date": (["2026-11-27", ""], ["2026-02-30", "27/11/2026"]),
    "see_also": (["https://example.org/a", "", "https://x.org/1|https://x.org/2"],
                 ["not an iri"]),
    "review_date": (["", "", "2026-11-27"], []),
    "reviewer_label": (["", "Rev"], []),
    "ext_note": (["", "note", " spaced "], ["ctl\x1f"]),
}


@st.composite
def _cell(draw: Any, column: str, printable: bool) -> str:
    good, bad = _CELLS[column]
    if printable:
        bad = [c for c in bad if c.isprintable()]
    pool = bad if bad and draw(st.integers(0, 9)) == 0 else good  # mostly good cells
    cell: str = draw(st.sampled_from(pool))
    return cell


@st.composite
def _tables(draw: Any) -> str:
    # half the tables have no control character anywhere, so the whole-column checks run
    printable = draw(st.booleans())
    rows = draw(st.lists(
        st.fixed_dictionaries({c: _cell(c, printable) for c in _CELLS}),
        min_size=0, max_size=8))
    lines = ["\t".join(row[c] for c in _COLUMNS) for row in rows]
    if lines and draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "  ", "a:1"])))
    end = draw(st.sampled_from(["\n", "\r\n", ""]))
    text: str = _HEADER + "\t".join(_COLUMNS) + "\n" + end.join(lines)
    return text + (end if lines else "")


def _outcome(text: str) -> tuple[object, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draft = parse_sssom(text)
        set_problems = draft.set_problems()
    return (draft.problems, tuple(draft.mappings), tuple(draft.source_map.mapping_lines),
            draft.warnings, set_problems)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(_tables())
def test_whole_column_checks_read_and_report_what_cell_by_cell_checks_do(text: str) -> None:
    fast = _outcome(text)
    with mock.patch.object(_sssom_table, "_whole_column", return_value=None):
        slow = _outcome(text)
    assert fast == slow


# -- set-level checks: the column test answers "no problem" exactly when there is none ------


@attrs.frozen
class _View:
    """The least a crosswalk check reads (see MappingSetView)."""

    mappings: tuple[Mapping, ...]
    curie_map: tuple[tuple[str, str], ...] = (("a", "https://example.org/a/"),
                                              ("b", "https://example.org/b/"))
    subject_source: str | None = None
    object_source: str | None = None
    creator_id: tuple[str, ...] = ()
    file: str = INPUT

    def line(self, index: int) -> int | None:
        return None

    def locate(self, index: int | None, slot: str) -> Location:
        return Pointer(slot) if index is None else Pointer("mappings", index, slot)


_few_mappings = st.builds(
    Mapping,
    subject_id=st.sampled_from(["a:1", "a:2", "c:1"]),
    predicate_id=st.sampled_from(["skos:exactMatch", "skos:closeMatch", "skos:broadMatch",
                                  "skos:narrowMatch", "skos:relatedMatch"]),
    object_id=st.sampled_from(["b:1", "b:2", "a:9"]),
    mapping_justification=st.just("semapv:LexicalMatching"),
    predicate_modifier=st.sampled_from([None, None, "Not"]),
    author_id=st.sampled_from([(), ("a:x",), ("d:1",)]),
)


def _row_by_row(view: _View) -> list[Problem]:
    with mock.patch.object(_columns, "no_pair_problems", return_value=False), \
            mock.patch.object(_columns, "distinct_prefixes", return_value={"\0"}):
        return crosswalk_problems(view)


@settings(max_examples=400)
@given(st.lists(_few_mappings, max_size=6))
def test_column_checks_report_the_problems_of_the_row_by_row_checks(
        items: list[Mapping]) -> None:
    view = _View(mappings=tuple(items))
    assert crosswalk_problems(view) == _row_by_row(view)


def test_the_source_map_keeps_consecutive_lines_as_a_range() -> None:
    source = SourceMap(mapping_lines=range(8, 11))
    assert source.mapping_lines == range(8, 11)
    assert SourceMap(mapping_lines=[8, 9]).mapping_lines == (8, 9)


# -- building many mappings at once, checked ------------------------------------------------


def _columns_of(items: list[Mapping]) -> dict[str, list[object]]:
    names = [f.name for f in attrs.fields(Mapping) if f.name != "extensions"]
    return {name: [getattr(m, name) for m in items] for name in names}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.lists(mappings(), max_size=6))
def test_a_table_from_columns_holds_what_the_constructor_builds(items: list[Mapping]) -> None:
    table = MappingTable.from_columns(_columns_of(items))
    assert table == tuple(items)


@pytest.mark.parametrize(("slot", "value"), [
    ("subject_id", "not a curie"), ("predicate_id", "skos:sameAs"), ("confidence", 1.5),
    ("mapping_date", "2026-02-30"), ("subject_label", "two\nlines"), ("author_id", ("x y",)),
    ("subject_type", "gene"),
])
def test_a_table_from_columns_refuses_what_the_constructor_refuses(slot: str,
                                                                   value: object) -> None:
    fields: dict[str, Any] = {
        "subject_id": "a:1", "predicate_id": "skos:closeMatch", "object_id": "b:1",
        "mapping_justification": "semapv:LexicalMatching", slot: value}
    with pytest.raises(ValueError, match=rf"^{slot}: ") as by_constructor:
        Mapping(**fields)
    with pytest.raises(ValueError, match=rf"^{slot}: ") as by_columns:
        MappingTable.from_columns({name: [v] for name, v in fields.items()})
    assert str(by_columns.value) == str(by_constructor.value)


@pytest.mark.parametrize(("columns", "message"), [
    ({"subject_id": ["a:1"]}, "no predicate_id, object_id, mapping_justification"),
    ({"colour": ["red"]}, "'colour' is not a mapping slot"),
    ({"subject_id": ["a:1", "a:2"], "object_id": ["b:1"]}, "differ in length"),
    ({"subject_id": [None], "object_id": ["b:1"], "predicate_id": ["skos:closeMatch"],
      "mapping_justification": ["semapv:LexicalMatching"]}, "subject_id: a mapping without"),
    ({"subject_id": ["a:1"], "object_id": ["b:1"], "predicate_id": ["skos:closeMatch"],
      "mapping_justification": ["semapv:LexicalMatching"], "review_date": ["2026-11-27"]},
     "a review date without a reviewer"),
])
def test_a_table_from_columns_refuses_columns_that_make_no_mappings(
        columns: dict[str, list[object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MappingTable.from_columns(columns)
