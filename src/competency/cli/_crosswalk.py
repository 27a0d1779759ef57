"""``competency crosswalk list | show | validate``: crosswalks on the command line.

Other topic modules add ``crosswalk`` sub-commands by being listed in
``_CROSSWALK_COMMAND_MODULES``; each has ``register(crosswalk_subparsers)``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from competency.errors import CompetencyError

if TYPE_CHECKING:
    from competency.crosswalk import Crosswalk

__all__ = ["register", "reported_warnings"]


@contextlib.contextmanager
def reported_warnings() -> Iterator[None]:
    """Print each :class:`~competency.crosswalk.CrosswalkWarning` raised inside as
    ``warning: FILE:line N, column M: ...`` on stderr, once."""
    from competency.crosswalk import CrosswalkWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CrosswalkWarning)
        try:
            yield
        finally:
            from competency.cli._render import print_warnings

            print_warnings([str(w.message) for w in caught
                            if issubclass(w.category, CrosswalkWarning)])
            for w in caught:
                if not issubclass(w.category, CrosswalkWarning):
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)

# Modules adding sub-commands to `competency crosswalk`, in --help order.
_CROSSWALK_COMMAND_MODULES: tuple[str, ...] = (
    "competency.cli._analysis",
    "competency.cli._curation",
)


def register(subparsers: Any) -> None:
    """Add the ``crosswalk`` command, with its own sub-commands, to `subparsers`."""
    parser = subparsers.add_parser(
        "crosswalk", help="list, show, validate, report on, suggest and evaluate crosswalks (SSSOM)",
        description="Crosswalks map the elements of one framework to another with SKOS "
                    "predicates; they are shipped and read as SSSOM TSV.",
    )
    commands = parser.add_subparsers(dest="crosswalk_command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser("list", help="list the shipped crosswalks")
    p.set_defaults(func=_list)

    p = commands.add_parser(
        "show", help="show the crosswalk from framework A to framework B",
        description="Show every mapping from A to B (the inverse of a shipped B → A "
                    "crosswalk when only that one is shipped), and counts by predicate.",
    )
    p.add_argument("subject", metavar="A", help="subject framework id, e.g. pt-nos")
    p.add_argument("object", metavar="B", help="object framework id, e.g. ls-nos")
    p.add_argument("--format", "-f", choices=("table", "tsv", "json"), default="table",
                   help="table (default); tsv: the SSSOM TSV of the crosswalk as shown; "
                        "json: its metadata, every mapping with all its slots, and the "
                        "counts by predicate")
    p.set_defaults(func=_show)

    p = commands.add_parser(
        "validate", help="validate SSSOM TSV files against their frameworks",
        description="Check each file and the frameworks its prefixes name; every problem is "
                    "printed as FILE:line N, column M: what is wrong — what was expected. "
                    "Exit status 1 if any file is invalid.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", type=Path)
    p.set_defaults(func=_validate)

    for name in _CROSSWALK_COMMAND_MODULES:
        importlib.import_module(name).register(commands)


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from competency.crosswalk import available_crosswalks, load_crosswalk

    table = Table(title="Crosswalks (each also readable in the other direction)")
    for column in ("subject", "object", "mappings", "title"):
        table.add_column(column)
    invalid: list[tuple[str, CompetencyError]] = []
    for a, b in available_crosswalks():
        try:
            cw = load_crosswalk(a, b)
        except CompetencyError as exc:
            invalid.append((f"{a}__{b}", exc))
            table.add_row(a, b, "[red]invalid[/red]", "")
            continue
        table.add_row(a, b, str(len(cw)), escape(cw.mapping_set_title or ""))
    console = Console()
    console.print(table)
    for name, error in invalid:
        console.print(f"[red]invalid crosswalk[/red] {name}: {len(error.problems)} problem(s), "
                      f"first: {escape(str(error.problems[0]))}", highlight=False)
    return 1 if invalid else 0


def _show(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from competency.crosswalk import dumps_sssom, load_crosswalk

    cw = load_crosswalk(args.subject, args.object)
    if args.format == "tsv":
        sys.stdout.write(dumps_sssom(cw))
        return 0
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps(_show_dict(cw), indent=2, ensure_ascii=False) + "\n")
        return 0
    console = Console()
    title = cw.mapping_set_title or f"{cw.subject_prefix} → {cw.object_prefix}"
    console.print(f"[bold]{escape(title)}[/bold]", highlight=False)
    console.print(f"{cw.subject_prefix} → {cw.object_prefix}: {len(cw)} mappings "
                  f"({cw.mapping_set_id}, licence {cw.license})", highlight=False)
    table = Table(show_lines=False)
    table.add_column("subject", no_wrap=True)
    table.add_column("predicate", no_wrap=True)
    table.add_column("object", no_wrap=True)
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("comment", overflow="fold")
    for m in cw:
        predicate = f"[red]not {m.predicate_id}[/red]" if m.is_negated else m.predicate_id
        confidence = "" if m.confidence is None else f"{m.confidence:.2f}"
        table.add_row(m.subject_id, predicate, m.object_id, confidence,
                      escape(m.comment or ""))
    console.print(table)
    counts = Counter(
        f"not {m.predicate_id}" if m.is_negated else m.predicate_id for m in cw
    )
    summary = Table(title="mappings by predicate")
    summary.add_column("predicate")
    summary.add_column("count", justify="right")
    for predicate, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.add_row(predicate, str(count))
    summary.add_row("[bold]total[/bold]", f"[bold]{len(cw)}[/bold]")
    console.print(summary)
    return 0


def _show_dict(cw: Crosswalk) -> dict[str, Any]:
    """The crosswalk as JSON: set metadata, mappings (every slot with a value), counts."""
    from competency.crosswalk.diff import mapping_dict
    from competency.crosswalk.model import thaw
    from competency.crosswalk.slots import SET_SLOTS

    metadata: dict[str, Any] = {}
    for slot in SET_SLOTS:
        value = getattr(cw, slot.name)
        if slot.name == "curie_map":
            value = dict(value)
        if value not in (None, (), {}):
            metadata[slot.name] = thaw(value)
    metadata.update((name, thaw(value)) for name, value in cw.extensions)
    counts = Counter(f"not {m.predicate_id}" if m.is_negated else m.predicate_id for m in cw)
    return {"subject": cw.subject_prefix, "object": cw.object_prefix, **metadata,
            "mappings": [mapping_dict(m) for m in cw],
            "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "total": len(cw)}


def _validate(args: argparse.Namespace) -> int:
    from competency.crosswalk import validate_sssom

    failed = 0
    for path in args.files:
        try:
            with reported_warnings():
                cw = validate_sssom(path)
        except CompetencyError as exc:
            failed += 1
            from competency.cli._render import print_problems  # bounded (issue 17)

            print_problems(exc.problems)
            continue
        print(f"{path}: ok ({cw.subject_prefix} → {cw.object_prefix}: {len(cw)} mappings)")
    return 1 if failed else 0
