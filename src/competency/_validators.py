"""attrs validators and converters shared by the model classes (private).

Each validator raises ``ValueError``/``TypeError`` naming the field, what it must be and the
value found; loaders turn those into located :class:`~competency.errors.Problem` s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

__all__ = [
    "ID_PATTERN",
    "are_texts",
    "is_base_iri",
    "is_id",
    "is_optional_text",
    "is_text",
    "texts",
    "tuple_of",
]

ID_PATTERN = r"[A-Za-z][A-Za-z0-9_.-]*"
"""A framework or rubric id, which is also the CURIE prefix of its elements."""
_ID = re.compile(rf"\A{ID_PATTERN}\Z")

Validator = Callable[[object, "attrs.Attribute[Any]", Any], None]


def is_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The value is a string with at least one non-space character."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be non-empty text, got {value!r}")


def is_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None``, or non-empty text."""
    if value is not None:
        is_text(instance, attribute, value)


def texts(items: Iterable[str]) -> tuple[str, ...]:
    """Converter: any iterable of strings to a tuple (typed, unlike ``converter=tuple``)."""
    return tuple(items)


def are_texts(instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Every item is non-empty text."""
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{attribute.name} must hold non-empty strings, got {item!r}")


def is_id(example: str) -> Validator:
    """A validator for framework/rubric ids, whose message cites `example`."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or _ID.match(value) is None:
            raise ValueError(
                f"{attribute.name} must be an id such as {example!r} (a letter, then "
                f"letters, digits, '.', '_' or '-'), got {value!r}"
            )

    return check


def is_base_iri(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An absolute IRI ending in ``/`` or ``#`` (so that ``base + local`` is an IRI)."""
    if not isinstance(value, str) or ":" not in value or value[-1] not in "/#":
        raise ValueError(
            f"{attribute.name} must be an absolute IRI ending in '/' or '#', got {value!r}"
        )


def tuple_of(cls: type) -> Validator:
    """A validator: every item of the tuple is an instance of `cls`."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, cls):
                raise TypeError(
                    f"{attribute.name}[{i}] must be a {cls.__name__}, got {type(item).__name__}"
                )

    return check
