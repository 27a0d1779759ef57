"""JSON Schema validation of documents, rendered as :class:`~competency.errors.Problem` s.

The schemas ship in ``competency/schemas/*.schema.json`` (draft 2020-12). Validators are
compiled once per schema, on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from importlib import resources
from typing import Any

from competency.errors import Pointer, Problem

__all__ = ["framework_problems", "load_schema", "schema_problems", "to_pointer"]


def to_pointer(path: Iterable[object]) -> Pointer:
    """The RFC 6901 JSON pointer of a jsonschema ``absolute_path``.

    Examples
    --------
    >>> str(to_pointer(["elements", 12, "text"]))
    '/elements/12/text'
    >>> str(to_pointer(["annotations", "a/b~c"]))
    '/annotations/a~1b~0c'
    >>> to_pointer([]) == Pointer()
    True
    """
    return Pointer(*(part if isinstance(part, int) else str(part) for part in path))


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the shipped JSON Schema ``schemas/<name>.schema.json`` as a dict."""
    text = (resources.files("competency") / "schemas" / f"{name}.schema.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(data: object, name: str, *, file: str) -> list[Problem]:
    """Validate `data` against schema `name`; return every problem, in document order.

    For each failing location only the most relevant error is kept (jsonschema's
    ``best_match`` among the errors at that location), so one bad value yields one line.

    Examples
    --------
    >>> problems = schema_problems({"format": "competency-framework/1"}, "framework",
    ...                            file="fw.json")
    >>> print(problems[0])
    fw.json:/: missing required fields 'id', 'title', 'base_iri', 'elements', 'relations' — expected an object with the fields base_iri, elements, format, id, relations, title
    """
    return [problem for _, problem in _located_schema_problems(data, name, file)]


def _located_schema_problems(
    data: object, name: str, file: str
) -> list[tuple[tuple[object, ...], Problem]]:
    from jsonschema.exceptions import best_match

    by_location: dict[tuple[object, ...], list[Any]] = {}
    for error in _validator(name).iter_errors(data):
        for leaf in _leaves(error):
            by_location.setdefault(tuple(leaf.absolute_path), []).append(leaf)
    problems = []
    for path in sorted(by_location, key=_path_key):
        errors = by_location[path]
        required = [e for e in errors if e.validator == "required"]
        problems.append((path, _problem(required[0] if required else best_match(errors), file)))
    return problems


def _leaves(error: Any) -> list[Any]:
    """Descend into ``if/then``, ``anyOf`` etc. to the errors that name a concrete field."""
    if error.context:
        return [leaf for sub in error.context for leaf in _leaves(sub)]
    return [error]


def _path_key(path: tuple[object, ...]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def _problem(error: Any, file: str) -> Problem:
    validator, value, instance = error.validator, error.validator_value, error.instance
    pointer = to_pointer(error.absolute_path)
    if validator == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        missing = missing or list(value)
        return Problem(
            file=file, location=pointer,
            message=f"missing required field{'s' if len(missing) > 1 else ''} "
                    + ", ".join(map(repr, missing)),
            expected=f"an object with the fields {', '.join(sorted(value))}",
        )
    if validator in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed) if isinstance(instance, dict) else []
        return Problem(
            file=file, location=pointer,
            message=f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}",
            expected=f"only the fields {', '.join(allowed)}" if allowed else "no further fields",
            fix="Remove the field or check its spelling",
        )
    return Problem(
        file=file, location=pointer, message=f"found {_short(instance)}",
        expected=_describe(validator, value, error.schema),
    )


def _describe(validator: str, value: Any, schema: dict[str, Any]) -> str:
    """Word what the schema wants, from the failing keyword."""
    if "description" in schema and validator == "pattern":
        return f"{schema['description'][0].lower()}{schema['description'][1:].rstrip('.')}"
    if validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)
    if validator == "enum":
        return "one of " + ", ".join(repr(v) for v in value)
    if validator == "const":
        return repr(value)
    if validator == "pattern":
        return f"text matching the pattern {value}"
    if validator == "minLength":
        return f"text of at least {value} character{'s' if value != 1 else ''}"
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<"}
        return f"a number {words[validator]} {value}"
    if validator == "minItems":
        return f"at least {value} item{'s' if value != 1 else ''}"
    if validator == "uniqueItems":
        return "items without repeats"
    return f"a value satisfying '{validator}: {value}'"


_TYPE_WORDS = {
    "object": "an object", "array": "an array", "string": "a string", "integer": "an integer",
    "number": "a number", "boolean": "true or false", "null": "null",
}


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- framework documents at scale -----------------------------------------------------------
#
# jsonschema costs ~0.1 ms per element, so validating a document of 50,000 bad elements
# through it takes seconds. The element and relation schemas are small and fixed, so they
# are checked here directly, with the problems worded exactly as :func:`schema_problems`
# words them (the wording is taken from the schema itself); jsonschema validates the rest of
# the document. A property test pins that both give the same problems.


def framework_problems(data: object, *, file: str) -> list[Problem]:
    """Every problem :func:`schema_problems` finds in a framework document, in document
    order, in time linear in the size of the document (about 1 µs per element).

    Examples
    --------
    >>> doc = {"format": "competency-framework/1", "id": "d", "title": "D",
    ...        "base_iri": "https://example.org/d/", "relations": [],
    ...        "elements": [{"id": "d:U1", "kind": "skill", "text": "x", "colour": "red"}]}
    >>> for problem in framework_problems(doc, file="fw.json"):
    ...     print(problem)
    fw.json:/elements/0: unknown field 'colour' — expected only the fields alt_titles, id, kind, location, notation, note, text, title. Remove the field or check its spelling
    fw.json:/elements/0/kind: found 'skill' — expected one of 'unit', 'section', 'criterion', 'knowledge', 'attribute', 'scope', 'duty', 'requirement', 'expectation'
    """
    if not isinstance(data, dict):
        return schema_problems(data, "framework", file=file)
    elements, relations = data.get("elements"), data.get("relations")
    shell = dict(data)
    if isinstance(elements, list):
        shell["elements"] = []
    if isinstance(relations, list):
        shell["relations"] = []
    # Blocks sorted by path; each array's block is in document order as built.
    blocks: list[tuple[tuple[tuple[int, int | str], ...], list[Problem]]] = [
        (_path_key(path), [problem]) for path, problem in
        _located_schema_problems(shell, "framework", file)
    ]
    words = _words()
    if isinstance(elements, list):
        found: _Located = []
        requirement, other = words.requirement, words.other
        for i, raw in enumerate(elements):
            shape = requirement if type(raw) is dict and raw.get("kind") == "requirement" \
                and type(raw["kind"]) is str else other
            if not shape.accepts(raw):
                _item_problems(raw, ("elements", i), shape, file, found)
        blocks.append((((1, "elements"),), _in_order(found)))
    if isinstance(relations, list):
        found = []
        relation = words.relation
        for i, raw in enumerate(relations):
            if not relation.accepts(raw):
                _item_problems(raw, ("relations", i), relation, file, found)
        blocks.append((((1, "relations"),), _in_order(found)))
    blocks.sort(key=lambda block: block[0])
    return [problem for _, block in blocks for problem in block]


def _in_order(found: _Located) -> list[Problem]:
    """`found` is in item order; put each item's few problems in path order."""
    problems: list[Problem] = []
    start = 0
    for end in range(1, len(found) + 1):
        if end == len(found) or found[end][0][:2] != found[start][0][:2]:
            group = found[start:end]
            if len(group) > 1:
                group.sort(key=lambda pair: _path_key(pair[0]))
            problems.extend(problem for _, problem in group)
            start = end
    return problems


_Located = list[tuple[tuple[object, ...], Problem]]


class _Field:
    """What the schema asks of one field of an element or relation, and how it words it."""

    __slots__ = ("items", "kind", "pattern", "strings", "type_words", "values", "words")

    def __init__(self, schema: dict[str, Any], defs: dict[str, Any]) -> None:
        schema = _resolved(schema, defs)
        self.kind: str = "any"
        self.pattern: Any = None
        self.values: tuple[object, ...] = ()
        self.strings: frozenset[str] = frozenset()
        self.items: _Field | None = None
        self.words = self.type_words = ""
        if "enum" in schema:
            self.kind, self.values = "enum", tuple(schema["enum"])
            self.strings = frozenset(v for v in self.values if type(v) is str)
            self.words = _describe("enum", schema["enum"], schema)
        elif schema.get("type") == "string":
            import re

            self.kind = "string"
            self.type_words = _describe("type", "string", schema)
            if "pattern" in schema:
                self.pattern = re.compile(schema["pattern"])
                self.words = _describe("pattern", schema["pattern"], schema)
        elif schema.get("type") == "array":
            self.kind = "array"
            self.type_words = _describe("type", "array", schema)
            self.items = _Field(schema["items"], defs)

    def accepts(self, value: object) -> bool:
        """Whether `value` passes (the quick test taken for every field)."""
        if self.kind == "string":
            return type(value) is str and (self.pattern is None
                                           or self.pattern.search(value) is not None)
        if self.kind == "enum":
            return type(value) is str and value in self.strings
        if self.kind == "array":
            assert self.items is not None
            return type(value) is list and all(map(self.items.accepts, value))
        return True

    def check(self, value: object, path: tuple[object, ...], file: str,
              out: _Located) -> None:
        """Append the problem(s) of `value` at `path` to `out`."""
        if self.accepts(value):
            return
        expected = ""
        if self.kind == "enum":
            if not any(type(value) is type(v) and value == v for v in self.values):
                expected = self.words
        elif self.kind == "string":
            if not isinstance(value, str):
                expected = self.type_words
            elif self.pattern is not None and self.pattern.search(value) is None:
                expected = self.words
        elif self.kind == "array":
            if not isinstance(value, list):
                expected = self.type_words
            else:
                assert self.items is not None
                for j, item in enumerate(value):
                    self.items.check(item, (*path, j), file, out)
        if expected:
            out.append((path, Problem(file=file, location=to_pointer(path),
                                      message=f"found {_short(value)}", expected=expected)))


class _Shape:
    """The schema of an element (of one branch of its if/then/else) or of a relation."""

    __slots__ = ("allowed", "allowed_words", "fields", "required", "required_set",
                 "required_words")

    def __init__(self, fields: dict[str, _Field], required: list[str]) -> None:
        self.fields = fields
        self.allowed = frozenset(fields)
        self.allowed_words = ", ".join(sorted(fields))
        self.required = tuple(required)
        self.required_words = ", ".join(sorted(required))
        self.required_set = frozenset(required)

    def accepts(self, raw: object) -> bool:
        """Whether `raw` passes (the quick test taken for every item)."""
        if type(raw) is not dict:
            return False
        keys = raw.keys()
        if not (keys <= self.allowed and keys >= self.required_set):
            return False
        fields = self.fields
        return all(fields[key].accepts(value) for key, value in raw.items())


class _Words:
    def __init__(self) -> None:
        schema = load_schema("framework")
        defs = schema["$defs"]
        common = {k: _Field(v, defs) for k, v in defs["common"]["properties"].items()}
        element = defs["element"]
        then = dict(common)
        for key, sub in element["then"]["properties"].items():
            if sub is not True:
                then[key] = _Field(sub, defs)
        self.requirement = _Shape(then, element["required"])
        self.other = _Shape(common, element["required"])
        relation = defs["relation"]
        self.relation = _Shape({k: _Field(v, defs) for k, v in relation["properties"].items()},
                               relation["required"])
        self.object_words = _describe("type", "object", {})


@functools.cache
def _words() -> _Words:
    return _Words()


def _resolved(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _item_problems(
    raw: object, path: tuple[str, int], shape: _Shape, file: str, out: _Located
) -> None:
    pointer = Pointer(*path)
    if not isinstance(raw, dict):
        out.append((path, Problem(file=file, location=pointer, message=f"found {_short(raw)}",
                                  expected=_words().object_words)))
        return
    missing = [key for key in shape.required if key not in raw]
    if missing:
        out.append((path, Problem(
            file=file, location=pointer,
            message=f"missing required field{'s' if len(missing) > 1 else ''} "
                    + ", ".join(map(repr, missing)),
            expected=f"an object with the fields {shape.required_words}",
        )))
    elif not raw.keys() <= shape.allowed:
        extra = sorted(k for k in raw if k not in shape.allowed)
        out.append((path, Problem(
            file=file, location=pointer,
            message=f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}",
            expected=f"only the fields {shape.allowed_words}",
            fix="Remove the field or check its spelling",
        )))
    fields = shape.fields
    for key, value in raw.items():
        field = fields.get(key)
        if field is not None:  # the schema's field names need no ~ or / escapes
            field.check(value, (*path, key), file, out)
