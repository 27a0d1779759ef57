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

from competency.errors import Problem

__all__ = ["load_schema", "schema_problems", "to_pointer"]


def to_pointer(path: Iterable[object]) -> str:
    """Render a jsonschema ``absolute_path`` as an RFC 6901 JSON pointer.

    Examples
    --------
    >>> to_pointer(["elements", 12, "text"])
    '/elements/12/text'
    >>> to_pointer(["annotations", "a/b~c"])
    '/annotations/a~1b~0c'
    >>> to_pointer([])
    ''
    """
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


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
    from jsonschema.exceptions import best_match

    by_location: dict[tuple[object, ...], list[Any]] = {}
    for error in _validator(name).iter_errors(data):
        for leaf in _leaves(error):
            by_location.setdefault(tuple(leaf.absolute_path), []).append(leaf)
    problems = []
    for path in sorted(by_location, key=_path_key):
        errors = by_location[path]
        required = [e for e in errors if e.validator == "required"]
        problems.append(_problem(required[0] if required else best_match(errors), file))
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
