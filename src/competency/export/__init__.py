"""Exports of frameworks and graphs to the formats other tools read.

- :func:`competency.export.tabular.to_csv` — the contract CSV ``id,kind,notation,parent,text``.
- :func:`competency.export.graphml.to_graphml` — GraphML of a :class:`FrameworkGraph`.
- :func:`competency.export.case.to_case` / :func:`~competency.export.case.dumps_case` — a
  CASE 1.1 CFPackage.
- :func:`competency.export.skos.dumps_skos` — SKOS Turtle (rdflib, imported on use).
- :func:`competency.export.moodle.to_moodle_csv` — Moodle competency framework CSV.
"""

from competency.export.case import dumps_case, to_case
from competency.export.graphml import to_graphml
from competency.export.moodle import to_moodle_csv
from competency.export.skos import dumps_skos
from competency.export.tabular import CSV_COLUMNS, to_csv

__all__ = [
    "CSV_COLUMNS", "dumps_case", "dumps_skos", "to_case", "to_csv", "to_graphml", "to_moodle_csv",
]
