"""Read a CASE CFPackage (1.1 or 1.0, as CASE servers such as OpenSALT serve it) into a
:class:`~competency.model.Framework`.

- Items become elements, in ``CFItems`` order: ``fullStatement`` → text,
  ``humanCodingScheme`` → notation, ``abbreviatedStatement`` → title, ``notes`` → note,
  ``alternativeLabel`` → alt title; the fields under ``extensions["competency"]`` (written
  by :mod:`competency.formats.case`) restore what CASE has no slot for.
- The kind comes from the item type: our own ``CFItemTypeURI``, else the ``CFItemType``
  title or code (``"Criterion"``, ``"knowledge"``, ...). An unknown type is kept, not
  dropped: the element becomes a ``section`` if it has children, else a ``criterion``,
  and the framework annotation ``case:CFItemType`` records ``"<element id> <type>"``.
- ``isChildOf`` gives ``contains`` (siblings ordered by ``sequenceNumber``; children of
  the document are roots, ordered by theirs); ``ext:underpins`` (and ``isRelatedTo`` with
  ``"relation": "underpins"`` in our extension, as CASE 1.0 exports write it) →
  ``underpins``; ``exactMatchOf`` → ``skos:exactMatch``; ``isRelatedTo`` → the SKOS
  predicate in its extension, else ``skos:relatedMatch``. Other association types between
  items are kept in the annotation ``case:association`` (``"<origin id> <type>
  <destination id>"``), and associations that leave the package (``exactMatchOf`` another
  framework, ``exemplar``, ...) in ``case:external_association`` (one JSON object each);
  both are reported as :class:`~competency.errors.FormatWarning` s and written back by
  the export. (The crosswalk mappings our own export adds are skipped, with a warning:
  their SSSOM files hold them.)
- Element ids: ``<framework id>:<local>``. The local part is the item ``uri`` after the
  base IRI: ours (from the extension), else the longest ``/``- or ``#``-ended prefix the
  item URIs share (OpenSALT: ``https://host/uri/`` + the item's UUID), else the item's
  identifier. The CASE identifiers and URIs an export could not derive from the ids, the
  document's identifier and URI and its ``lastChangeDateTime`` are kept in the
  annotations ``case:identifier``, ``case:uri``, ``case:document_identifier``,
  ``case:document_uri`` and ``case:lastChangeDateTime``, so CASE → here → CASE keeps
  them all.
- Quirks of real files are read with a warning: ``sequenceNumber`` as a string
  (``"1"``, as OpenSALT exports it), an empty ``fullStatement`` (the item's label is
  used, as OpenSALT's importer does); empty optional fields (``"description": ""``) are
  absent.

Every problem (not JSON, missing or mistyped fields, duplicate identifiers, two parents,
cycles) is reported at once with its JSON pointer.

This module is longer than 400 lines on purpose: it is the one place that knows how
CASE fields and associations map to the model, including the quirks of real servers'
files; split up, that mapping would be spread over several modules.

Examples
--------
>>> import competency
>>> from competency.formats._case_write import dumps_case
>>> from competency.formats.case import loads_case
>>> fw = competency.load("ls-nos")
>>> loads_case(dumps_case(fw)) == fw
True
>>> loads_case('{"CFDocument": {"title": "X"}, "CFItems": [{"identifier": 1}]}')
Traceback (most recent call last):
...
competency.errors.DocumentError: <input>:/CFDocument: missing 'identifier' — expected the document's UUID
<input>:/CFItems/0/identifier: 1 is not a string — expected a UUID string
<input>:/CFItems/0: missing 'fullStatement' — expected the item's text
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from competency._json import parse_json
from competency.errors import INPUT, DocumentError, Location, Pointer, Problem
from competency.formats._case_write import (
    EXTENSION_KEY,
    ITEM_TYPE_BASE,
    ITEM_TYPE_TITLES,
    UNDERPINS_ASSOCIATION,
    case_uuid,
)
from competency.formats._common import (
    Add,
    build_framework,
    collect,
    element_or_problem,
    iri_base,
    slug,
    sort_siblings,
    warn,
)
from competency.model import (
    LOCAL_ID_PATTERN,
    Element,
    ElementKind,
    Framework,
    Relation,
    RelationType,
    element_class,
)

__all__ = ["loads_case"]

_KIND_NAMES: Mapping[str, ElementKind] = {
    **{kind.value: kind for kind in ElementKind},
    **{title.lower(): kind for kind, title in ITEM_TYPE_TITLES.items()},
}
_LOCAL = re.compile(rf"\A{LOCAL_ID_PATTERN}\Z")
_DOCUMENT = Pointer("CFDocument")
_PREDICATES = {t.value for t in RelationType if t.value.startswith("skos:")}


def loads_case(
    text: str | bytes, *, file: str = INPUT, framework_id: str | None = None
) -> Framework:
    """Parse a CFPackage given as JSON text into a framework.

    Parameters
    ----------
    text : str or bytes
        The CFPackage JSON.
    file : str
        The name to report in errors and warnings.
    framework_id : str, optional
        The framework id (CURIE prefix) to use when the package does not carry ours.

    Raises
    ------
    DocumentError
        With every problem found, each located by JSON pointer (or line and column when
        the text is not JSON).

    Warns
    -----
    FormatWarning
        For quirks read anyway: a ``sequenceNumber`` written as a string, an empty
        ``fullStatement`` replaced by the item's label, associations leaving the package.
    """
    data = parse_json(text, file=file)
    problems: list[Problem] = []
    add = collect(problems, file)
    if not isinstance(data, dict):
        raise DocumentError(Problem(file=file, location=Pointer(), message="not a JSON object",
                                    expected="a CFPackage object with a CFDocument"))
    doc = data.get("CFDocument")
    if not isinstance(doc, dict):
        add(Pointer(), "missing or not an object: 'CFDocument'", "a CFPackage with a CFDocument")
        doc = {}
    else:
        _require(doc, _DOCUMENT, "identifier", "the document's UUID", add)
        _require(doc, _DOCUMENT, "title", "the framework title", add, text=True)
    ext = _extension(doc, _DOCUMENT, add)
    own = bool(ext)
    fid = _string(ext, "id") or framework_id or slug(_string(doc, "title") or "", "case")
    doc_id = _string(doc, "identifier")

    raw_items = _list(data, "CFItems", add)
    raw_associations = _list(data, "CFAssociations", add)

    # -- items: ids first (associations need them), then elements --------------------
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}  # identifier -> the CFItems index that first used it
    for i, raw in enumerate(raw_items):
        at = Pointer("CFItems", i)
        if not isinstance(raw, dict):
            add(at, f"{raw!r} is not an object", "a CFItem object")
            continue
        ok = _require(raw, at, "identifier", "a UUID string", add)
        if ok and not _filled(raw.get("fullStatement")):
            label = next((raw[k] for k in ("alternativeLabel", "abbreviatedStatement")
                          if _filled(raw.get(k))), None)
            if label is not None:  # as OpenSALT's importer does
                warn(file, at / "fullStatement", "empty fullStatement: the item's label "
                     f"{label!r} is used as its text", "the item's text")
                raw = {**raw, "fullStatement": label}
        ok = _require(raw, at, "fullStatement", "the item's text", add, text=True) and ok
        if not ok:
            continue
        if raw["identifier"] in seen:
            problems.append(Problem(
                file=file, location=at / "identifier",
                message=f"identifier {raw['identifier']!r} is used twice",
                expected="a unique identifier per item",
                related=Pointer("CFItems", seen[raw["identifier"]], "identifier"),
                related_as="first used at"))
            continue
        seen[raw["identifier"]] = i
        rows.append((i, raw))
    base_iri, curie_of, identity = _identities(ext, doc, fid, [raw for _, raw in rows])
    item_rows = [(i, raw, curie_of[raw["identifier"]]) for i, raw in rows]
    doc_uri = _string(doc, "uri")

    # -- associations ------------------------------------------------------------------
    relations: list[Relation] = []
    relation_at: list[Location] = []
    sequence: list[float | None] = []
    root_sequence: dict[str, float] = {}
    has_children: set[str] = set()
    unmapped: list[str] = []
    external: list[str] = []
    external_at: dict[str, list[int]] = {}
    skipped_mappings = 0
    for i, raw in enumerate(raw_associations):
        at = Pointer("CFAssociations", i)
        if not isinstance(raw, dict):
            add(at, f"{raw!r} is not an object", "a CFAssociation object")
            continue
        kind = raw.get("associationType")
        if not isinstance(kind, str):
            add(at / "associationType", f"{kind!r} is not a string",
                "an association type such as 'isChildOf'")
            continue
        nodes = []
        for end in ("originNodeURI", "destinationNodeURI"):
            node = raw.get(end)
            if not isinstance(node, dict) or not isinstance(node.get("identifier"), str):
                add(at / end, f"missing or malformed: {end!r}",
                    "a link object with an 'identifier' string")
                continue
            nodes.append(node)
        if len(nodes) != 2:
            continue
        seq = _sequence(raw.get("sequenceNumber"), at / "sequenceNumber", file, add)
        origin, destination = (curie_of.get(n["identifier"]) for n in nodes)
        to_document = nodes[1]["identifier"] == doc_id or (
            doc_uri is not None and nodes[1].get("uri") == doc_uri)
        if origin is not None and destination is None and to_document and kind == "isChildOf":
            if seq is not None:
                root_sequence.setdefault(origin, seq)
            continue
        raw_ext = _extension(raw, at, add)
        if origin is None or destination is None:
            if own and "mapping_set_id" in raw_ext:
                skipped_mappings += 1  # our own crosswalk export: the SSSOM file holds it
                continue
            external.append(_external(raw, kind, nodes, origin, destination, seq))
            external_at.setdefault(kind, []).append(i)
            continue
        if kind == "isChildOf":
            relations.append(Relation(destination, RelationType.CONTAINS, origin))
            has_children.add(destination)
        elif kind == UNDERPINS_ASSOCIATION or (
                kind == "isRelatedTo" and raw_ext.get("relation") == "underpins"):
            relations.append(Relation(origin, RelationType.UNDERPINS, destination))
        elif kind in ("exactMatchOf", "isRelatedTo"):
            predicate = _string(raw_ext, "predicate_id")
            if predicate not in _PREDICATES:
                predicate = "skos:exactMatch" if kind == "exactMatchOf" else "skos:relatedMatch"
            relations.append(Relation(origin, predicate, destination))
        else:
            unmapped.append(f"{origin} {kind} {destination}")
            warn(file, at, f"association type {kind!r} has no relation here: kept in the "
                 "annotation 'case:association'")
            continue
        relation_at.append(at)
        sequence.append(seq)
    if external:
        counts = ", ".join(f"{k}: {len(v)}" for k, v in external_at.items())
        first = min(v[0] for v in external_at.values())
        warn(file, Pointer("CFAssociations", first), f"{len(external)} association(s) leave the package ({counts}); "
             "kept in the annotation 'case:external_association'")
    if skipped_mappings:
        warn(file, Pointer("CFAssociations"), f"{skipped_mappings} crosswalk mapping(s) to other "
             "frameworks are not part of the framework: read them from their SSSOM files")

    # -- elements ----------------------------------------------------------------------
    elements: list[Element] = []
    element_at: list[Location] = []
    unknown_types: list[str] = []
    for i, raw, curie in item_rows:
        at = Pointer("CFItems", i)
        item_ext = _extension(raw, at, add)
        kind = _kind_of(raw)
        if kind is None:
            kind = ElementKind.SECTION if curie in has_children else ElementKind.CRITERION
            type_name = raw.get("CFItemType")
            if isinstance(type_name, str) and type_name.strip():
                unknown_types.append(f"{curie} {type_name}")
        fields: dict[str, Any] = {"id": curie, "text": raw["fullStatement"]}
        for key, slot in (("notation", "humanCodingScheme"), ("title", "abbreviatedStatement"),
                          ("note", "notes")):
            value = raw.get(slot)
            if value is None or value == "":
                continue  # empty optional fields are absent (as OpenSALT reads them)
            if _is_str(value, at / slot, add):
                fields[key] = value
        alt = item_ext.get("alt_titles")
        if alt is None:
            label = raw.get("alternativeLabel")
            alt = [label] if isinstance(label, str) and label.strip() else []
        if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
            add(at / "extensions" / EXTENSION_KEY / "alt_titles", f"{alt!r} is not a list",
                "a list of strings")
            continue
        fields["alt_titles"] = alt
        if "location" in item_ext:
            fields["location"] = item_ext["location"]
        if kind is ElementKind.REQUIREMENT:
            for key in ("category", "necessity", "assessed_by"):
                if key in item_ext:
                    fields[key] = item_ext[key]
            if isinstance(fields.get("assessed_by"), str):
                fields["assessed_by"] = [fields["assessed_by"]]
        cls = element_class(kind)
        element = element_or_problem(cls, fields, add, at)
        if element is not None:
            elements.append(element)
            element_at.append(at)

    # -- framework ---------------------------------------------------------------------
    if own:
        annotations = ext.get("annotations", [])
        if not (isinstance(annotations, list) and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
            and isinstance(p[1], list) and all(isinstance(v, str) for v in p[1])
            for p in annotations
        )):
            add(_DOCUMENT / "extensions" / EXTENSION_KEY / "annotations",
                "malformed annotations", "a list of [key, [values...]] pairs")
            annotations = []
    else:
        annotations = [[k, v] for k, v in identity if v]
        for key, values in (("case:CFItemType", unknown_types), ("case:association", unmapped),
                            ("case:external_association", external)):
            if values:
                annotations.append([key, values])
    if problems:
        raise DocumentError(problems)

    metadata: dict[str, Any] = {
        "id": fid, "title": doc["title"], "base_iri": base_iri,
        "publisher": _text(doc, "publisher") if own
        else _text(doc, "publisher") or _text(doc, "creator"),
        "version": _text(doc, "version"), "description": _text(doc, "description"),
        "rights": _rights(data, doc),
        "date": ext.get("date") if own else _text(doc, "statusStartDate"),
        "source": ext.get("source") if own else _text(doc, "officialSourceURL"),
        "annotations": [(k, tuple(v)) for k, v in annotations],
    }
    valid_ids = {e.id for e in elements}
    keep = [i for i, r in enumerate(relations) if r.source in valid_ids and r.target in valid_ids]
    relations = sort_siblings([relations[i] for i in keep], [sequence[i] for i in keep])
    if root_sequence:
        elements, element_at = _order_roots(elements, element_at, relations, root_sequence)
    return build_framework(
        metadata, elements, relations, file=file, element_at=element_at,
        relation_at=[relation_at[i] for i in keep], metadata_at=_DOCUMENT,
    )


def _identities(
    ext: Mapping[str, Any], doc: Mapping[str, Any], fid: str, items: list[dict[str, Any]],
) -> tuple[str, dict[str, str], list[tuple[str, list[str]]]]:
    """The base IRI, the CURIE of each item identifier, and the annotations that keep the
    CASE identifiers and URIs an export could not derive from the CURIEs.

    Our own packages carry the base IRI. Otherwise the base IRI is the longest prefix
    (up to a ``/`` or ``#``) the item URIs share when what follows it is a valid local id
    for every item (OpenSALT: ``https://host/uri/`` + the item's UUID); else it comes from
    the document URI and the local ids are the item identifiers."""
    doc_uri = _string(doc, "uri")
    uris = [raw.get("uri") for raw in items]
    base_iri = _string(ext, "base_iri")
    if base_iri is None and items and all(isinstance(u, str) for u in uris):
        candidate = iri_base(u for u in uris if isinstance(u, str))
        locals_ = [u[len(candidate):] for u in uris if isinstance(u, str)]
        if len(candidate) - 1 > candidate.find(":") > 0 and len(set(locals_)) == len(locals_) and all(
                _LOCAL.match(x) for x in locals_):
            base_iri = candidate
    if base_iri is None:
        base_iri = _base_from(doc_uri, fid)
    curie_of: dict[str, str] = {}
    identifiers: list[str] = []
    item_uris: list[str] = []
    for raw in items:
        identifier, uri = raw["identifier"], raw.get("uri")
        local = uri[len(base_iri):] if isinstance(uri, str) and uri.startswith(base_iri) \
            and _LOCAL.match(uri[len(base_iri):]) else None
        if local is None:
            local = identifier if _LOCAL.match(identifier) else slug(identifier, "item")
        curie_of[identifier] = f"{fid}:{local}"
        iri = base_iri + local
        if identifier != case_uuid(iri):
            identifiers.append(f"{local} {identifier}")
        if isinstance(uri, str) and uri != iri:
            item_uris.append(f"{local} {uri}")
    identity: list[tuple[str, list[str]]] = []
    if not ext:
        doc_id = _string(doc, "identifier")
        identity.append(("case:document_identifier",
                         [doc_id] if doc_id and doc_id != case_uuid(base_iri) else []))
        identity.append(("case:document_uri",
                         [doc_uri] if doc_uri and doc_uri != base_iri else []))
        stamp = _string(doc, "lastChangeDateTime")
        identity.append(("case:lastChangeDateTime", [stamp] if stamp else []))
        identity += [("case:identifier", identifiers), ("case:uri", item_uris)]
    return base_iri, curie_of, identity


def _sequence(value: object, at: Pointer, file: str, add: Add) -> float | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        warn(file, at, f"sequenceNumber {value!r} is a string: read as "
             f"{int(value)}", "an integer")
        return int(value)
    add(at, f"{value!r} is not an integer", "an integer or nothing")
    return None


def _external(
    raw: Mapping[str, Any], kind: str, nodes: list[dict[str, Any]], origin: str | None,
    destination: str | None, seq: float | None,
) -> str:
    """One association that leaves the package, as compact JSON: each end is our CURIE
    when it is an item of the package, else its CASE link (title, identifier, uri)."""
    def end(node: Mapping[str, Any], curie: str | None) -> object:
        if curie is not None:
            return curie
        return {k: node[k] for k in ("title", "identifier", "uri") if isinstance(node.get(k), str)}

    record: dict[str, Any] = {"type": kind, "origin": end(nodes[0], origin),
                              "destination": end(nodes[1], destination)}
    for key in ("identifier", "uri"):
        if isinstance(raw.get(key), str):
            record[key] = raw[key]
    if seq is not None:
        record["sequenceNumber"] = seq
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _order_roots(
    elements: list[Element], element_at: list[Location], relations: list[Relation],
    root_sequence: Mapping[str, float],
) -> tuple[list[Element], list[Location]]:
    """Put the roots (children of the CFDocument) in ``sequenceNumber`` order within the
    positions the roots hold; every other element keeps its place."""
    children = {r.target for r in relations if r.type is RelationType.CONTAINS}
    slots = [i for i, e in enumerate(elements) if e.id not in children]
    ordered = sorted(slots, key=lambda i: (
        elements[i].id not in root_sequence, root_sequence.get(elements[i].id, 0), i))
    out, out_at = list(elements), list(element_at)
    for slot, index in zip(slots, ordered, strict=True):
        out[slot], out_at[slot] = elements[index], element_at[index]
    return out, out_at


def _kind_of(item: Mapping[str, Any]) -> ElementKind | None:
    link = item.get("CFItemTypeURI")
    if isinstance(link, dict):
        uri = link.get("uri")
        if isinstance(uri, str) and uri.startswith(ITEM_TYPE_BASE):
            kind = _KIND_NAMES.get(uri[len(ITEM_TYPE_BASE):])
            if kind is not None:
                return kind
    name = item.get("CFItemType")
    return _KIND_NAMES.get(name.strip().lower()) if isinstance(name, str) else None


def _rights(data: Mapping[str, Any], doc: Mapping[str, Any]) -> str | None:
    link = doc.get("licenseURI")
    definitions = data.get("CFDefinitions")
    if not isinstance(link, dict) or not isinstance(definitions, dict):
        return None
    for license_ in definitions.get("CFLicenses") or []:
        if isinstance(license_, dict) and license_.get("identifier") == link.get("identifier"):
            text = license_.get("licenseText")
            return text if isinstance(text, str) and text.strip() else None
    return None


def _base_from(uri: str | None, fid: str) -> str:
    if uri is None or ":" not in uri:
        return f"urn:x-case:{fid}/"
    return uri if uri[-1] in "/#" else uri + "/"


def _require(
    obj: Mapping[str, Any], at: Pointer, key: str, expected: str, add: Add, *,
    text: bool = False
) -> bool:
    if key not in obj:
        add(at, f"missing {key!r}", expected)
        return False
    value = obj[key]
    if not isinstance(value, str):
        add(at / key, f"{value!r} is not a string", expected)
        return False
    if text and not value.strip():
        add(at / key, "empty text", expected)
        return False
    return True


def _is_str(value: object, at: Pointer, add: Add) -> bool:
    if not isinstance(value, str) or not value.strip():
        add(at, f"{value!r} is not non-empty text", "non-empty text")
        return False
    return True


def _string(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) and value else None


def _text(obj: Mapping[str, Any], key: str) -> str | None:
    """An optional text field: absent, null, empty or blank all mean "not given"."""
    value = obj.get(key)
    return value if _filled(value) else None


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _list(data: Mapping[str, Any], key: str, add: Add) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        add(Pointer(key), f"{key} is not a list", "a JSON array")
        return []
    return value


def _extension(obj: Mapping[str, Any], at: Pointer, add: Add) -> dict[str, Any]:
    extensions = obj.get("extensions")
    if not isinstance(extensions, dict):
        return {}
    ours = extensions.get(EXTENSION_KEY)
    if ours is None:
        return {}
    if not isinstance(ours, dict):
        add(at / "extensions" / EXTENSION_KEY, "not an object", "an object of fields")
        return {}
    return ours

