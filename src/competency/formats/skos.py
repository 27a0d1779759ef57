"""SKOS concept schemes: read from Turtle or RDF/XML, written as Turtle (rdflib, imported
only when used).

- :func:`loads` / :func:`read` take a ``skos:ConceptScheme`` (``scheme=`` picks one of
  several; a file without one is read concept by concept) and give a
  :class:`~competency.model.Framework`: concepts become elements, ``skos:broader`` /
  ``skos:narrower`` the hierarchy (a second broader concept a ``skos:broadMatch``), SKOS
  mapping properties between concepts of the scheme relations. Labels in the language
  ``lang`` become text and titles; the other languages are kept in annotations. Problems
  are reported at once, at their line (:class:`~competency.errors.Position`). RDF/XML is
  recognised by how it starts (an XML declaration, doctype or ``rdf:RDF`` root); its
  entities are expanded only within a bound, and external entities are refused.
- :func:`dumps` / :func:`write` give Turtle: a prefLabel per concept with a language tag,
  notations unique in the scheme, crosswalk mappings as SKOS mapping properties, and a
  small ``cpt:`` vocabulary for what SKOS lacks, so reading it back gives the framework
  unchanged. :func:`describe` is the one description of the scheme and its concepts that
  both the Turtle writer and :func:`to_skos_graph` (an rdflib graph) use.

:func:`loads_skos`, :func:`dumps_skos` and :func:`read_skos` are the names these functions
had in ``competency.importers.skos`` and ``competency.export.skos``.

Examples
--------
>>> import competency
>>> from competency.formats import skos
>>> fw = competency.load("fe-pt-role")
>>> skos.loads(skos.dumps(fw)) == fw
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from competency.formats._io import PathLike, read_source, write_text
from competency.formats._skos_graph import skos_problems, to_skos_graph
from competency.formats._skos_read import loads_skos
from competency.formats._skos_write import (
    CPT,
    KIND_CLASSES,
    canonical_relations,
    describe,
    dumps_skos,
)

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.model import Framework

__all__ = [
    "CPT",
    "KIND_CLASSES",
    "canonical_relations",
    "describe",
    "dumps",
    "dumps_skos",
    "loads",
    "loads_skos",
    "read",
    "read_skos",
    "skos_problems",
    "to_skos_graph",
    "write",
]

loads = loads_skos
dumps = dumps_skos


def read(
    path: PathLike, *, framework_id: str | None = None, lang: str | None = None,
    scheme: str | None = None,
) -> Framework:
    """Read the Turtle or RDF/XML file at `path` (see :func:`loads_skos` for the options).

    Raises
    ------
    DocumentError
        If the file cannot be read or is not a usable SKOS concept scheme.
    """
    data, file = read_source(path, expected="the path of a SKOS file (Turtle or RDF/XML)")
    return loads_skos(data, file=file, framework_id=framework_id, lang=lang, scheme=scheme)


def write(
    framework: Framework, path: PathLike, *, crosswalks: Iterable[Crosswalk] = (),
    lang: str | None = None,
) -> None:
    """Write `framework` as Turtle at `path`, atomically (see :func:`dumps_skos`).

    Examples
    --------
    >>> import competency, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt-nos.ttl"
    >>> write(competency.load("pt-nos"), path)
    >>> read(path) == competency.load("pt-nos")
    True
    """
    write_text(path, dumps_skos(framework, crosswalks=crosswalks, lang=lang))


read_skos = read
