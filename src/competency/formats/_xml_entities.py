"""Bound what the entities of an XML document expand to, before an XML parser sees it
(private).

RDF/XML vocabularies often declare internal entities for their namespaces
(``<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">``, then ``rdf:about="&skos;Concept"``),
so entities cannot simply be refused. But entities that nest (the "billion laughs") or a
long entity used many times make a small file expand to gigabytes, and the parser spends
minutes on it; an external entity (``SYSTEM "file:///etc/passwd"``) is silently left out by
Python's parser, so the text read would not be the text written. :func:`check_entities`
computes, from the declarations, how long the document is once every entity is expanded,
and refuses a document that would grow by more than :data:`MAX_EXPANSION`, that uses an
external or parameter entity, or whose entities refer to themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from competency.errors import DocumentError, Position, Problem

__all__ = ["MAX_EXPANSION", "check_entities"]

MAX_EXPANSION = 64 * 1024 * 1024
"""How many characters entity references may add to a document, in all (64 Mi)."""

_DECLARATION = re.compile(
    r"""<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s%"'>]+)\s+"""
    r"""(?:(?P<quote>["'])(?P<value>.*?)(?P=quote)|(?P<external>SYSTEM|PUBLIC)\b)""",
    re.S)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = {"amp": 1, "lt": 1, "gt": 1, "apos": 1, "quot": 1}
_SUBSET_END = re.compile(r"\]\s*>")


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def check_entities(text: str, *, file: str) -> None:
    """Raise :class:`DocumentError` if the entities of the XML `text` expand by more than
    :data:`MAX_EXPANSION` characters, or if it uses an external or parameter entity or a
    recursive one; return quietly otherwise (and at once for a text without ``<!ENTITY``).

    Examples
    --------
    >>> check_entities('<!DOCTYPE r [<!ENTITY s "http://e.org/">]><r a="&s;x"/>', file="f")
    >>> laughs = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    ...     f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    >>> check_entities(f"<!DOCTYPE r [{laughs}]><r>&i;</r>", file="f.rdf")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: f.rdf:line 1: the entity 'i' expands to 1,000,000,000 characters...
    """
    if "<!ENTITY" not in text:
        return
    declared: dict[str, tuple[str | None, int]] = {}  # name -> (value or None: external, at)
    end = 0
    for found in _DECLARATION.finditer(text):
        name = found["name"]
        where = Position(_line(text, found.start()))
        if found["parameter"]:
            raise DocumentError(Problem(
                file=file, location=where,
                message=f"the parameter entity {name!r} is not read",
                expected="an XML document with internal entities only (or none)",
                fix="Expand the entities first, e.g. with: xmllint --noent FILE"))
        declared.setdefault(name, (None if found["external"] else found["value"],
                                   found.start()))
        end = found.end()
    subset_end = _SUBSET_END.search(text, end)
    body = subset_end.end() if subset_end else end
    sizes: dict[str, int] = dict(_PREDEFINED)

    def refused(at: int, message: str, expected: str, fix: str = "") -> Problem:
        return Problem(file=file, location=Position(_line(text, at)), message=message,
                       expected=expected, fix=fix)

    def size(root: str) -> int:
        """How long entity `root` is once expanded: a depth-first walk with its own stack
        (a chain of thousands of entities is no deeper for Python), each entity once."""
        path: list[str] = []  # the entities being expanded, outermost first
        totals: list[int] = []  # their lengths so far
        refs: list[Iterator[re.Match[str]]] = []  # the references each has left to add
        taken: list[int] = []  # the length of the reference that entered each (0: root)

        def enter(name: str, reference: int) -> None:
            value, at = declared.get(name, ("", 0))
            if value is None:
                raise DocumentError(refused(
                    at, f"the external entity {name!r} is not read (its text would come "
                    "from another file or the network)",
                    "an XML document with internal entities only (or none)",
                    "Expand the entities first, e.g. with: xmllint --noent FILE"))
            if name in path:
                cycle = " → ".join((*path[path.index(name):], name))
                raise DocumentError(refused(
                    at, f"the entity {name!r} refers to itself ({cycle})",
                    "entities that do not refer to themselves"))
            path.append(name)
            totals.append(len(value))
            refs.append(_REFERENCE.finditer(value))
            taken.append(reference)

        if root not in sizes:
            enter(root, 0)
        while path:
            ref = next(refs[-1], None)
            if ref is None:  # every reference of the innermost entity added: it is done
                name, total, reference = path.pop(), totals.pop(), taken.pop()
                refs.pop()
                sizes[name] = total
                if totals:
                    totals[-1] += total - reference
            elif ref[1] in sizes:
                totals[-1] += sizes[ref[1]] - len(ref[0])
            else:
                enter(ref[1], len(ref[0]))
        return sizes[root]

    grown = 0
    for ref in _REFERENCE.finditer(text, body):
        if ref[1] not in declared:
            continue  # predefined (1 character) or undeclared (the parser's error)
        grown += size(ref[1]) - len(ref[0])
        if grown > MAX_EXPANSION:
            name = ref[1]
            raise DocumentError(Problem(
                file=file, location=Position(_line(text, ref.start())),
                message=f"the entity {name!r} expands to {size(name):,} characters; the "
                        f"document's entities would add more than {MAX_EXPANSION:,} in all",
                expected="entities that expand to a bounded text (an entity bomb is refused)"))
