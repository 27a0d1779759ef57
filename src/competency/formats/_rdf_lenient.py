"""What rdflib reads leniently, said as our warnings instead of its log lines (private).

rdflib accepts an IRI that Turtle does not allow (``<https://e.org/a b>``) and a literal that
is not of its datatype (``"one"^^xsd:integer``), and says so through :mod:`logging` — the
second with a full Python traceback. An application that configured no logging gets those
lines on stderr, in rdflib's words, with no file or line. :func:`quiet_rdflib` collects
them instead, and :func:`lenient_reads` finds, in the parsed graph, the nodes they were
about, so that the reader can warn at the line of each.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["lenient_reads", "quiet_rdflib"]

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters Turtle's IRIREF does not allow unescaped."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[list[logging.LogRecord]]:
    """Collect rdflib's warnings (and worse) while the block runs, instead of letting them
    reach the application's logging or stderr; yields the list they are collected in.

    Examples
    --------
    >>> import logging
    >>> with quiet_rdflib() as records:
    ...     logging.getLogger("rdflib.term").warning("a lenient read")
    >>> [r.getMessage() for r in records]
    ['a lenient read']
    """
    logger = logging.getLogger("rdflib")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _name(graph: Any, node: Any) -> str:
    """`node` as the file could have written it: by a prefix the file binds, else ``<iri>``."""
    try:
        prefix, _, local = graph.namespace_manager.compute_qname(str(node), generate=False)
    except Exception:  # no bound prefix fits (rdflib raises several kinds)
        return f"<{node}>"
    return f"{prefix}:{local}" if prefix else f"<{node}>"


def lenient_reads(graph: Any) -> Iterator[tuple[Any, str, str]]:
    """The lenient reads in `graph`: ``(subject, message, expected)`` for every IRI Turtle
    does not allow (once each, at the first subject naming it) and every literal that is
    not of its datatype, in the graph's order.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph()
    >>> with quiet_rdflib():
    ...     _ = g.parse(data='<https://e.org/a> <https://e.org/n> "x"^^'
    ...                      '<http://www.w3.org/2001/XMLSchema#integer> .', format="turtle")
    >>> [message for _, message, _ in lenient_reads(g)]
    ["<https://e.org/n> 'x' is not a valid xsd:integer: read as text"]
    """
    from rdflib import Literal, URIRef

    seen: set[Any] = set()
    for s, p, o in graph:
        for node in (s, p, o):
            if isinstance(node, URIRef) and node not in seen and _NOT_IN_IRI.search(node):
                seen.add(node)
                bad = sorted(set(_NOT_IN_IRI.findall(node)))
                shown = ", ".join("a space" if c == " " else repr(c) for c in bad)
                yield (s, f"<{node}> is not a valid IRI (it holds {shown}): read as written",
                       'an IRI without spaces, control characters or any of <>"{}|^`\\ '
                       "(percent-encode them)")
        if isinstance(o, Literal) and o.ill_typed:
            datatype = _name(graph, o.datatype)
            yield (s, f"{_name(graph, p)} {str(o)!r} is not a valid {datatype}: read as text",
                   f"a literal in the lexical form of {datatype}, or a plain string")
