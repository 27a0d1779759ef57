from __future__ import annotations

import subprocess
import sys

import competency


def test_the_public_api_is_pinned() -> None:
    assert competency.__all__ == [
        "Attribute", "CompetencyError", "Criterion", "CrosswalkError", "DocumentError", "Duty",
        "Element", "ElementKind", "Expectation", "Framework", "FrameworkGraph",
        "KnowledgeItem", "PluginError", "Problem", "Relation", "RelationType", "Requirement",
        "RubricError", "Scope", "ScoreError", "Section", "StructureError", "Unit",
        "UnknownIdError", "__version__", "available", "dump_framework", "dumps",
        "element_class", "load", "load_framework", "loads",
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
