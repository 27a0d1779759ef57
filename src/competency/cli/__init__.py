"""The ``competency`` command: a thin layer that parses arguments, calls the public API
and renders the result.

Each topic lives in its own ``_<topic>.py`` module exposing ``register(subparsers)``; the
sub-command it adds sets ``func`` to a callable taking the parsed arguments and returning
the exit code. Exit codes: 0 ok, 1 invalid input (every problem printed as
``FILE:LOCATION: what is wrong — what was expected``), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from competency.errors import CompetencyError

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

# Topic modules, in the order their commands appear in --help.
_COMMAND_MODULES = (
    "competency.cli._frameworks",
    "competency.cli._interop",
    "competency.cli._crosswalk",
    "competency.cli._score",
    "competency.cli._plan",
    "competency.cli._diff",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every topic's sub-commands registered."""
    from competency import __version__

    parser = argparse.ArgumentParser(
        prog="competency",
        description="Competency frameworks: shipped standards, crosswalks, rubric scoring.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        code: int = args.func(args)
    except CompetencyError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. `competency export ... | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
