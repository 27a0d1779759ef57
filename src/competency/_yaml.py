"""YAML read safely: PyYAML's ``SafeLoader`` (no tags that run code), with the expansion of
aliases and the depth of nesting bounded before anything is built.

A "billion laughs" document (each anchor a list of aliases of the one before) is small on
disk but stands for billions of values; PyYAML builds it as shared references quickly, but
anything that walks the result (validation, printing, writing it back) then runs for minutes
and gigabytes. Deep nesting makes PyYAML's recursive composer raise ``RecursionError``. Both
are found here in one pass over the parser's events (iterative, so nothing recurses), before
any node is composed, and reported as a :class:`yaml.MarkedYAMLError` at the offending line
and column, so callers that already report PyYAML's errors need no change.

Examples
--------
>>> from competency._yaml import safe_load
>>> safe_load("title: Demo\\nkeywords: [a, b]")
{'title': 'Demo', 'keywords': ['a', 'b']}
>>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\\n"
...     for i in range(8))
>>> safe_load(bomb)
Traceback (most recent call last):
...
competency._yaml.YAMLBoundsError: the YAML stands for more than 100000 values once its aliases are expanded
  in "<unicode string>", line 5, column 36:
...
"""

from __future__ import annotations

from typing import Any, cast

import yaml  # this module is imported only where YAML is read

__all__ = ["MAX_YAML_DEPTH", "MAX_YAML_VALUES", "YAMLBoundsError", "check_bounds",
           "safe_compose", "safe_load"]

MAX_YAML_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted (our headers need 2-3)."""

MAX_YAML_VALUES = 100_000
"""Most values (scalars, mappings, sequences) a document may stand for, aliases expanded."""


class YAMLBoundsError(yaml.MarkedYAMLError):
    """YAML that nests too deeply or stands for too many values (a PyYAML error, so code
    reporting PyYAML's errors reports it too)."""


def check_bounds(text: str, *, max_depth: int = MAX_YAML_DEPTH,
                 max_values: int = MAX_YAML_VALUES) -> None:
    """Raise a :class:`yaml.MarkedYAMLError` if `text` nests deeper than `max_depth` or stands
    for more than `max_values` values once aliases are expanded; syntax errors are left to
    the loader (they surface here as PyYAML's own errors).
    """
    anchors: dict[str, int] = {}
    # One frame per open collection: [values so far, anchor or None].
    stack: list[list[Any]] = []
    total = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([1, event.anchor])
            if len(stack) > max_depth:
                raise YAMLBoundsError(
                    problem=f"the YAML nests more than {max_depth} levels deep",
                    problem_mark=cast("yaml.Mark", event.start_mark))
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            size, anchor = stack.pop()
            if anchor is not None:
                anchors[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = anchors.get(event.anchor or "", 1)
        else:
            continue
        if stack:
            stack[-1][0] += size
            current = stack[-1][0] + sum(frame[0] for frame in stack[:-1])
        else:
            total += size
            current = total
        if current > max_values:
            raise YAMLBoundsError(
                problem=f"the YAML stands for more than {max_values} values once its "
                        "aliases are expanded",
                problem_mark=cast("yaml.Mark", event.start_mark))


def safe_load(text: str) -> Any:
    """:func:`yaml.safe_load` of `text` after :func:`check_bounds`.

    Raises
    ------
    yaml.MarkedYAMLError
        For a syntax error (PyYAML's own) or a document over the bounds, at its line and
        column.
    """
    check_bounds(text)
    return yaml.load(text, Loader=yaml.SafeLoader)


def safe_compose(text: str) -> yaml.Node | None:
    """:func:`yaml.compose` (safe) of `text` after :func:`check_bounds`: the node graph,
    with positions, for callers that report problems by line and column."""
    check_bounds(text)
    return yaml.compose(text, Loader=yaml.SafeLoader)
