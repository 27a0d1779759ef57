"""Set-level checks of a crosswalk read column by column: "is there no problem at all?"

The checks of :func:`competency.crosswalk.model.crosswalk_problems` report each problem at
the mapping where it is, so they look at every mapping in turn. A large file almost always
has no problem, and whether it has one can be decided from its columns with set operations
on distinct values, in C loops. Each function here answers that question exactly (``True``
means the row-by-row check would report nothing); when it answers ``False``, the row-by-row
check runs and reports the problems, so messages and locations are those of that check.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Iterable, Sequence
from itertools import compress, repeat
from typing import Any

__all__ = ["Column", "distinct_prefixes", "no_pair_problems", "no_unknown_ids"]

Column = Callable[[str], Sequence[Any]]
"""A mapping slot's values, one per mapping, by slot name."""


def distinct_prefixes(values: Iterable[str]) -> set[str]:
    """The CURIE prefixes (the part before the first colon) of `values` (best distinct)."""
    return {v.partition(":")[0] for v in values}


def no_unknown_ids(values: Iterable[str], known: Container[str]) -> bool:
    """Whether every one of `values` (best distinct) is in `known`."""
    return all(v in known for v in values)


def _keys(*columns: Sequence[str]) -> Iterable[str]:
    # a tab joins the cells of a key: no CURIE or predicate holds one (they are one TSV cell),
    # and joining makes no tuple per row (a tuple per row wakes the cyclic garbage collector)
    return map("\t".join, zip(*columns, strict=True))


def no_pair_problems(column: Column, count: int, disjoint: Iterable[tuple[str, str]],
                     negated: str) -> bool:
    """Whether no ``(subject, predicate, object)`` is given twice (repeated, or both asserted
    and negated) and no pair is mapped, without `negated`, with two predicates that are
    `disjoint`."""
    subjects, predicates, objects = (
        column("subject_id"), column("predicate_id"), column("object_id"))
    if len(set(_keys(subjects, predicates, objects))) != count:
        return False
    modifiers = column("predicate_modifier")
    positive = list(map(operator.ne, modifiers, repeat(negated))) if any(modifiers) else None
    pairs = list(_keys(subjects, objects))
    partners: dict[str, set[str]] = {}
    for a, b in disjoint:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)

    def chosen(test: Callable[[str], bool]) -> Iterable[bool]:
        mask: Iterable[bool] = map(test, predicates)
        return mask if positive is None else map(operator.and_, mask, positive)

    done: set[str] = set()
    for a in sorted(partners):
        done.add(a)
        others = partners[a] - done  # each disjoint pair once
        if not others:
            continue
        with_a = set(compress(pairs, chosen(a.__eq__)))
        if with_a and not with_a.isdisjoint(compress(pairs, chosen(others.__contains__))):
            return False
    return True
