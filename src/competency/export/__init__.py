"""Exports of frameworks and graphs to the formats other tools read.

- :func:`competency.export.tabular.to_csv` — the contract CSV ``id,kind,notation,parent,text``.
- :func:`competency.export.graphml.to_graphml` — GraphML of a :class:`FrameworkGraph`.
"""

from competency.export.graphml import to_graphml
from competency.export.tabular import CSV_COLUMNS, to_csv

__all__ = ["CSV_COLUMNS", "to_csv", "to_graphml"]
