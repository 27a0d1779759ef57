"""Where things are in an RDF text (private): which syntax it is in, where rdflib's parse
error is, and the line where each node is first described — for the SKOS reader's messages.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from competency.errors import Position, Problem

__all__ = ["LineIndex", "syntax_of", "syntax_problem"]

_XML_START = re.compile(r"\A\s*(?:<\?xml|<!DOCTYPE|<!--|<[A-Za-z_][\w.-]*:RDF\s)")
"""How RDF/XML starts; Turtle never does (an IRI holds no space, `<!`/`<?` start no term)."""
_XML_NAMED = re.compile(r"""[\w.-]+:(?:about|ID)\s*=\s*["']([^"']*)["']""")


def syntax_of(text: str) -> str:
    """``"xml"`` for RDF/XML (an XML declaration, doctype, comment or ``rdf:RDF`` root
    first), else ``"turtle"`` (which N-Triples is a subset of).

    Examples
    --------
    >>> syntax_of('<?xml version="1.0"?><rdf:RDF xmlns:rdf="..."/>')
    'xml'
    >>> syntax_of("<https://e.org/a> a <https://e.org/C> .")
    'turtle'
    """
    return "xml" if _XML_START.match(text) else "turtle"


def syntax_problem(exc: Exception, file: str, xml: bool) -> Problem:
    """The problem of a file rdflib cannot parse, at the line (and column) it names."""
    if xml:
        line, column = _sax_position(exc)
        message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
        return Problem(file=file, location=Position(line, column),
                       message=f"not valid RDF/XML: {message}".strip(),
                       expected="an RDF/XML document (or Turtle)")
    line = getattr(exc, "lines", None)
    match = re.search(r"line (\d+)", str(exc))
    number = line + 1 if isinstance(line, int) else (int(match.group(1)) if match else None)
    return Problem(
        file=file, location=Position(number) if number is not None else Position(),
        message=f"not valid Turtle: {getattr(exc, 'message', None) or exc}".strip(),
        expected="a Turtle document")


def _sax_position(exc: Exception) -> tuple[int | None, int | None]:
    """(line, 1-based column) of an XML parser's error, where it says."""
    try:
        line, column = int(exc.getLineNumber()), int(exc.getColumnNumber())  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        return None, None
    return (line, column + 1) if line > 0 else (None, None)


class LineIndex:
    """Where each node is first described: built in one pass over the text (in Turtle the
    first token of every line that starts one; in RDF/XML the first ``about``/``ID``
    attribute naming it), so looking up every concept is linear."""

    def __init__(self, text: str, graph: Any, *, xml: bool = False) -> None:
        self._graph = graph
        self._text = text
        self._xml = xml
        self._first: dict[str, int] = {}
        for number, line in enumerate(text.split("\n"), start=1):
            if xml:
                for value in _XML_NAMED.findall(line):
                    self._first.setdefault(value, number)
            elif line[:1] and not line[:1].isspace():
                token = line.split(None, 1)[0]
                self._first.setdefault(token, number)
        self._cache: dict[Any, int] = {}

    def of(self, node: Any) -> int:
        """The line where `node` is first a subject (else first named, else 1)."""
        if node in self._cache:
            return self._cache[node]
        if self._xml:  # rdf:about="iri", or rdf:ID="local" (the IRI's fragment)
            names = [str(node), str(node).rpartition("#")[2]]
        else:
            names = [f"<{node}>"]
            with contextlib.suppress(Exception):
                names.append(self._graph.qname(node))
        found = next((self._first[n] for n in names if n in self._first), None)
        if found is None and not self._xml:  # RDF/XML: no text search (entities, bases)
            at = min((i for i in (self._text.find(n) for n in names) if i >= 0), default=-1)
            found = self._text.count("\n", 0, at) + 1 if at >= 0 else 1
        self._cache[node] = found or 1
        return found or 1
