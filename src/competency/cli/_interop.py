"""``competency import``: read a framework from CASE, CSV, SKOS Turtle or Moodle CSV and
write it as framework JSON; also adds ``--with-crosswalks`` and ``--rubric`` to
``competency export`` (used by ``--format case|skos``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from competency.errors import FormatWarning

__all__ = ["IMPORT_FORMATS", "crosswalk_partners", "crosswalks_of", "register"]

IMPORT_FORMATS = ("case", "csv", "skos", "moodle")
"""The ``--from`` choices (each a readable entry of :data:`competency.formats.FORMATS`)."""


def register(subparsers: Any) -> None:
    """Add ``import`` to `subparsers`, and the crosswalk/rubric options to ``export``."""
    p = subparsers.add_parser(
        "import", help=f"import a framework ({', '.join(IMPORT_FORMATS)}) as framework JSON",
        description="Read FILE in the format given by --from and write the framework JSON "
                    "(to stdout unless -o). Every problem in FILE is printed as "
                    "FILE:LOCATION: what is wrong — what was expected.",
    )
    p.add_argument("file", metavar="FILE", help="the file to read; - for stdin")
    p.add_argument("--from", dest="source_format", choices=IMPORT_FORMATS, required=True)
    p.add_argument("--id", dest="framework_id", metavar="ID",
                   help="framework id to use when the file does not carry one")
    p.add_argument("--lang", metavar="LANG",
                   help="skos: the language whose labels become the text and title (default: "
                        "untagged, else English, else the first); all languages are kept")
    p.add_argument("--scheme", metavar="IRI",
                   help="skos: the concept scheme to read when the file has several")
    p.add_argument("-o", "--output", type=Path,
                   help="write here (atomically) instead of stdout; - is stdout")
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
        export.add_argument(
            "--case-version", choices=("1.1", "1.0"), default="1.1",
            help="case: the CASE version to write (1.0: what OpenSALT's importer accepts)")


def _import(args: argparse.Namespace) -> int:
    import warnings

    from competency.cli._resolve import read_input, write_output
    from competency.formats import FORMATS
    from competency.io import dumps

    options: dict[str, Any] = {"framework_id": args.framework_id}
    if args.source_format == "skos":
        options.update(lang=args.lang, scheme=args.scheme)
    elif args.lang is not None or args.scheme is not None:
        print("competency import: error: --lang and --scheme apply to --from skos only",
              file=sys.stderr)
        return 2
    data, name = read_input(args.file)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FormatWarning)
        framework = FORMATS[args.source_format].loads(data, file=name, **options)
    from competency.cli._render import print_warnings

    print_warnings([str(w.message) for w in caught])
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
