"""``competency import``: read a framework from CASE, CSV, SKOS Turtle or Moodle CSV and
write it as framework JSON; also adds ``--with-crosswalks`` and ``--rubric`` to
``competency export`` (used by ``--format case|skos``)."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

__all__ = ["IMPORT_FORMATS", "crosswalk_partners", "crosswalks_of", "register"]

# format -> (module, reader function)
_READERS = {
    "case": ("competency.importers.case", "read_case"),
    "csv": ("competency.importers.tabular", "read_csv"),
    "skos": ("competency.importers.skos", "read_skos"),
    "moodle": ("competency.importers.moodle", "read_moodle_csv"),
}
IMPORT_FORMATS = tuple(_READERS)


def register(subparsers: Any) -> None:
    """Add ``import`` to `subparsers`, and the crosswalk/rubric options to ``export``."""
    p = subparsers.add_parser(
        "import", help=f"import a framework ({', '.join(IMPORT_FORMATS)}) as framework JSON",
        description="Read FILE in the format given by --from and write the framework JSON "
                    "(to stdout unless -o). Every problem in FILE is printed as "
                    "FILE:LOCATION: what is wrong — what was expected.",
    )
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--from", dest="source_format", choices=IMPORT_FORMATS, required=True)
    p.add_argument("--id", dest="framework_id", metavar="ID",
                   help="framework id to use when the file does not carry one")
    p.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout")
    p.set_defaults(func=_import)

    export = subparsers.choices.get("export")
    if export is not None:
        export.add_argument(
            "--with-crosswalks", action="store_true",
            help="case, skos: include the mappings of the shipped crosswalks that involve "
                 "the framework")
        export.add_argument(
            "--rubric", action="append", default=[], metavar="RUBRIC_ID",
            help="case: include this rubric as a CFRubric (repeatable)")


def _import(args: argparse.Namespace) -> int:
    from competency._atomic import write_output  # '-o -' is stdout; see _atomic.write_atomic
    from competency.io import dumps

    module, function = _READERS[args.source_format]
    reader = getattr(importlib.import_module(module), function)
    framework = reader(args.file, framework_id=args.framework_id)
    write_output(args.output, dumps(framework))
    return 0


def crosswalks_of(framework_id: str) -> tuple[Any, ...]:
    """The shipped crosswalks with `framework_id` on either side (as shipped)."""
    from competency.crosswalk import available_crosswalks, load_crosswalk

    return tuple(load_crosswalk(a, b) for a, b in available_crosswalks()
                 if framework_id in (a, b))


def crosswalk_partners(framework_id: str, crosswalks: tuple[Any, ...]) -> list[str]:
    """The frameworks (or rubrics, as frameworks) at the other end of `crosswalks`."""
    ids = []
    for cw in crosswalks:
        for prefix in (cw.subject_prefix, cw.object_prefix):
            if prefix != framework_id and prefix not in ids:
                ids.append(prefix)
    return ids
