"""GraphML of a framework (or any :class:`~competency.graph.FrameworkGraph`), for Gephi,
yEd and friends. Written only: GraphML keeps the graph, not everything a framework holds.

Each node carries ``kind``, ``notation``, ``title``, ``text`` and ``framework``; each edge a
``type`` attribute (one edge per relation type, so typed parallel edges survive).
:func:`dumps` / :func:`write` take a framework (and the crosswalks and partner frameworks
to draw with it); :func:`to_graphml` takes a graph.

Examples
--------
>>> import competency
>>> from competency.formats.graphml import to_graphml
>>> xml = to_graphml(competency.FrameworkGraph([competency.load("ls-nos")]))
>>> xml.startswith("<?xml")
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from competency.formats._io import PathLike, write_text
from competency.graph import FrameworkGraph

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.model import Framework

__all__ = ["dumps", "framework_graphml", "to_graphml", "write"]


def framework_graphml(
    framework: Framework, *, crosswalks: Iterable[Crosswalk] = (),
    partners: Iterable[Framework] = (),
) -> str:
    """GraphML of `framework`, with `crosswalks` and the `partners` they map to."""
    crosswalk_list = tuple(crosswalks)
    return to_graphml(FrameworkGraph([framework, *partners], crosswalks=crosswalk_list))


dumps = framework_graphml


def write(
    framework: Framework, path: PathLike, *, crosswalks: Iterable[Crosswalk] = (),
    partners: Iterable[Framework] = (),
) -> None:
    """Write the GraphML of `framework` (see :func:`framework_graphml`) at `path`,
    atomically.

    Examples
    --------
    >>> import competency, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ls-nos.graphml"
    >>> write(competency.load("ls-nos"), path)
    >>> path.read_text(encoding="utf-8").count("<node ") == len(competency.load("ls-nos"))
    True
    """
    write_text(path, framework_graphml(framework, crosswalks=crosswalks, partners=partners))


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
