"""Crosswalks between frameworks: SSSOM mapping sets with SKOS mapping predicates.

- :mod:`~competency.crosswalk.vocabulary`: :class:`Predicate` (the five SKOS mapping
  properties and their semantics), :class:`Justification` (semapv terms) and the
  :data:`CONFIDENCE_SCALE`;
- :mod:`~competency.crosswalk.slots`: the SSSOM slot table (every slot of the schema);
- :mod:`~competency.crosswalk.model`: :class:`Mapping` and :class:`Crosswalk` (whose
  mappings read from a file are a :class:`MappingTable`);
- :mod:`~competency.crosswalk.validation`: check a crosswalk against its frameworks;
- :mod:`~competency.crosswalk.registry`: the shipped crosswalks.

Reading and writing SSSOM TSV is :mod:`competency.formats.sssom`; its functions are
re-exported here.

Examples
--------
>>> import competency
>>> from competency.crosswalk import load_crosswalk
>>> cw = load_crosswalk("pt-nos", "ls-nos")
>>> graph = competency.FrameworkGraph(
...     [competency.load("pt-nos"), competency.load("ls-nos")], crosswalks=[cw])
>>> [(p, e.id) for p, e, _ in graph.matches("pt-nos:LSIPT01.K3")]
[('skos:closeMatch', 'ls-nos:AK1.3'), ('skos:relatedMatch', 'ls-nos:AK3.3')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from competency.crosswalk.model import Crosswalk, Mapping, MappingTable, SourceMap
from competency.crosswalk.registry import available_crosswalks, load_crosswalk
from competency.crosswalk.validation import validate_crosswalk
from competency.crosswalk.vocabulary import (
    CONFIDENCE_SCALE,
    ConfidenceBand,
    Justification,
    Predicate,
    confidence_band,
)

if TYPE_CHECKING:
    from competency.formats.sssom import (
        CrosswalkWarning,
        dumps_sssom,
        loads_sssom,
        read_sssom,
        validate_sssom,
        write_sssom,
    )

__all__ = [
    "CONFIDENCE_SCALE",
    "ConfidenceBand",
    "Crosswalk",
    "CrosswalkWarning",
    "Justification",
    "Mapping",
    "MappingTable",
    "Predicate",
    "SourceMap",
    "available_crosswalks",
    "confidence_band",
    "dumps_sssom",
    "load_crosswalk",
    "loads_sssom",
    "read_sssom",
    "validate_crosswalk",
    "validate_sssom",
    "write_sssom",
]

_FROM_SSSOM = frozenset({
    "CrosswalkWarning", "dumps_sssom", "loads_sssom", "read_sssom", "validate_sssom",
    "write_sssom",
})


def __getattr__(name: str) -> object:
    # competency.formats.sssom builds on this package's model, so its names are looked up
    # on first use rather than imported here (no import cycle)
    if name in _FROM_SSSOM:
        from competency.formats import sssom

        return getattr(sssom, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
