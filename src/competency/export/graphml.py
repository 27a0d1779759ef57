"""GraphML of a :class:`~competency.graph.FrameworkGraph`, for Gephi, yEd and friends.

Each node carries ``kind``, ``notation``, ``title``, ``text`` and ``framework``; each edge a
``type`` attribute (one edge per relation type, so typed parallel edges survive).

Examples
--------
>>> import competency
>>> from competency.export import to_graphml
>>> xml = to_graphml(competency.FrameworkGraph([competency.load("ls-nos")]))
>>> xml.startswith("<?xml")
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from competency.graph import FrameworkGraph

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.model import Framework

__all__ = ["framework_graphml", "to_graphml"]


def framework_graphml(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (),
    partners: Iterable[Framework] = (),
) -> str:
    """GraphML of `framework`, with `crosswalks` and the `partners` they map to."""
    crosswalk_list = tuple(crosswalks)
    return to_graphml(FrameworkGraph([framework, *partners], crosswalks=crosswalk_list))


def to_graphml(graph: FrameworkGraph) -> str:
    """Return `graph` as a GraphML document (UTF-8 text)."""
    import networkx as nx

    out = nx.MultiDiGraph()
    for element in graph:
        out.add_node(
            element.id, kind=element.kind.value, notation=element.notation or "",
            title=element.title or "", text=element.text, framework=element.prefix,
        )
    for source, target, data in graph.nx_graph.edges(data=True):
        for relation_type, payload in data.items():
            attributes = {"type": relation_type}
            confidence = getattr(payload, "confidence", None)
            if confidence is not None:
                attributes["confidence"] = str(confidence)
            out.add_edge(source, target, key=relation_type, **attributes)
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")
