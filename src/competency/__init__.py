"""competency: typed, graph-based competency frameworks.

Shipped standards, SSSOM crosswalks between them, rubric scoring and interoperability with
CASE, SKOS, SSSOM and Moodle.

Importing the package is cheap: the public names below are imported from their modules on
first use (PEP 562), so ``import competency`` loads neither networkx nor jsonschema.

Examples
--------
>>> import competency
>>> fw = competency.load("pt-nos")
>>> fw.element("pt-nos:LSIPT01.P1").text
'work within the boundaries and limitations of the personal tutoring role'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "CompetencyError": "competency.errors",
    "CrosswalkError": "competency.errors",
    "DocumentError": "competency.errors",
    "PluginError": "competency.errors",
    "Pointer": "competency.errors",
    "Position": "competency.errors",
    "Problem": "competency.errors",
    "RubricError": "competency.errors",
    "ScoreError": "competency.errors",
    "StructureError": "competency.errors",
    "UnknownIdError": "competency.errors",
    # model
    "Attribute": "competency.model",
    "Criterion": "competency.model",
    "Duty": "competency.model",
    "Element": "competency.model",
    "ElementKind": "competency.model",
    "Expectation": "competency.model",
    "Framework": "competency.model",
    "KnowledgeItem": "competency.model",
    "Relation": "competency.model",
    "RelationType": "competency.model",
    "Requirement": "competency.model",
    "Scope": "competency.model",
    "Section": "competency.model",
    "Unit": "competency.model",
    "element_class": "competency.model",
    # io
    "dump_framework": "competency.io",
    "dumps": "competency.io",
    "load_framework": "competency.io",
    "loads": "competency.io",
    # graph
    "FrameworkGraph": "competency.graph",
    # registry
    "available": "competency.registry",
    "load": "competency.registry",
    # crosswalk
    "Crosswalk": "competency.crosswalk",
    "Justification": "competency.crosswalk",
    "Mapping": "competency.crosswalk",
    "Predicate": "competency.crosswalk",
    "available_crosswalks": "competency.crosswalk",
    "load_crosswalk": "competency.crosswalk",
    "read_sssom": "competency.crosswalk",
    "validate_crosswalk": "competency.crosswalk",
    "write_sssom": "competency.crosswalk",
    # analysis
    "compare": "competency.analysis.compare",
    "compose": "competency.analysis.compose",
    "coverage": "competency.analysis.coverage",
    "evaluate": "competency.analysis.evaluate",
    "gaps": "competency.analysis.gaps",
    "report": "competency.analysis.report",
    "suggest": "competency.analysis.suggest",
    # rubric
    "CumulativeSequential": "competency.rubric",
    "Result": "competency.rubric",
    "Rubric": "competency.rubric",
    "ScoringStrategy": "competency.rubric",
    "available_rubrics": "competency.rubric",
    "dump_rubric": "competency.rubric",
    "get_rubric": "competency.rubric",
    "load_rubric": "competency.rubric",
    "score": "competency.rubric",
    "score_batch": "competency.rubric",
}

__all__ = [
    "Attribute",
    "CompetencyError",
    "Criterion",
    "Crosswalk",
    "CrosswalkError",
    "CumulativeSequential",
    "DocumentError",
    "Duty",
    "Element",
    "ElementKind",
    "Expectation",
    "Framework",
    "FrameworkGraph",
    "Justification",
    "KnowledgeItem",
    "Mapping",
    "PluginError",
    "Pointer",
    "Position",
    "Predicate",
    "Problem",
    "Relation",
    "RelationType",
    "Requirement",
    "Result",
    "Rubric",
    "RubricError",
    "Scope",
    "ScoreError",
    "ScoringStrategy",
    "Section",
    "StructureError",
    "Unit",
    "UnknownIdError",
    "__version__",
    "available",
    "available_crosswalks",
    "available_rubrics",
    "compare",
    "compose",
    "coverage",
    "dump_framework",
    "dump_rubric",
    "dumps",
    "element_class",
    "evaluate",
    "gaps",
    "get_rubric",
    "load",
    "load_crosswalk",
    "load_framework",
    "load_rubric",
    "loads",
    "read_sssom",
    "report",
    "score",
    "score_batch",
    "suggest",
    "validate_crosswalk",
    "write_sssom",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from competency.analysis.compare import compare
    from competency.analysis.compose import compose
    from competency.analysis.coverage import coverage
    from competency.analysis.evaluate import evaluate
    from competency.analysis.gaps import gaps
    from competency.analysis.report import report
    from competency.analysis.suggest import suggest
    from competency.crosswalk import (
        Crosswalk,
        Justification,
        Mapping,
        Predicate,
        available_crosswalks,
        load_crosswalk,
        read_sssom,
        validate_crosswalk,
        write_sssom,
    )
    from competency.errors import (
        CompetencyError,
        CrosswalkError,
        DocumentError,
        PluginError,
        Problem,
        RubricError,
        ScoreError,
        StructureError,
        UnknownIdError,
    )
    from competency.graph import FrameworkGraph
    from competency.io import dump_framework, dumps, load_framework, loads
    from competency.model import (
        Attribute,
        Criterion,
        Duty,
        Element,
        ElementKind,
        Expectation,
        Framework,
        KnowledgeItem,
        Relation,
        RelationType,
        Requirement,
        Scope,
        Section,
        Unit,
        element_class,
    )
    from competency.registry import available, load
    from competency.rubric import (
        CumulativeSequential,
        Result,
        Rubric,
        ScoringStrategy,
        available_rubrics,
        dump_rubric,
        get_rubric,
        load_rubric,
        score,
        score_batch,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'competency' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
