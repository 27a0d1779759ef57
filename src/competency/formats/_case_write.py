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

Identifiers are UUID v5 of the IRIs (``uuid5(NAMESPACE_URL, iri)``), except where a
framework read from CASE keeps the originals (see below). Every ``lastChangeDateTime`` is
one timestamp: the `last_change` argument; else the ``case:lastChangeDateTime`` the
framework was read with; else the framework's ``date`` when it reads as a date (``2022``,
``2022-06``, ``2022-06-30``, ``June 2022``, ``30 June 2022``: midnight UTC of its first
day) — the date the publisher gives for this version is when the record last changed;
else the time given by ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), else
the current time: a CASE server compares it to decide whether a record changed, so a
made-up constant (1970) would hide real updates. Exporting the same data twice therefore gives the same bytes
whenever the framework has a date.

A framework read from another CASE tool keeps its identity, so publishing it back updates
the same framework rather than creating a new one: the annotations written by
:func:`competency.formats.case.loads_case` — ``case:identifier`` (``"<local id>
<identifier>"``), ``case:uri`` (``"<local id> <uri>"``), ``case:document_identifier``,
``case:document_uri`` — replace the derived identifiers and URIs, and the associations kept
in ``case:association`` (``"<origin> <type> <destination>"``) and
``case:external_association`` (JSON) are written back as associations.

``case_version="1.0"`` writes what CASE 1.0 and OpenSALT's importer (which validates
uploads against the CASE 1.0 schema) accept: no ``targetType`` on links, no
``caseVersion``, and ``underpins`` as ``isRelatedTo`` (its extension says
``"relation": "underpins"``, so our importer reads it back as ``underpins``).

What CASE has no slot for is kept under ``extensions["competency"]`` (see the module
constants), so :func:`competency.formats.case.loads_case` gives the framework back
unchanged:

- document: framework ``id``, ``base_iri``, ``date``, ``source``, ``annotations``
  (``[[key, [values...]], ...]``, in order);
- item: ``alt_titles`` (the first is also CASE's ``alternativeLabel``), ``location``, and
  for requirements ``category``, ``necessity``, ``assessed_by``.

The standard slots carry the rest: ``fullStatement`` = text, ``humanCodingScheme`` =
notation, ``abbreviatedStatement`` = title, ``notes`` = note, ``CFItemType`` = kind,
``publisher``/``creator``, ``version``, ``description``.

This module is longer than 400 lines on purpose: the whole CASE mapping (documents,
items, associations, kept identities, rubrics, version differences) is written in one
place, mirroring :mod:`competency.formats._case_read`.

Examples
--------
>>> import competency
>>> from competency.formats._case_write import to_case
>>> package = to_case(competency.load("pt-nos"), last_change="2024-05-01T00:00:00+00:00")
>>> package["CFDocument"]["title"]
'National Occupational Standards for Personal Tutoring'
>>> item = package["CFItems"][1]
>>> item["humanCodingScheme"], item["CFItemType"], item["fullStatement"][:40]
('P1', 'Criterion', 'work within the boundaries and limitatio')
>>> child = next(a for a in package["CFAssociations"]
...              if a["originNodeURI"]["identifier"] == item["identifier"])
>>> child["associationType"], child["sequenceNumber"], child["destinationNodeURI"]["title"]
('isChildOf', 1, 'LSIPT01')
>>> package["CFDocument"]["lastChangeDateTime"]
'2024-05-01T00:00:00+00:00'
>>> to_case(competency.load("ls-nos"))["CFDocument"]["lastChangeDateTime"]  # "DECEMBER 2007"
'2007-12-01T00:00:00+00:00'
"""

from __future__ import annotations

import datetime
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from competency.model import Element, ElementKind, Framework, RelationType, Requirement

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk
    from competency.rubric import Rubric

__all__ = [
    "CASE_VERSION",
    "CASE_VERSIONS",
    "DEFAULT_LAST_CHANGE",
    "EXTENSION_KEY",
    "ITEM_TYPE_BASE",
    "ITEM_TYPE_TITLES",
    "case_uuid",
    "dumps_case",
    "last_change_of",
    "to_case",
]

CASE_VERSION = "1.1"
"""The CASE version written by default."""
CASE_VERSIONS = ("1.1", "1.0")
"""The CASE versions :func:`to_case` can write."""
EXTENSION_KEY = "competency"
"""The key of our data inside every CASE ``extensions`` object."""
ITEM_TYPE_BASE = "https://w3id.org/competency/kind/"
"""The IRI of the ``CFItemType`` of kind ``k`` is ``ITEM_TYPE_BASE + k``."""
DEFAULT_LAST_CHANGE = "1970-01-01T00:00:00+00:00"
"""A fixed ``lastChangeDateTime`` for callers that want output independent of the date."""

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


def _node(title: str, iri: str, identifier: str | None = None) -> dict[str, str]:
    return {"title": title, "identifier": identifier or case_uuid(iri), "uri": iri,
            "targetType": "CASE"}


_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_DATE = re.compile(r"\A(?:(\d{1,2}) )?([A-Za-z]+) (\d{4})\Z")


def last_change_of(framework: Framework) -> str:
    """The ``lastChangeDateTime`` :func:`to_case` writes for `framework` by default.

    Examples
    --------
    >>> import competency
    >>> last_change_of(competency.load("fe-pt-role"))  # its date: "June 2022"
    '2022-06-01T00:00:00+00:00'
    """
    kept = framework.annotation("case:lastChangeDateTime")
    if kept:
        return kept[0]
    date = _parse_date(framework.date or "")
    if date is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) \
            if epoch.isdigit() else datetime.datetime.now(datetime.timezone.utc)
        return moment.replace(microsecond=0).isoformat()
    return f"{date.isoformat()}T00:00:00+00:00"


def _parse_date(text: str) -> datetime.date | None:
    text = " ".join(text.split())
    for pattern, fill in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            return datetime.datetime.strptime(text + fill, "%Y-%m-%d" if fill else pattern).date()
        except ValueError:
            continue
    match = _DATE.match(text)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return datetime.date(int(match.group(3)), month, int(match.group(1) or 1))
    except ValueError:
        return None


def _put(target: dict[str, Any], key: str, value: object) -> None:
    if value is not None and value != () and value != []:
        target[key] = list(value) if isinstance(value, tuple) else value


def to_case(
    framework: Framework,
    *,
    crosswalks: Iterable[Crosswalk] = (),
    rubrics: Iterable[Rubric] = (),
    last_change: str | None = None,
    case_version: str = CASE_VERSION,
) -> dict[str, Any]:
    """Return `framework` as a CASE 1.1 (or 1.0) CFPackage (a JSON-ready dict).

    Parameters
    ----------
    framework : Framework
        The framework to export.
    crosswalks : iterable of Crosswalk
        Crosswalks whose subject or object framework is `framework`; their (non-negated)
        mappings become associations from its items to the other framework's IRIs.
    rubrics : iterable of Rubric
        Rubrics to include as ``CFRubrics`` (one criterion per theme, one level per cell).
    last_change : str, optional
        The RFC 3339 ``lastChangeDateTime`` of every record (default:
        :func:`last_change_of`).
    case_version : {"1.1", "1.0"}
        The CASE version to write; ``"1.0"`` is what OpenSALT's importer accepts.

    Raises
    ------
    ValueError
        If a crosswalk involves neither side `framework`, or `case_version` is unknown.
    """
    if case_version not in CASE_VERSIONS:
        raise ValueError(f"case_version must be one of {', '.join(CASE_VERSIONS)}, "
                         f"got {case_version!r}")
    ids = _Identity(framework)
    doc_iri = ids.document_uri
    stamp = last_change or last_change_of(framework)
    doc_link = _node(framework.title, doc_iri, ids.document_identifier)

    document: dict[str, Any] = {
        "identifier": ids.document_identifier,
        "uri": doc_iri,
        "creator": framework.publisher or framework.title,
        "title": framework.title,
        "lastChangeDateTime": stamp,
    }
    if case_version != "1.0":
        document["caseVersion"] = case_version
    _put(document, "publisher", framework.publisher)
    _put(document, "description", framework.description)
    _put(document, "version", framework.version)
    definitions: dict[str, Any] = {}
    if framework.rights is not None:
        license_iri = framework.base_iri + "#rights"
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
        items.append(_item(ids, element, stamp))
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

    links = {e.id: _node(_short(e), ids.uri(e.id), ids.identifier(e.id))
             for e in framework.elements}
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
        elif relation.type is RelationType.UNDERPINS and case_version == "1.0":
            associations.append(_association(
                "isRelatedTo", origin, destination, stamp, notes="underpins",
                extension={"relation": "underpins"}))
        elif relation.type is RelationType.UNDERPINS:
            associations.append(_association(UNDERPINS_ASSOCIATION, origin, destination, stamp))
        else:
            predicate = relation.type.value
            associations.append(_association(
                MATCH_ASSOCIATIONS[predicate], origin, destination, stamp, notes=predicate,
                extension={"predicate_id": predicate}))
    associations += _kept_associations(framework, links, stamp)
    for crosswalk in crosswalks:
        associations.extend(_mapping_associations(framework, crosswalk, links, stamp))
    if case_version == "1.0":
        for association in associations:
            for end in ("originNodeURI", "destinationNodeURI"):
                association[end].pop("targetType", None)

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
    last_change: str | None = None,
    case_version: str = CASE_VERSION,
) -> str:
    """Return :func:`to_case` as JSON text (2-space indent, UTF-8, trailing newline)."""
    package = to_case(framework, crosswalks=crosswalks, rubrics=rubrics,
                      last_change=last_change, case_version=case_version)
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def _short(element: Element) -> str:
    return element.notation or element.title or element.local_id


def _item(ids: _Identity, element: Element, stamp: str) -> dict[str, Any]:
    iri = ids.uri(element.id)
    kind_iri = ITEM_TYPE_BASE + element.kind.value
    item: dict[str, Any] = {
        "identifier": ids.identifier(element.id),
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


class _Identity:
    """The CASE identifiers and URIs of a framework's document and items: derived from the
    IRIs, unless the framework keeps the ones it was read with (``case:*`` annotations)."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._identifiers = _pairs(framework.annotation("case:identifier"))
        self._uris = _pairs(framework.annotation("case:uri"))
        kept_id = framework.annotation("case:document_identifier")
        kept_uri = framework.annotation("case:document_uri")
        self.document_uri = kept_uri[0] if kept_uri else framework.base_iri
        self.document_identifier = kept_id[0] if kept_id else case_uuid(framework.base_iri)

    def uri(self, element_id: str) -> str:
        local = element_id.partition(":")[2]
        return self._uris.get(local) or self.framework.expand(element_id)

    def identifier(self, element_id: str) -> str:
        local = element_id.partition(":")[2]
        return self._identifiers.get(local) or case_uuid(self.framework.expand(element_id))


def _pairs(values: Iterable[str]) -> dict[str, str]:
    return dict(v.split(" ", 1) for v in values if " " in v)


def _kept_associations(
    framework: Framework, links: Mapping[str, Mapping[str, str]], stamp: str
) -> list[dict[str, Any]]:
    """The associations a framework read from CASE kept in annotations, written back."""
    out = []
    for value in framework.annotation("case:association"):
        parts = value.split(" ")
        if len(parts) == 3 and parts[0] in links and parts[2] in links:
            out.append(_association(parts[1], links[parts[0]], links[parts[2]], stamp))
    for value in framework.annotation("case:external_association"):
        try:
            record = json.loads(value)
        except ValueError:
            continue
        ends = []
        for key in ("origin", "destination"):
            end = record.get(key) if isinstance(record, dict) else None
            if isinstance(end, str) and end in links:
                ends.append(dict(links[end]))
            elif isinstance(end, dict) and all(isinstance(end.get(k), str)
                                               for k in ("identifier", "uri")):
                ends.append({"title": str(end.get("title", end["uri"])),
                             "identifier": end["identifier"], "uri": end["uri"],
                             "targetType": "CASE"})
        if len(ends) != 2 or not isinstance(record.get("type"), str):
            continue
        sequence = record.get("sequenceNumber")
        association = _association(record["type"], ends[0], ends[1], stamp,
                                   sequence=sequence if isinstance(sequence, int) else None)
        for key in ("identifier", "uri"):
            if isinstance(record.get(key), str):
                association[key] = record[key]
        out.append(association)
    return out


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
