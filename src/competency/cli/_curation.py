"""``competency crosswalk review`` and ``competency crosswalk diff``: curating crosswalks.

``crosswalk review FILE -o OUT --reviewer ID`` records a reviewer's decisions.

In a terminal it shows each row not yet reviewed by this reviewer, with both texts and where
they sit in their frameworks, and asks: accept, reject, change the predicate, comment, skip
or quit. Every decision is saved to OUT at once (atomically), and a later run on the same OUT
resumes where the reviewer stopped. ``--decisions TSV`` applies a file of decisions instead
(columns ``subject_id``, ``object_id``, ``decision``, ``comment``).

``crosswalk diff OLD NEW [--format table|json|tsv]`` shows the rows added, removed and
changed between two versions of an SSSOM file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk, Mapping
    from competency.model import Framework

__all__ = ["register"]

EXIT_USAGE = 2

_SHORT_PREDICATES = {
    "e": "skos:exactMatch", "exact": "skos:exactMatch",
    "c": "skos:closeMatch", "close": "skos:closeMatch",
    "b": "skos:broadMatch", "broad": "skos:broadMatch",
    "n": "skos:narrowMatch", "narrow": "skos:narrowMatch",
    "r": "skos:relatedMatch", "related": "skos:relatedMatch",
}

_HELP = ("[a]ccept  [r]eject (keep as a negative mapping)  [p]redicate (accept with another)  "
         "[c]omment  [s]kip  [q]uit (saved; run again to resume)")


def register(subparsers: Any) -> None:
    """Add ``review`` and ``diff`` to the ``crosswalk`` sub-commands."""
    p = subparsers.add_parser(
        "review", help="review a crosswalk row by row (or apply a decisions file)",
        description="Record a reviewer's decisions on an SSSOM file (e.g. the output of "
                    "'crosswalk suggest'): accepted rows get reviewer_id, reviewer_label, "
                    "review_date and the justification semapv:MappingReview; rejected rows "
                    "are kept as negative mappings (predicate_modifier Not). Interactive in "
                    "a terminal, saved after every decision and resumable; or give "
                    "--decisions.",
    )
    p.add_argument("file", metavar="FILE", type=Path, help="the SSSOM TSV file to review")
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                   help="where the reviewed crosswalk is written (an existing OUT from an "
                        "earlier run is resumed)")
    p.add_argument("--reviewer", metavar="ID", required=True,
                   help="the reviewer's id, a CURIE such as orcid:0000-0002-1825-0097")
    p.add_argument("--reviewer-label", metavar="NAME", help="the reviewer's name")
    p.add_argument("--decisions", metavar="TSV", type=Path,
                   help="apply this decisions file (columns subject_id, object_id, decision, "
                        "comment; decision accept, reject or a predicate CURIE) instead of "
                        "asking")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the review date (default today)")
    p.set_defaults(func=_review)

    p = subparsers.add_parser(
        "diff", help="what changed between two versions of a crosswalk",
        description="Rows added, removed and changed (predicate, confidence, review, "
                    "justification, text, provenance) from OLD to NEW, matched by their "
                    "(subject_id, object_id) pair. --format json gives 'added', 'removed' "
                    "and 'changed' lists. Exit status 0 whether or not they differ.",
    )
    p.add_argument("old", metavar="OLD", type=Path, help="the earlier SSSOM TSV file")
    p.add_argument("new", metavar="NEW", type=Path, help="the later SSSOM TSV file")
    p.add_argument("--format", "-f", choices=("table", "json", "tsv"), default="table")
    p.set_defaults(func=_diff)


def _review(args: argparse.Namespace) -> int:
    import datetime

    from competency.cli._crosswalk import reported_warnings
    from competency.crosswalk import read_sssom, write_sssom
    from competency.crosswalk.review import apply_review, read_decisions

    date = args.date or datetime.date.today().isoformat()
    with reported_warnings():
        original = read_sssom(args.file)
    if args.decisions is not None:
        decisions = read_decisions(args.decisions)
        reviewed = apply_review(original, decisions, reviewer_id=args.reviewer,
                                reviewer_label=args.reviewer_label, date=date,
                                file=str(args.decisions))
        write_sssom(reviewed, args.output)
        counts = Counter(_kind(d.decision) for d in decisions)
        print(f"{args.output}: {counts['accept']} accepted, {counts['change']} accepted with "
              f"another predicate, {counts['reject']} rejected; "
              f"{len(reviewed) - len(decisions)} rows left as they were")
        return 0
    if not sys.stdin.isatty():
        print("competency crosswalk review: error: no terminal to ask in; give --decisions "
              "TSV to review from a file", file=sys.stderr)
        return EXIT_USAGE
    return _Session(args, original, date).run()


def _kind(decision: str) -> str:
    return decision if decision in ("accept", "reject") else "change"


class _Session:
    """One interactive review: the working crosswalk, saved to OUT after every decision."""

    def __init__(self, args: argparse.Namespace, original: Crosswalk, date: str) -> None:
        from competency.crosswalk.review import apply_review

        self.out: Path = args.output
        self.reviewer: str = args.reviewer
        self.label: str | None = args.reviewer_label
        self.date = date
        self.crosswalk = self._resume(original)
        # checks the reviewer id and date once, before the first question
        apply_review(self.crosswalk, (), reviewer_id=self.reviewer, reviewer_label=self.label,
                     date=date)
        self.frameworks = {side: _framework(prefix) for side, prefix in
                           (("subject", self.crosswalk.subject_prefix),
                            ("object", self.crosswalk.object_prefix))}

    def _resume(self, original: Crosswalk) -> Crosswalk:
        from competency.crosswalk import read_sssom
        from competency.errors import CrosswalkError, Position, Problem

        if not self.out.exists():
            return original
        from competency.cli._crosswalk import reported_warnings

        with reported_warnings():
            earlier = read_sssom(self.out)
        pairs = sorted((m.subject_id, m.object_id) for m in original)
        if earlier.mapping_set_id != original.mapping_set_id or pairs != sorted(
            (m.subject_id, m.object_id) for m in earlier
        ):
            raise CrosswalkError(Problem(
                file=str(self.out), location=Position(1, 1),
                message="the output file exists but is not a review of the same crosswalk "
                        "(another mapping_set_id or other rows)",
                expected="a new output path, or the output of an earlier review of this file",
                fix="Choose another -o, or remove the file to start again"))
        print(f"Resuming the review saved in {self.out}.")
        return earlier

    def run(self) -> int:
        from competency.crosswalk.review import is_reviewed_by

        todo = [i for i, m in enumerate(self.crosswalk.mappings)
                if not is_reviewed_by(m, self.reviewer)]
        total = len(self.crosswalk)
        done = total - len(todo)
        print(f"{total} rows, {done} already reviewed by {self.reviewer}, {len(todo)} to go.")
        print(_HELP)
        for n, index in enumerate(todo, start=1):
            self._show(index, done + n, total)
            if not self._ask(index):
                break
        else:
            self._save()
        left = sum(1 for m in self.crosswalk if not is_reviewed_by(m, self.reviewer))
        print(f"Saved to {self.out}: {total - left} of {total} rows reviewed"
              + (f", {left} left (run the same command again to resume)." if left else "."))
        return 0

    def _show(self, index: int, number: int, total: int) -> None:
        m = self.crosswalk.mappings[index]
        negated = "NOT " if m.is_negated else ""
        print()
        print(f"── {number}/{total} " + "─" * 60)
        print(_describe(m.subject_id, m.subject_label, self.frameworks["subject"]))
        print(f"    {negated}{m.predicate_id}"
              + ("" if m.confidence is None else f"   confidence {m.confidence:g}")
              + f"   {m.mapping_justification}")
        print(_describe(m.object_id, m.object_label, self.frameworks["object"]))
        if m.comment:
            print(f"  comment: {m.comment}")

    def _ask(self, index: int) -> bool:
        """Ask until a decision, skip or quit; return False to stop."""
        from competency.crosswalk.review import Decision

        comment: str | None = None
        while True:
            answer = _input("decision [a/r/p/c/s/q, ? for help]: ")
            if answer is None or answer in ("q", "quit"):
                self._save()
                return False
            if answer in ("s", "skip", ""):
                return True
            if answer in ("?", "h", "help"):
                print(_HELP)
                continue
            if answer in ("c", "comment"):
                comment = _input("comment: ") or None
                continue
            if answer in ("a", "accept"):
                decision = "accept"
            elif answer in ("r", "reject"):
                decision = "reject"
            elif answer in ("p", "predicate"):
                given = _input("predicate [e]xact [c]lose [b]road [n]arrow [r]elated "
                               "(or a CURIE): ")
                if given is None:
                    self._save()
                    return False
                decision = _SHORT_PREDICATES.get(given, given)
            else:
                print(f"not an answer: {answer!r}. {_HELP}")
                continue
            try:
                self._record(index, Decision(
                    self.crosswalk.mappings[index].subject_id,
                    self.crosswalk.mappings[index].object_id, decision, comment))
            except (ValueError, TypeError) as exc:
                print(f"cannot record that: {exc}")
                continue
            return True

    def _record(self, index: int, decision: Any) -> None:
        import attrs

        from competency.crosswalk._slots import curie_prefix
        from competency.crosswalk.review import KNOWN_REVIEWER_PREFIXES, record_decision

        mappings = list(self.crosswalk.mappings)
        mappings[index] = record_decision(mappings[index], decision,
                                          reviewer_id=self.reviewer,
                                          reviewer_label=self.label, date=self.date)
        curie_map = dict(self.crosswalk.curie_map)
        prefix = curie_prefix(self.reviewer)
        curie_map.setdefault(prefix, KNOWN_REVIEWER_PREFIXES.get(prefix, ""))
        if not curie_map[prefix]:
            del curie_map[prefix]
        self.crosswalk = attrs.evolve(self.crosswalk, mappings=mappings, curie_map=curie_map)
        self._save()

    def _save(self) -> None:
        from competency.crosswalk import write_sssom

        write_sssom(self.crosswalk, self.out)


def _input(prompt: str) -> str | None:
    try:
        return input(prompt).strip()
    except EOFError:
        print()
        return None


def _framework(prefix: str) -> Framework | None:
    from competency import registry
    from competency.errors import CompetencyError

    try:
        return registry.load(prefix)
    except CompetencyError:
        return None


def _describe(element_id: str, label: str | None, framework: Framework | None) -> str:
    """The element with its text and where it sits (its ancestors' titles)."""
    if framework is None or element_id not in framework:
        return f"  {element_id}: {label or '(no label)'}"
    element = framework.element(element_id)
    lines = [f"  {element_id} ({element.kind.value}"
             + (f" {element.notation}" if element.notation else "") + ")"]
    chain = []
    parent = framework.parent(element_id)
    while parent is not None:
        chain.append(f"{parent.notation or parent.id}: {parent.title or parent.text}")
        parent = framework.parent(parent.id)
    if chain:
        lines.append("    in " + " ‹ ".join(chain))
    if element.title:
        lines.append(f"    {element.title}")
    lines.append(f"    {element.text}")
    return "\n".join(lines)


# -- crosswalk diff ---------------------------------------------------------------------------

def _diff(args: argparse.Namespace) -> int:
    from competency.cli._crosswalk import reported_warnings
    from competency.crosswalk import read_sssom
    from competency.crosswalk.diff import diff_crosswalks

    with reported_warnings():
        result = diff_crosswalks(read_sssom(args.old), read_sssom(args.new))
    if args.format == "json":
        print_json(result.to_dict())
    elif args.format == "tsv":
        rows = [("change", "subject_id", "predicate_id", "object_id", "aspects", "slot", "old",
                 "new")]
        rows += [("added", m.subject_id, _predicate(m), m.object_id, "", "", "", "")
                 for m in result.added]
        rows += [("removed", m.subject_id, _predicate(m), m.object_id, "", "", "", "")
                 for m in result.removed]
        rows += [("changed", c.new.subject_id, _predicate(c.new), c.new.object_id,
                  "|".join(c.aspects), s.slot, _text(s.old), _text(s.new))
                 for c in result.changed for s in c.slots]
        rows += [("metadata", "", "", "", "", s.slot, _text(s.old), _text(s.new))
                 for s in result.metadata]
        print_tsv(rows)
    else:
        _print_crosswalk_diff(result, str(args.old), str(args.new))
    return 0


def _predicate(m: Mapping) -> str:
    return f"NOT {m.predicate_id}" if m.is_negated else m.predicate_id


def _text(value: object) -> str:
    from competency.crosswalk.model import thaw

    value = thaw(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def print_json(data: object) -> None:
    """`data` as indented JSON on stdout."""
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_tsv(rows: Iterable[Sequence[str]]) -> None:
    """`rows` as TSV on stdout (cells quoted where they hold a tab, quote or line break)."""
    import csv

    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerows(rows)


def _print_crosswalk_diff(result: Any, old: str, new: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from competency.cli._render import print_diff_heading

    console = Console()
    print_diff_heading(console, result, old, new)
    if result.added or result.removed:
        table = Table(title="Rows added and removed", title_justify="left")
        for column in ("", "subject", "predicate", "object", "confidence"):
            table.add_column(column, no_wrap=column != "")
        for sign, rows in (("+", result.added), ("-", result.removed)):
            for m in rows:
                table.add_row(sign, m.subject_id, _predicate(m), m.object_id,
                              "" if m.confidence is None else f"{m.confidence:g}")
        console.print(table)
    if result.changed:
        table = Table(title="Rows changed", title_justify="left")
        for column in ("subject", "object", "aspects", "slot", "old", "new"):
            table.add_column(column, overflow="fold")
        for c in result.changed:
            for i, s in enumerate(c.slots):
                table.add_row(c.new.subject_id if i == 0 else "",
                              c.new.object_id if i == 0 else "",
                              ", ".join(c.aspects) if i == 0 else "", s.slot,
                              escape(_text(s.old)), escape(_text(s.new)))
            table.add_section()
        console.print(table)
    if result.metadata:
        table = Table(title="Set metadata changed", title_justify="left")
        for column in ("slot", "old", "new"):
            table.add_column(column, overflow="fold")
        for s in result.metadata:
            table.add_row(s.slot, escape(_text(s.old)), escape(_text(s.new)))
        console.print(table)
