"""Checks of single SSSOM slot values, shared by the model's validators and the TSV reader.

Each check takes a typed value and returns ``None`` when it is acceptable, or a pair
``(what is wrong, what was expected)``.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Container, Sequence

from competency.crosswalk.vocabulary import BUILT_IN_PREFIXES, Justification, Predicate

__all__ = [
    "Complaint",
    "check_curie",
    "check_curie_list",
    "check_curie_map_entry",
    "check_date",
    "check_iri",
    "check_justification",
    "check_modifier",
    "check_predicate",
    "check_reference",
    "check_text",
    "check_text_list",
    "check_unit_interval",
    "curie_prefix",
    "list_check",
    "one_of",
]

Complaint = tuple[str, str]

NEGATED = "Not"

_PREFIX = re.compile(r"\A[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_CURIE = re.compile(r"\A([A-Za-z_][A-Za-z0-9_.\-]*):(\S+)\Z")
_IRI = re.compile(r"\A[A-Za-z][A-Za-z0-9+.\-]*:\S+\Z")
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
# Unicode category Cc (C0, DEL, C1) and the two Unicode line/paragraph separators
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# the same, for checking many values at once (the SSSOM reader's columns): a table's text
# joined with tabs, a column's values joined with line breaks
CONTROL_EXCEPT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_BYTES = bytes(0 if (b < 0x20 and b != 0x09) or b == 0x7f else b for b in range(256))
"""A ``bytes.translate`` table that turns every ASCII control character but the tab into
NUL: ASCII text has one of them if its translation holds a NUL."""
NOT_CURIE_LINE = re.compile("(?m)^(?!" + _CURIE.pattern[2:-2] + "$)")
"""Finds a line that is not a CURIE (as :func:`check_curie` reads one, controls apart)."""
NOT_IRI_LINE = re.compile("(?m)^(?!" + _IRI.pattern[2:-2] + "$)")
"""Finds a line that is not an absolute IRI (as :func:`check_iri`, controls apart)."""

PREDICATES = frozenset(p.value for p in Predicate)
JUSTIFICATIONS = frozenset(j.value for j in Justification)


def curie_prefix(curie: str) -> str:
    """The prefix of `curie` (the part before the first colon)."""
    return curie.partition(":")[0]


def check_text(value: object) -> Complaint | None:
    """One line of text: non-blank, no tabs, line breaks or other control characters, and
    no surrounding whitespace (SSSOM TSV cells cannot hold them)."""
    if not isinstance(value, str):
        return f"{value!r} is not text", "a string"
    if not value.strip():
        return "the value is blank", "non-blank text (leave the cell empty for no value)"
    if value != value.strip():
        return f"{value!r} has leading or trailing whitespace", "text without it"
    bad = _CONTROL.search(value)
    if bad is not None:
        return (f"{value!r} contains the control character {bad[0]!r}",
                "one line of text without tabs or line breaks")
    return None


def check_curie(value: object) -> Complaint | None:
    """A CURIE ``prefix:local`` with no whitespace."""
    if (not isinstance(value, str) or _CURIE.match(value) is None
            or _CONTROL.search(value) is not None):
        return f"{value!r} is not a CURIE", "a CURIE 'prefix:local' such as 'pt-nos:LSIPT01.P1'"
    return None


def check_iri(value: object) -> Complaint | None:
    """An absolute IRI (a scheme, a colon, no whitespace)."""
    if (not isinstance(value, str) or _IRI.match(value) is None
            or _CONTROL.search(value) is not None):
        return (f"{value!r} is not an absolute IRI",
                "an absolute IRI such as 'https://creativecommons.org/licenses/by/4.0/'")
    return None


def check_reference(value: object) -> Complaint | None:
    """A CURIE or an absolute IRI (SSSOM's ``EntityReference``)."""
    if check_iri(value) is None:
        return None
    return f"{value!r} is not a CURIE or IRI", "a CURIE such as 'competency:pt-nos' or an IRI"


def check_curie_map_entry(prefix: object, iri: object, seen: Container[str]) -> Complaint | None:
    """One ``prefix: IRI`` entry of a ``curie_map`` whose prefixes so far are `seen`."""
    if not isinstance(prefix, str) or _PREFIX.match(prefix) is None:
        return (f"{prefix!r} is not a CURIE prefix",
                "a letter or '_', then letters, digits, '_', '.' or '-'")
    if prefix in seen:
        return f"the prefix {prefix!r} is given twice", "each prefix once"
    complaint = check_iri(iri)
    if complaint is not None:
        return f"{prefix!r}: {complaint[0]}", complaint[1]
    built_in = BUILT_IN_PREFIXES.get(prefix)
    if built_in is not None and iri != built_in:
        return (f"{iri!r} redefines the built-in prefix {prefix!r}",
                f"{built_in!r} (or no entry)")
    return None


def check_predicate(value: object) -> Complaint | None:
    """One of the five SKOS mapping predicates."""
    if value not in PREDICATES:
        return (f"unknown predicate {value!r}",
                "one of " + ", ".join(p.value for p in Predicate))
    return None


def check_justification(value: object) -> Complaint | None:
    """One of the semapv matching processes."""
    if value not in JUSTIFICATIONS:
        return (f"unknown mapping justification {value!r}",
                "a semapv term such as 'semapv:ManualMappingCuration' (one of "
                + ", ".join(j.value for j in Justification) + ")")
    return None


def check_modifier(value: object) -> Complaint | None:
    """Absent, or ``"Not"``."""
    if value is not None and value != NEGATED:
        return f"unknown predicate modifier {value!r}", "'Not' or an empty cell"
    return None


def check_unit_interval(value: object) -> Complaint | None:
    """A number from 0 to 1 inclusive."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value!r} is not a number", "a number from 0 to 1"
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        return f"{value!r} is outside 0–1", "a number from 0 to 1"
    return None


def check_date(value: object) -> Complaint | None:
    """An ISO 8601 calendar date ``YYYY-MM-DD``."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return None
    return f"{value!r} is not a date", "an ISO date YYYY-MM-DD such as '2024-05-31'"


def list_check(item_check: Callable[[object], Complaint | None]) -> Callable[
    [tuple[object, ...]], Complaint | None
]:
    def check(values: tuple[object, ...]) -> Complaint | None:
        for value in values:
            complaint = item_check(value)
            if complaint is not None:
                return complaint
            if isinstance(value, str) and "|" in value:
                return (f"{value!r} contains '|'",
                        "values without '|' (it separates the values of a TSV cell)")
        return None

    return check


check_curie_list = list_check(check_curie)
check_text_list = list_check(check_text)


def one_of(values: Sequence[str], example: str) -> Callable[[object], Complaint | None]:
    """A check that a value is one of `values` (an enumeration of the SSSOM schema)."""
    allowed = frozenset(values)

    def check(value: object) -> Complaint | None:
        if value not in allowed:
            return (f"{value!r} is not one of the permitted values",
                    f"{example} (one of " + ", ".join(repr(v) for v in values) + ")")
        return None

    return check
