"""A framework as a CASE 1.1 CFPackage (1EdTech Competencies and Academic Standards Exchange).

The package holds one ``CFDocument`` (the framework), one ``CFItem`` per element in source
order, and ``CFAssociations`` for the relations, in relation order:

- ``contains`` becomes ``isChildOf`` from the child to its parent, with ``sequenceNumber``
  giving the sibling order (1, 2, ...); root elements are ``isChildOf`` the document;
- ``underpins`` becomes ``ext:underpins``;
- ``skos:exactMatch`` becomes ``exactMatchOf`` and the other SKOS mapping predicates
  ``isRelatedTo``, the predicate kept in ``notes`` and in the association's extension;
- crosswalk mappings (optional) become associations of the same kinds to the IRIs of the
  other framework's elements, with the SSSOM slots in the extension.

``CFDefinitions`` declares one ``CFItemType`` per element kind and a ``CFLicense`` holding the
rights statement; rubrics (optional) become ``CFRubrics``.

Identifiers are UUID v5 of the IRIs (``uuid5(NAMESPACE_URL, iri)``), and every
``lastChangeDateTime`` is the fixed `last_change` argument, so exporting the same data twice
gives the same bytes.

What CASE has no slot for is kept under ``extensions["competency"]`` (see the module
constants), so :func:`competency.importers.case.loads_case` gives the framework back
unchanged:

- document: framework ``id``, ``base_iri``, ``date``, ``source``, ``annotations``
  (``[[key, [values...]], ...]``, in order);
- item: ``alt_titles`` (the first is also CASE's ``alternativeLabel``), ``location``, and
  for requirements ``category``, ``necessity``, ``assessed_by``.

The standard slots carry the rest: ``fullStatement`` = text, ``humanCodingScheme`` =
notation, ``abbreviatedStatement`` = title, ``notes`` = note, ``CFItemType`` = kind,
``publisher``/``creator``, ``version``, ``description``.

Examples
--------
>>> import competency
>>> from competency.export.case import to_case
>>> package = to_case(competency.load("pt-nos"))
>>> package["CFDocument"]["title"]
'National Occupational Standards for Personal Tutoring'
>>> item = package["CFItems"][1]
>>> item["humanCodingScheme"], item["CFItemType"], item["fullStatement"][:40]
('P1', 'Criterion', 'work within the boundaries and limitatio')
>>> child = next(a for a in package["CFAssociations"]
...              if a["originNodeURI"]["identifier"] == item["identifier"])
>>> child["associationType"], child["sequenceNumber"], child["destinationNodeURI"]["title"]
('isChildOf', 1, 'LSIPT01')
>>> to_case(competency.load("pt-nos")) == package
True
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from competency.model import Element, ElementKind, Framework, RelationType, Requirement

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.rubric import Rubric

__all__ = [
    "CASE_VERSION",
    "DEFAULT_LAST_CHANGE",
    "EXTENSION_KEY",
    "ITEM_TYPE_BASE",
    "ITEM_TYPE_TITLES",
    "case_uuid",
    "dumps_case",
    "to_case",
]

CASE_VERSION = "1.1"
EXTENSION_KEY = "competency"
"""The key of our data inside every CASE ``extensions`` object."""
ITEM_TYPE_BASE = "https://w3id.org/competency/kind/"
"""The IRI of the ``CFItemType`` of kind ``k`` is ``ITEM_TYPE_BASE + k``."""
DEFAULT_LAST_CHANGE = "1970-01-01T00:00:00+00:00"
"""The ``lastChangeDateTime`` written unless told otherwise (fixed: reproducible output)."""

ITEM_TYPE_TITLES: Mapping[ElementKind, str] = {
    ElementKind.UNIT: "Unit",
    ElementKind.SECTION: "Section",
    ElementKind.CRITERION: "Criterion",
    ElementKind.KNOWLEDGE: "Knowledge",
    ElementKind.ATTRIBUTE: "Attribute",
    ElementKind.SCOPE: "Scope",
    ElementKind.DUTY: "Duty",
    ElementKind.REQUIREMENT: "Requirement",
    ElementKind.EXPECTATION: "Expectation",
}
"""The ``CFItemType`` title of each element kind."""

_ITEM_TYPE_DESCRIPTIONS: Mapping[ElementKind, str] = {
    ElementKind.UNIT: "A unit or standard: the grouping that holds criteria and knowledge.",
    ElementKind.SECTION: "A heading that groups other items.",
    ElementKind.CRITERION: "A performance criterion: what a person must be able to do.",
    ElementKind.KNOWLEDGE: "What a person needs to know and understand.",
    ElementKind.ATTRIBUTE: "A professional value or characteristic.",
    ElementKind.SCOPE: "A statement of whom a unit applies to.",
    ElementKind.DUTY: "A duty in a job description.",
    ElementKind.REQUIREMENT: "A person-specification criterion (essential or desirable).",
    ElementKind.EXPECTATION: "An expectation set by a policy.",
}

MATCH_ASSOCIATIONS: Mapping[str, str] = {
    "skos:exactMatch": "exactMatchOf",
    "skos:closeMatch": "isRelatedTo",
    "skos:broadMatch": "isRelatedTo",
    "skos:narrowMatch": "isRelatedTo",
    "skos:relatedMatch": "isRelatedTo",
}
"""The CASE association type of each SKOS mapping predicate."""

UNDERPINS_ASSOCIATION = "ext:underpins"


def case_uuid(iri: str) -> str:
    """The CASE identifier of the thing at `iri`: its UUID v5 in the URL namespace.

    Examples
    --------
    >>> case_uuid("https://w3id.org/competency/pt-nos/LSIPT01")
    '...-5...-...'
    >>> case_uuid("https://example.org/x") == case_uuid("https://example.org/x")
    True
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def _link(title: str, iri: str) -> dict[str, str]:
    return {"title": title, "identifier": case_uuid(iri), "uri": iri}


def _node(title: str, iri: str) -> dict[str, str]:
    return {**_link(title, iri), "targetType": "CASE"}


def _put(target: dict[str, Any], key: str, value: object) -> None:
    if value is not None and value != () and value != []:
        target[key] = list(value) if isinstance(value, tuple) else value


def to_case(
    framework: Framework,
    *,
    crosswalks: Iterable[Crosswalk] = (),
    rubrics: Iterable[Rubric] = (),
    last_change: str = DEFAULT_LAST_CHANGE,
) -> dict[str, Any]:
    """Return `framework` as a CASE 1.1 CFPackage (a JSON-ready dict).

    Parameters
    ----------
    framework : Framework
        The framework to export.
    crosswalks : iterable of Crosswalk
        Crosswalks whose subject or object framework is `framework`; their (non-negated)
        mappings become associations from its items to the other framework's IRIs.
    rubrics : iterable of Rubric
        Rubrics to include as ``CFRubrics`` (one criterion per theme, one level per cell).
    last_change : str
        The RFC 3339 ``lastChangeDateTime`` of every record (default: a fixed date).

    Raises
    ------
    ValueError
        If a crosswalk involves neither side `framework`.
    """
    doc_iri = framework.base_iri
    stamp = last_change
    doc_link = _node(framework.title, doc_iri)

    document: dict[str, Any] = {
        "identifier": case_uuid(doc_iri),
        "uri": doc_iri,
        "creator": framework.publisher or framework.title,
        "title": framework.title,
        "lastChangeDateTime": stamp,
        "caseVersion": CASE_VERSION,
    }
    _put(document, "publisher", framework.publisher)
    _put(document, "description", framework.description)
    _put(document, "version", framework.version)
    definitions: dict[str, Any] = {}
    if framework.rights is not None:
        license_iri = doc_iri + "#rights"
        title = f"Rights statement of {framework.title}"
        definitions["CFLicenses"] = [{
            "identifier": case_uuid(license_iri), "uri": license_iri, "title": title,
            "licenseText": framework.rights, "lastChangeDateTime": stamp,
        }]
        document["licenseURI"] = _link(title, license_iri)
    doc_extension: dict[str, Any] = {"id": framework.id, "base_iri": framework.base_iri}
    _put(doc_extension, "date", framework.date)
    _put(doc_extension, "source", framework.source)
    if framework.annotations:
        doc_extension["annotations"] = [[k, list(v)] for k, v in framework.annotations]
    document["extensions"] = {EXTENSION_KEY: doc_extension}

    kinds_used = []
    items = []
    for element in framework.elements:
        if element.kind not in kinds_used:
            kinds_used.append(element.kind)
        items.append(_item(framework, element, stamp))
    definitions["CFItemTypes"] = [
        {
            "identifier": case_uuid(ITEM_TYPE_BASE + kind.value),
            "uri": ITEM_TYPE_BASE + kind.value,
            "title": ITEM_TYPE_TITLES[kind],
            "description": _ITEM_TYPE_DESCRIPTIONS[kind],
            "hierarchyCode": kind.value,
            "typeCode": kind.value,
            "lastChangeDateTime": stamp,
        }
        for kind in ElementKind if kind in kinds_used
    ]

    links = {e.id: _node(_short(e), framework.expand(e.id)) for e in framework.elements}
    associations = []
    for position, root in enumerate(framework.roots(), start=1):
        associations.append(_association(
            "isChildOf", links[root.id], doc_link, stamp, sequence=position))
    sibling_position: dict[str, int] = {}
    for relation in framework.relations:
        origin, destination = links[relation.source], links[relation.target]
        if relation.type is RelationType.CONTAINS:
            position = sibling_position.get(relation.source, 0) + 1
            sibling_position[relation.source] = position
            associations.append(_association(
                "isChildOf", destination, origin, stamp, sequence=position))
        elif relation.type is RelationType.UNDERPINS:
            associations.append(_association(UNDERPINS_ASSOCIATION, origin, destination, stamp))
        else:
            predicate = relation.type.value
            associations.append(_association(
                MATCH_ASSOCIATIONS[predicate], origin, destination, stamp, notes=predicate,
                extension={"predicate_id": predicate}))
    for crosswalk in crosswalks:
        associations.extend(_mapping_associations(framework, crosswalk, links, stamp))

    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": definitions,
    }
    rubric_list = [_rubric(r, stamp) for r in rubrics]
    if rubric_list:
        package["CFRubrics"] = rubric_list
    return package


def dumps_case(
    framework: Framework,
    *,
    crosswalks: Iterable[Crosswalk] = (),
    rubrics: Iterable[Rubric] = (),
    last_change: str = DEFAULT_LAST_CHANGE,
) -> str:
    """Return :func:`to_case` as JSON text (2-space indent, UTF-8, trailing newline)."""
    package = to_case(framework, crosswalks=crosswalks, rubrics=rubrics, last_change=last_change)
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def _short(element: Element) -> str:
    return element.notation or element.title or element.local_id


def _item(framework: Framework, element: Element, stamp: str) -> dict[str, Any]:
    iri = framework.expand(element.id)
    kind_iri = ITEM_TYPE_BASE + element.kind.value
    item: dict[str, Any] = {
        "identifier": case_uuid(iri),
        "fullStatement": element.text,
        "uri": iri,
        "CFItemType": ITEM_TYPE_TITLES[element.kind],
        "CFItemTypeURI": _link(ITEM_TYPE_TITLES[element.kind], kind_iri),
        "lastChangeDateTime": stamp,
    }
    _put(item, "humanCodingScheme", element.notation)
    _put(item, "abbreviatedStatement", element.title)
    if element.alt_titles:
        item["alternativeLabel"] = element.alt_titles[0]
    _put(item, "notes", element.note)
    extension: dict[str, Any] = {}
    _put(extension, "alt_titles", element.alt_titles)
    _put(extension, "location", element.location)
    if isinstance(element, Requirement):
        _put(extension, "category", element.category)
        _put(extension, "necessity", element.necessity)
        _put(extension, "assessed_by", element.assessed_by)
    if extension:
        item["extensions"] = {EXTENSION_KEY: extension}
    return item


def _association(
    kind: str,
    origin: Mapping[str, str],
    destination: Mapping[str, str],
    stamp: str,
    *,
    sequence: int | None = None,
    notes: str | None = None,
    extension: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    key = f"{origin['uri']} {kind} {destination['uri']}"
    association: dict[str, Any] = {
        "identifier": case_uuid(key),
        "associationType": kind,
        "uri": f"urn:uuid:{case_uuid(key)}",
        "originNodeURI": dict(origin),
        "destinationNodeURI": dict(destination),
        "lastChangeDateTime": stamp,
    }
    if sequence is not None:
        association["sequenceNumber"] = sequence
    if notes is not None:
        association["notes"] = notes
    if extension:
        association["extensions"] = {EXTENSION_KEY: dict(extension)}
    return association


def _mapping_associations(
    framework: Framework, crosswalk: Crosswalk, links: Mapping[str, Mapping[str, str]],
    stamp: str,
) -> list[dict[str, Any]]:
    if crosswalk.subject_prefix != framework.id:
        if crosswalk.object_prefix != framework.id:
            raise ValueError(
                f"crosswalk {crosswalk.mapping_set_id} maps {crosswalk.subject_prefix!r} to "
                f"{crosswalk.object_prefix!r}, not framework {framework.id!r}")
        crosswalk = crosswalk.inverse()
    prefixes = dict(crosswalk.curie_map)
    out = []
    for mapping in crosswalk.mappings:
        if mapping.is_negated or mapping.subject_id not in links:
            continue
        prefix, _, local = mapping.object_id.partition(":")
        object_iri = prefixes[prefix] + local
        extension: dict[str, Any] = {
            "predicate_id": mapping.predicate_id,
            "mapping_justification": mapping.mapping_justification,
            "mapping_set_id": crosswalk.mapping_set_id,
            "object_id": mapping.object_id,
        }
        _put(extension, "confidence", mapping.confidence)
        _put(extension, "author_id", mapping.author_id)
        _put(extension, "mapping_date", mapping.mapping_date)
        _put(extension, "comment", mapping.comment)
        out.append(_association(
            MATCH_ASSOCIATIONS[mapping.predicate_id], links[mapping.subject_id],
            _node(mapping.object_label or mapping.object_id, object_iri), stamp,
            notes=mapping.predicate_id, extension=extension))
    return out


def _rubric(rubric: Rubric, stamp: str) -> dict[str, Any]:
    rubric_iri = rubric.base_iri
    rubric_id = case_uuid(rubric_iri)
    criteria = []
    points = {level.id: level for level in rubric.levels}
    for position, theme in enumerate(rubric.themes, start=1):
        theme_iri = rubric_iri + theme.local_id
        theme_id = case_uuid(theme_iri)
        levels = []
        for level_position, descriptor in enumerate(theme.descriptors, start=1):
            level = points[descriptor.level]
            level_iri = f"{theme_iri}/{level.id}"
            levels.append({
                "identifier": case_uuid(level_iri), "uri": level_iri,
                "description": descriptor.text, "quality": level.label,
                "score": float(level.points), "position": level_position,
                "rubricCriterionId": theme_id, "lastChangeDateTime": stamp,
            })
        criterion: dict[str, Any] = {
            "identifier": theme_id, "uri": theme_iri, "position": position,
            "rubricId": rubric_id, "lastChangeDateTime": stamp,
            "CFRubricCriterionLevels": levels,
        }
        _put(criterion, "category", theme.title)
        _put(criterion, "description", theme.intro)
        criteria.append(criterion)
    out: dict[str, Any] = {
        "identifier": rubric_id, "uri": rubric_iri, "title": rubric.title,
        "lastChangeDateTime": stamp, "CFRubricCriteria": criteria,
    }
    _put(out, "description", rubric.description)
    return out
