"""Our SSSOM TSV is read by the reference tooling (the ``sssom`` package) with the same
mappings and metadata, and we read what the reference tooling writes."""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from sssom.parsers import parse_sssom_table
from sssom.writers import write_table

from competency.crosswalk import Crosswalk, Mapping, dumps_sssom, load_crosswalk, loads_sssom
from competency.crosswalk.slots import SLOTS

from ._strategies import crosswalks

MAPPING_SLOTS = [f.name for f in attrs.fields(Mapping)]
SET_SLOTS = ("mapping_set_id", "license", "mapping_set_version", "mapping_set_title",
             "mapping_set_description", "creator_id", "creator_label", "comment")
# the reference parser warns when a slot is set on the set and on every record alike
BOTH_LEVELS = "Not propagating value for 'mapping_date'"
# ... and, given a table without rows, about the one empty row it makes up
NO_ROWS = "One mapping in the mapping set is not well-formed"


@contextmanager
def warnings_logged() -> Iterator[list[str]]:
    """Collect what the reference tooling logs at WARNING or above."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)


MULTIVALUED = frozenset(s.name for s in SLOTS if s.multivalued)


def _plain(slot: str, value: Any) -> Any:
    """A value parsed by the reference tooling, as we hold it: no value as ``None``, a
    multivalued cell split on ``|`` (the SSSOM TSV rule) into a tuple."""
    if value is None or value == "" or value == [] or (
        isinstance(value, float) and math.isnan(value)
    ):
        return None
    if isinstance(value, list):
        return tuple(value)
    if slot in MULTIVALUED and isinstance(value, str):
        return tuple(v.strip() for v in value.split("|"))
    return value


def _ours(value: Any) -> Any:
    return None if value == () else value


def _key(m: Any) -> tuple[str, str, str, str]:
    return (m["subject_id"], m["predicate_id"], m["object_id"],
            m.get("predicate_modifier") or "")


def assert_reference_reads_the_same(cw: Crosswalk) -> list[str]:
    """Parse ``dumps_sssom(cw)`` with the reference tooling and compare every slot of the
    set and of each mapping (the rows of its data frame, which it sorts); return what it
    logged."""
    with warnings_logged() as logged:
        msdf = parse_sssom_table(io.StringIO(dumps_sssom(cw)))
    for slot in SET_SLOTS:
        assert _plain(slot, msdf.metadata.get(slot)) == _ours(getattr(cw, slot)), slot
    prefix_map = msdf.converter.prefix_map
    assert {p: prefix_map.get(p) for p, _ in cw.curie_map} == dict(cw.curie_map)
    theirs = sorted(msdf.df.to_dict("records"), key=_key)
    # SSSOM propagates the set's propagatable slots (mapping_date, subject_source, ...)
    ours = sorted((attrs.asdict(m) for m in cw.propagated().mappings), key=_key)
    assert len(theirs) == len(ours)
    for mine, reference in zip(ours, theirs, strict=True):
        for slot in MAPPING_SLOTS:
            if slot == "extensions":
                continue
            expected = _ours(mine[slot])
            assert _plain(slot, reference.get(slot)) == expected, (slot, mine)
        assert reference["subject_source"] == cw.subject_source
        assert reference["object_source"] == cw.object_source
    return logged


def test_the_reference_tooling_reads_the_shipped_crosswalk_as_we_do() -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    logged = assert_reference_reads_the_same(cw)
    assert [w for w in logged if not w.startswith(BOTH_LEVELS)] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crosswalks())
def test_the_reference_tooling_reads_generated_crosswalks_as_we_do(cw: Crosswalk) -> None:
    logged = assert_reference_reads_the_same(cw)
    expected = (BOTH_LEVELS, NO_ROWS) if not cw.mappings else (BOTH_LEVELS,)
    assert [w for w in logged if not w.startswith(expected)] == []


def _mapping_key(m: Mapping) -> tuple[str, str, str, str]:
    return _key(attrs.asdict(m))


def test_we_read_what_the_reference_tooling_writes() -> None:
    cw = load_crosswalk("pt-nos", "ls-nos")
    with warnings_logged():
        msdf = parse_sssom_table(io.StringIO(dumps_sssom(cw)))
    out = io.StringIO()
    write_table(msdf, out)
    back = loads_sssom(out.getvalue())
    # the reference writer sorts the rows and moves a value shared by every row (the
    # mapping_tool of the shipped rows; a shared date) to the set: compare both propagated
    assert (sorted(back.propagated(), key=_mapping_key)
            == sorted(cw.propagated(), key=_mapping_key))
    assert back.mapping_set_id == cw.mapping_set_id
    assert back.license == cw.license
