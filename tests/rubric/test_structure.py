"""The scoring modules: one job each, no import cycle, nothing mutable handed out."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import attrs
import pytest

import competency.rubric
from competency.rubric import Result, get_rubric, score

RUBRIC = get_rubric("pt-self-assessment")
PACKAGE = Path(competency.rubric.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every competency.rubric module `path` imports when it runs, at top level or inside
    functions (imports only for the type checker are left out)."""
    found = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and \
                node.test.id == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return {m for m in found if m.startswith("competency.rubric.")}


def test_the_rubric_modules_import_each_other_without_a_cycle() -> None:
    graph = {f"competency.rubric.{p.stem}": _imports(p) for p in PACKAGE.glob("*.py")
             if p.stem != "__init__"}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module in done:
            return
        for dependency in graph.get(module, ()):
            visit(dependency, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_a_rubric_hands_out_no_mutable_look_up() -> None:
    assert isinstance(RUBRIC.local_ids, tuple)
    with pytest.raises(TypeError):
        RUBRIC.theme_keys["T99"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        RUBRIC.answer_keys["wrong"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        RUBRIC.flag_keys[(True,)] = 1  # type: ignore[index]
    assert "T99" not in RUBRIC.theme_keys
    assert score(RUBRIC, ["gold"] * 10).total == 80


def test_a_result_is_slotted_and_frozen_on_the_fast_path_too() -> None:
    result = score(RUBRIC, dict.fromkeys(RUBRIC.local_ids, "gold"))  # the trusted path
    assert not hasattr(result, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.total = 1  # type: ignore[misc]
    checked = Result(rubric=RUBRIC, strategy=result.strategy, reached=result.reached,
                     points=result.points, total=result.total)
    assert checked == result


def test_the_old_module_paths_still_give_the_same_objects() -> None:
    from competency.rubric import batch, scoring

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scoring.Result is competency.rubric.Result
        assert scoring.CumulativeSequential is competency.rubric.CumulativeSequential
        assert batch.BatchResult is competency.rubric.BatchResult
        assert batch.gate is competency.rubric.gate
