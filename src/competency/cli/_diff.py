"""``competency diff OLD NEW``: what changed between two versions of a framework."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from competency.analysis.diff import FrameworkDiff
    from competency.model import Framework

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``diff`` command to `subparsers`."""
    p = subparsers.add_parser(
        "diff", help="what changed between two versions of a framework",
        description="Elements added, removed and changed (kind, text, title, notation, note, "
                    "location, parent, relations) from OLD to NEW, matched by id, and the "
                    "metadata that changed. OLD and NEW are framework ids or framework JSON "
                    "files. --format json gives 'added', 'removed' and 'changed' lists. "
                    "Exit status 0 whether or not they differ.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier version: a framework id or JSON file")
    p.add_argument("new", metavar="NEW", help="the later version: a framework id or JSON file")
    p.add_argument("--format", "-f", choices=("table", "json", "tsv"), default="table")
    p.set_defaults(func=_diff)


def _framework(ref: str) -> Framework:
    from pathlib import Path

    from competency import registry

    if Path(ref).is_file():
        from competency.io import load_framework

        return load_framework(ref)
    return registry.load(ref)


def _diff(args: argparse.Namespace) -> int:
    from competency.analysis.diff import diff_frameworks
    from competency.cli._curation import print_json, print_tsv

    result = diff_frameworks(_framework(args.old), _framework(args.new))
    if args.format == "json":
        print_json(result.to_dict())
    elif args.format == "tsv":
        rows = [("change", "element_id", "kind", "aspects", "field", "old", "new")]
        rows += [("added", e.id, e.kind.value, "", "text", "", e.text) for e in result.added]
        rows += [("removed", e.id, e.kind.value, "", "text", e.text, "")
                 for e in result.removed]
        for c in result.changed:
            kind = result.new.element(c.element_id).kind.value
            rows += [("changed", c.element_id, kind, "|".join(c.aspects), f.field,
                      _text(f.old), _text(f.new)) for f in c.fields]
        rows += [("metadata", "", "", "", f.field, _text(f.old), _text(f.new))
                 for f in result.metadata]
        print_tsv(rows)
    else:
        _print(result, args.old, args.new)
    return 0


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(_text(v) for v in value)
    return str(getattr(value, "value", value)) if not isinstance(value, str) else value


def _print(result: FrameworkDiff, old: str, new: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from competency.cli._render import print_diff_heading

    console = Console()
    print_diff_heading(console, result, old, new)
    if result.added or result.removed:
        table = Table(title="Elements added and removed", title_justify="left")
        for column in ("", "element", "kind", "text"):
            table.add_column(column, overflow="fold")
        for sign, elements in (("+", result.added), ("-", result.removed)):
            for e in elements:
                table.add_row(sign, e.id, e.kind.value, escape(e.text))
        console.print(table)
    if result.changed:
        table = Table(title="Elements changed", title_justify="left")
        for column in ("element", "field", "old", "new"):
            table.add_column(column, overflow="fold")
        for c in result.changed:
            for i, f in enumerate(c.fields):
                table.add_row(c.element_id if i == 0 else "", f.field,
                              escape(_text(f.old)), escape(_text(f.new)))
            table.add_section()
        console.print(table)
    if result.metadata:
        table = Table(title="Framework metadata changed", title_justify="left")
        for column in ("field", "old", "new"):
            table.add_column(column, overflow="fold")
        for f in result.metadata:
            table.add_row(f.field, escape(_text(f.old)), escape(_text(f.new)))
        console.print(table)
