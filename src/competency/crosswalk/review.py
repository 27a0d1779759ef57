"""Reviewing a crosswalk: a reviewer's decisions on its rows, recorded in the SSSOM slots.

A :class:`Decision` names a row by its pair (``subject_id``, ``object_id``) and says
``accept``, ``reject`` or a predicate CURIE (accept with that predicate), with an optional
comment. :func:`apply_review` records the decisions:

- an accepted row (or one given a new predicate) gets the reviewer in ``reviewer_id`` /
  ``reviewer_label``, the ``review_date``, and ``mapping_justification``
  ``semapv:MappingReview`` (semapv: a candidate found otherwise, judged right by a reviewer);
  ``author_id`` and ``mapping_tool`` still say who or what proposed it;
- a rejected row is kept as a negative mapping (``predicate_modifier`` ``Not``) with the same
  record of the review, so the look-alike is not proposed again; its ``confidence`` (the
  author's confidence that the predicate *holds*) is removed;
- a decision's comment is added to the row's ``comment`` as ``review: ...``.

:func:`read_decisions` reads the decisions TSV that ``competency crosswalk review
--decisions`` takes: the columns ``subject_id``, ``object_id``, ``decision``, ``comment``.

Examples
--------
>>> from competency.crosswalk import Crosswalk, Mapping
>>> from competency.crosswalk.review import Decision, apply_review
>>> cw = Crosswalk(
...     mapping_set_id="https://example.org/a__b", license="https://example.org/l",
...     curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/"},
...     mappings=[Mapping(subject_id="a:1", predicate_id="skos:relatedMatch", object_id="b:X",
...                       mapping_justification="semapv:LLMBasedMatching", confidence=0.6),
...               Mapping(subject_id="a:2", predicate_id="skos:closeMatch", object_id="b:Y",
...                       mapping_justification="semapv:LLMBasedMatching", confidence=0.8)])
>>> done = apply_review(cw, [Decision("a:1", "b:X", "skos:closeMatch"),
...                          Decision("a:2", "b:Y", "reject", "different parties")],
...                     reviewer_id="orcid:0000-0002-1825-0097", date="2026-11-27")
>>> m = done.mappings[0]
>>> m.predicate_id, m.mapping_justification, m.reviewer_id, m.review_date
('skos:closeMatch', 'semapv:MappingReview', ('orcid:0000-0002-1825-0097',), '2026-11-27')
>>> n = done.mappings[1]
>>> n.predicate_modifier, n.confidence, n.comment
('Not', None, 'review: different parties')
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Iterable

import attrs

from competency.crosswalk._slots import check_curie, check_date, check_text, curie_prefix
from competency.crosswalk.model import Crosswalk, Mapping
from competency.crosswalk.vocabulary import Justification, Predicate
from competency.errors import INPUT, CrosswalkError, Location, Pointer, Position, Problem

__all__ = [
    "ACCEPT",
    "DECISION_COLUMNS",
    "KNOWN_REVIEWER_PREFIXES",
    "REJECT",
    "Decision",
    "apply_review",
    "is_reviewed_by",
    "loads_decisions",
    "read_decisions",
    "record_decision",
]

ACCEPT = "accept"
REJECT = "reject"

DECISION_COLUMNS = ("subject_id", "object_id", "decision", "comment")
"""The columns of a decisions TSV (**contract**); ``comment`` may be left out."""

KNOWN_REVIEWER_PREFIXES = {
    "orcid": "https://orcid.org/",
    "competency": "https://w3id.org/competency/",
}
"""Prefixes a reviewer id may use without the crosswalk declaring them: they are added to
its ``curie_map``."""


def _decision(value: str | Predicate) -> str:
    return value.value if isinstance(value, Predicate) else value


def _check_decision(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in (ACCEPT, REJECT) and value not in {p.value for p in Predicate}:
        raise ValueError(f"decision: {value!r} is not a decision — expected 'accept', "
                         "'reject' or a predicate such as 'skos:closeMatch'")


def _optional_text(instance: object, attribute: attrs.Attribute[str | None],
                   value: str | None) -> None:
    complaint = None if value is None else check_text(value)
    if complaint is not None:
        raise ValueError(f"comment: {complaint[0]} — expected {complaint[1]}")


@attrs.frozen
class Decision:
    """A reviewer's decision on the row mapping `subject_id` to `object_id`.

    Parameters
    ----------
    subject_id, object_id : str
        The pair, as CURIEs.
    decision : str or Predicate
        ``"accept"``, ``"reject"``, or a SKOS mapping predicate: accept with that predicate.
    comment : str, optional
        Why (one line).
    """

    subject_id: str
    object_id: str
    decision: str = attrs.field(converter=_decision, validator=_check_decision)
    comment: str | None = attrs.field(default=None, validator=_optional_text)


def is_reviewed_by(mapping: Mapping, reviewer_id: str) -> bool:
    """Whether `reviewer_id` has reviewed `mapping` (is among its ``reviewer_id``)."""
    return reviewer_id in mapping.reviewer_id


def record_decision(
    mapping: Mapping, decision: Decision, *, reviewer_id: str,
    reviewer_label: str | None = None, date: str,
) -> Mapping:
    """`mapping` with `decision` recorded (see the module documentation).

    Raises
    ------
    ValueError
        If `decision` rejects a row that is already negative.
    """
    reviewers = mapping.reviewer_id if reviewer_id in mapping.reviewer_id else (
        *mapping.reviewer_id, reviewer_id)
    labels = mapping.reviewer_label
    if reviewer_label is not None and reviewer_label not in labels:
        labels = (*labels, reviewer_label)
    comment = mapping.comment
    if decision.comment is not None:
        note = f"review: {decision.comment}"
        comment = note if comment is None else f"{comment}; {note}"
    changes: dict[str, object] = {
        "reviewer_id": reviewers, "reviewer_label": labels, "review_date": date,
        "mapping_justification": Justification.MAPPING_REVIEW.value, "comment": comment,
    }
    if decision.decision == REJECT:
        if mapping.is_negated:
            raise ValueError(
                f"{mapping.subject_id} {mapping.predicate_id} {mapping.object_id} is already "
                "a negative mapping; to assert it, give the predicate as the decision")
        changes.update(predicate_modifier="Not", confidence=None)
    elif decision.decision != ACCEPT:
        changes.update(predicate_id=decision.decision, predicate_modifier=None)
        if mapping.is_negated or decision.decision != mapping.predicate_id:
            changes["confidence"] = None  # the author's confidence was in another assertion
    return attrs.evolve(mapping, **changes)  # type: ignore[arg-type]


def apply_review(
    crosswalk: Crosswalk, decisions: Iterable[Decision], *, reviewer_id: str,
    reviewer_label: str | None = None, date: str | None = None, file: str = INPUT,
) -> Crosswalk:
    """`crosswalk` with `decisions` recorded (see the module documentation).

    Parameters
    ----------
    crosswalk : Crosswalk
        The crosswalk reviewed, e.g. the output of ``competency crosswalk suggest``.
    decisions : iterable of Decision
        At most one per pair; rows with no decision are left as they are.
    reviewer_id : str
        The reviewer, a CURIE such as ``orcid:0000-0002-1825-0097``.
    reviewer_label : str, optional
        The reviewer's name.
    date : str, optional
        The review date, ``YYYY-MM-DD`` (default today).
    file : str
        The decisions' file, named in errors.

    Raises
    ------
    CrosswalkError
        Listing every decision that names no row of the crosswalk, repeats a pair, or cannot
        be applied, and a reviewer id that is not a CURIE of a declared prefix.
    """
    date = datetime.date.today().isoformat() if date is None else date
    problems = _reviewer_problems(crosswalk, reviewer_id, reviewer_label, date)
    index: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(crosswalk.mappings):
        index.setdefault((m.subject_id, m.object_id), []).append(i)
    mappings = list(crosswalk.mappings)
    seen: dict[tuple[str, str], int] = {}
    for n, decision in enumerate(decisions):
        where = _where(decision, n)
        pair = (decision.subject_id, decision.object_id)
        rows = index.get(pair, [])
        if pair in seen:
            problems.append(Problem(file=file, location=where,
                                    message=f"a second decision on {pair[0]} → {pair[1]}",
                                    expected="one decision per pair"))
            continue
        seen[pair] = n
        if len(rows) != 1:
            problems.append(Problem(
                file=file, location=where,
                message=f"{pair[0]} → {pair[1]} is " + (
                    "not a row of the crosswalk" if not rows else
                    f"mapped by {len(rows)} rows, so the decision is ambiguous"),
                expected="the subject_id and object_id of one row of the crosswalk",
            ))
            continue
        try:
            mappings[rows[0]] = record_decision(
                mappings[rows[0]], decision, reviewer_id=reviewer_id,
                reviewer_label=reviewer_label, date=date)
        except ValueError as exc:
            problems.append(Problem(file=file, location=where, message=str(exc),
                                    expected="a decision that fits the row"))
    if problems:
        raise CrosswalkError(problems)
    curie_map = dict(crosswalk.curie_map)
    prefix = curie_prefix(reviewer_id)
    if prefix not in curie_map and prefix in KNOWN_REVIEWER_PREFIXES:
        curie_map[prefix] = KNOWN_REVIEWER_PREFIXES[prefix]
    try:
        return attrs.evolve(crosswalk, mappings=mappings, curie_map=curie_map)
    except CrosswalkError as exc:  # e.g. a new predicate clashing with another row
        raise CrosswalkError(
            attrs.evolve(p, file=file, fix="Change the decisions so the result is a valid "
                         "crosswalk") for p in exc.problems) from None


def _where(decision: Decision, n: int) -> Location:
    line = getattr(decision, "_line", None)
    return Position(line, 1) if line is not None else Pointer("decisions", n)


def _reviewer_problems(crosswalk: Crosswalk, reviewer_id: str, reviewer_label: str | None,
                       date: str) -> list[Problem]:
    problems: list[Problem] = []
    if check_curie(reviewer_id) is not None:
        problems.append(Problem(message=f"the reviewer id {reviewer_id!r} is not a CURIE",
                                expected="a CURIE such as 'orcid:0000-0002-1825-0097'"))
    else:
        prefix = curie_prefix(reviewer_id)
        if prefix not in dict(crosswalk.curie_map) and prefix not in KNOWN_REVIEWER_PREFIXES:
            problems.append(Problem(
                message=f"the prefix {prefix!r} of the reviewer id {reviewer_id!r} is not in "
                        "the crosswalk's curie_map",
                expected="an ORCID ('orcid:0000-...'), 'competency:...', or a prefix the "
                         "crosswalk declares"))
    if reviewer_label is not None and check_text(reviewer_label) is not None:
        problems.append(Problem(message=f"the reviewer label {reviewer_label!r} is not one "
                                        "line of text", expected="a name such as 'A. Reviewer'"))
    if check_date(date) is not None:
        problems.append(Problem(message=f"the review date {date!r} is not a date",
                                expected="an ISO date YYYY-MM-DD"))
    return problems


# -- the decisions TSV ----------------------------------------------------------------------

@attrs.frozen
class _Located(Decision):
    """A decision read from a file, with its line (not part of equality)."""

    _line: int | None = attrs.field(default=None, eq=False, kw_only=True)


def read_decisions(path: str | os.PathLike[str]) -> tuple[Decision, ...]:
    """Read a decisions TSV (columns ``subject_id``, ``object_id``, ``decision``,
    ``comment``; see :func:`loads_decisions`).

    Raises
    ------
    DocumentError
        If the file cannot be read.
    CrosswalkError
        Listing every bad row with its line and column.
    """
    from competency.io import decode_utf8, read_bytes

    file = os.fspath(path)
    text = decode_utf8(read_bytes(path), file=file, expected="a UTF-8 encoded TSV file",
                       error=CrosswalkError)
    return loads_decisions(text, file=file)


def loads_decisions(text: str, *, file: str = INPUT) -> tuple[Decision, ...]:
    """Parse a decisions TSV: a header naming the columns ``subject_id``, ``object_id``,
    ``decision`` and (optionally) ``comment``, in any order, then one decision per line.

    Raises
    ------
    CrosswalkError
        Listing every problem with its line and column.

    Examples
    --------
    >>> [d.decision for d in loads_decisions(
    ...     "subject_id\\tobject_id\\tdecision\\tcomment\\n"
    ...     "a:1\\tb:X\\taccept\\t\\n"
    ...     "a:2\\tb:Y\\tskos:broadMatch\\tnarrower than it looked\\n")]
    ['accept', 'skos:broadMatch']
    >>> loads_decisions("subject_id\\tobject_id\\tdecision\\na:1\\tb:X\\tmaybe\\n")
    Traceback (most recent call last):
    ...
    competency.errors.CrosswalkError: <input>:line 2, column 3: decision: 'maybe' is not a decision — expected 'accept', 'reject' or a predicate such as 'skos:closeMatch'
    """
    problems: list[Problem] = []
    rows, lines = _records(text, file)
    if not rows:
        raise CrosswalkError(Problem(file=file, location=Position(1, 1),
                                     message="the decisions file is empty",
                                     expected="a header line: " + "\t".join(DECISION_COLUMNS)))
    header = [c.strip() for c in rows[0]]
    for i, name in enumerate(header):
        if name not in DECISION_COLUMNS or name in header[:i]:
            problems.append(Problem(
                file=file, location=Position(1, i + 1),
                message=f"the column {name!r} is " + (
                    "given twice" if name in header[:i] else "not a decisions column"),
                expected="the columns " + ", ".join(DECISION_COLUMNS)))
    for name in DECISION_COLUMNS[:3]:
        if name not in header:
            problems.append(Problem(file=file, location=Position(1, len(header) + 1),
                                    message=f"there is no {name!r} column",
                                    expected="the columns " + ", ".join(DECISION_COLUMNS)))
    if problems:
        raise CrosswalkError(problems)
    column = {name: header.index(name) for name in DECISION_COLUMNS if name in header}
    decisions: list[Decision] = []
    for n, row in enumerate(rows[1:], start=1):
        line = lines[n] if n < len(lines) else n + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(
                file=file, location=Position(line, min(len(row), len(header)) + 1),
                message=f"the row has {len(row)} cells but the header has {len(header)}",
                expected=f"{len(header)} tab-separated cells"))
            continue
        cells = {name: row[i].strip() for name, i in column.items()}
        ok = True
        for name in ("subject_id", "object_id"):
            complaint = check_curie(cells[name])
            if complaint is not None:
                problems.append(Problem(file=file, location=Position(line, column[name] + 1),
                                        message=f"{name}: {complaint[0]}",
                                        expected=complaint[1]))
                ok = False
        try:
            decision = _Located(cells["subject_id"], cells["object_id"], cells["decision"],
                                cells.get("comment") or None, line=line)
        except ValueError as exc:
            what = "comment" if str(exc).startswith("comment") else "decision"
            problems.append(Problem(file=file,
                                    location=Position(line, column[what] + 1),
                                    message=str(exc).split(" — ")[0],
                                    expected=str(exc).split(" — expected ")[-1]))
            continue
        if ok:
            decisions.append(decision)
    if problems:
        raise CrosswalkError(problems)
    return tuple(decisions)


def _records(text: str, file: str) -> tuple[list[list[str]], list[int]]:
    """The TSV records of `text` and the (1-based) line on which each starts (a quoted
    cell may span lines; CR, LF and CRLF all end a line, as in the other readers)."""
    rows: list[list[str]] = []
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"',
                        strict=False)
    line = 1
    try:
        for row in reader:
            rows.append(row)
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CrosswalkError(Problem(file=file, location=Position(line),
                                     message=f"not a TSV file: {exc}",
                                     expected="tab-separated lines")) from None
    return rows, starts
