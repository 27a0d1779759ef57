from __future__ import annotations

import subprocess
import sys

import competency


def test_the_public_api_is_pinned() -> None:
    assert competency.__all__ == [
        "Attribute", "CompetencyError", "Criterion", "Crosswalk", "CrosswalkError",
        "CumulativeSequential", "DocumentError", "Duty", "Element", "ElementKind",
        "Expectation", "Framework", "FrameworkGraph", "Justification", "KnowledgeItem",
        "Mapping", "PluginError", "Pointer", "Position", "Predicate", "Problem", "Relation",
        "RelationType", "Requirement", "Result", "Rubric", "RubricError", "Scope", "ScoreError",
        "ScoringStrategy", "Section", "StructureError", "Unit", "UnknownIdError",
        "__version__", "available", "available_crosswalks", "available_rubrics", "compare",
        "compose", "coverage", "dump_framework", "dump_rubric", "dumps", "element_class",
        "evaluate", "gaps", "get_rubric", "load", "load_crosswalk", "load_framework",
        "load_rubric", "loads", "read_sssom", "report", "score", "score_batch", "suggest",
        "validate_crosswalk", "write_sssom",
    ]
    for name in competency.__all__:
        assert getattr(competency, name) is not None


def test_importing_competency_loads_nothing_heavy() -> None:
    code = (
        "import sys, competency; "
        "heavy = [m for m in ('networkx', 'jsonschema', 'numpy', 'rich', 'attrs') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
