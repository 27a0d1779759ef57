"""Read frameworks from the formats other tools write.

One module per format; each reads text (``loads_*``) or a file (``read_*``) into a
:class:`~competency.model.Framework`, and reports every problem of a bad file at once as a
:class:`~competency.errors.DocumentError` whose problems carry the file and a JSON pointer
(JSON formats) or ``line N[, column M]`` (tabular and Turtle files).

- :mod:`competency.importers.case` — CASE 1.1 (and 1.0) CFPackage JSON;
- :mod:`competency.importers.tabular` — the contract CSV ``id,kind,notation,parent,text``
  plus optional columns (its writer, :func:`~competency.importers.tabular.dumps_table`,
  lives there too);
- :mod:`competency.importers.moodle` — Moodle competency framework CSV;
- :mod:`competency.importers.skos` — SKOS Turtle (needs rdflib).

The writers are in :mod:`competency.export`.
"""

from __future__ import annotations

__all__: list[str] = []
