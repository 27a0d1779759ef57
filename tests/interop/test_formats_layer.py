"""One formats layer: every format module offers the same verbs both ways, reads through
the bounded reader, writes atomically, and is what the FORMATS table dispatches to."""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import competency
from competency.errors import DocumentError, Pointer, Position, Problem
from competency.formats import FORMATS
from competency.model import Framework, Unit

READABLE = ["json", "case", "skos", "moodle", "tabular"]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"competency.formats.{name}")


@pytest.mark.parametrize("name", READABLE)
def test_every_format_writes_a_file_and_reads_it_back(name: str, tmp_path: Path) -> None:
    module = _module(name)
    framework = competency.load("he-pt-policy")
    path = tmp_path / f"fw.{name}"
    module.write(framework, path)
    assert module.read(path) == framework
    assert module.loads(path.read_bytes()) == framework
    assert module.loads(module.dumps(framework)) == framework


@pytest.mark.parametrize("name", READABLE)
def test_a_missing_file_is_a_document_error_naming_it(name: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(DocumentError) as info:
        _module(name).read(missing)
    [problem] = info.value.problems
    assert problem.file == str(missing)
    assert "does not exist" in problem.message


def test_a_failed_write_leaves_the_existing_file_as_it_was(tmp_path: Path) -> None:
    from competency.formats import moodle

    path = tmp_path / "fw.csv"
    path.write_text("the old file\n", encoding="utf-8")
    long_id = "d:" + "U" * 120  # Moodle keeps 100 characters of an ID number
    framework = Framework(id="d", title="D", base_iri="https://example.org/d/",
                          elements=[Unit(id=long_id, text="unit")])
    with pytest.raises(ValueError, match="100 characters"):
        moodle.write(framework, path)
    assert path.read_text(encoding="utf-8") == "the old file\n"


def test_graphml_is_written_only(tmp_path: Path) -> None:
    from competency.formats import graphml

    path = tmp_path / "fw.graphml"
    graphml.write(competency.load("pt-nos"), path)
    assert path.read_text(encoding="utf-8") == graphml.dumps(competency.load("pt-nos"))
    assert not hasattr(graphml, "loads")
    assert not FORMATS["graphml"].can_read


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_table_dispatches_to_the_format_modules(name: str) -> None:
    entry = FORMATS[name]
    for target in (entry.reader, entry.writer):
        if target is not None:
            module, _, function = target.partition(":")
            assert module.startswith("competency.formats.")
            assert callable(getattr(importlib.import_module(module), function))


def test_the_tabular_module_writes_the_contract_csv_or_the_lossless_table() -> None:
    from competency.formats import tabular

    framework = competency.load("pt-nos")
    assert tabular.dumps(framework, contract=True) == tabular.to_csv(framework)
    assert tabular.dumps(framework) == tabular.dumps_table(framework)
    assert FORMATS["csv"].dumps(framework) == tabular.to_csv(framework)
    assert FORMATS["table"].dumps(framework) == tabular.dumps_table(framework)


def _problems(read: Callable[[], object]) -> tuple[Problem, ...]:
    """The problems `read` raises (none when it reads)."""
    try:
        read()
    except DocumentError as exc:
        return exc.problems
    return ()


_CSV_TEXT = st.text(alphabet='ab1:,"\n|#-=\' ', max_size=120)


@settings(max_examples=150)
@given(body=_CSV_TEXT)
def test_every_problem_of_a_csv_or_moodle_file_is_at_a_position(body: str) -> None:
    from competency.formats import moodle, tabular

    for module, header in ((tabular, "id,kind,text\n"),
                           (moodle, ",".join(moodle.COLUMNS) + "\n")):
        problems = _problems(functools.partial(module.loads, header + body, file="in.csv"))
        assert all(p.file == "in.csv" and isinstance(p.location, Position)
                   for p in problems), problems


@settings(max_examples=150)
@given(package=st.dictionaries(
    st.sampled_from(["CFDocument", "CFItems", "CFAssociations", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers(-(2**53 - 1), 2**53 - 1)
                 | st.text(max_size=5),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.sampled_from(["identifier", "title", "fullStatement",
                                                    "associationType", "uri"]), inner,
                                   max_size=3),
                 max_leaves=10)))
def test_every_problem_of_a_case_package_is_at_a_pointer_into_it(package: dict[str, Any]) -> None:
    from competency.formats import case

    for problem in _problems(lambda: case.loads(json.dumps(package), file="pkg.json")):
        assert problem.file == "pkg.json"
        assert isinstance(problem.location, Pointer), problem
        # the pointer leads into the package; its last token may name a member that
        # should be there and is not ("missing 'associationType'")
        node: Any = package
        *path, last = problem.location.tokens or ("",)
        for token in path:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if problem.location.tokens:
            assert isinstance(node, dict) or int(last) < len(node), problem
