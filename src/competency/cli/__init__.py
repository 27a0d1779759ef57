"""The ``competency`` command: a thin layer that parses arguments, calls the public API
and renders the result.

Each topic lives in its own ``_<topic>.py`` module exposing ``register(subparsers)``; the
sub-command it adds sets ``func`` to a callable taking the parsed arguments and returning
the exit code. Exit codes, the same for every command (:data:`EPILOG`): 0 ok, 1 invalid
input (every problem printed as ``FILE:LOCATION: what is wrong — what was expected``, the
first :data:`~competency.cli._render.MAX_SHOWN` of them and a count of the rest) or a file
that cannot be read or written, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence

from competency.errors import CompetencyError, UsageError

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EPILOG = """\
exit status (every command):
  0    success
  1    invalid input: each problem is printed as FILE:LOCATION: what is wrong —
       what was expected (the first 20, then a count of the rest; 'competency
       validate --format json' lists them all); or a file cannot be read or written
  2    usage error: unknown command or option, or an option value that cannot be used
  130  interrupted (Ctrl-C)

input: a file larger than the input limit (256 MiB) is refused; raise it with
  --max-input-size SIZE (e.g. 1G) or the environment variable
  COMPETENCY_MAX_INPUT_SIZE. '-' as an input file reads standard input.
output: '-o -' is standard output. -o replaces a regular file atomically, writes
  through a symbolic link to the file it names, writes to a FIFO or a character
  device (/dev/null) as a stream, and refuses anything else.
"""

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
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_limit_option(parser, default=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for sub in _subcommands(parser):
        _add_limit_option(sub, default=argparse.SUPPRESS)
    return parser


def _size(text: str) -> int:
    from competency._files import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_limit_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    if any("--max-input-size" in action.option_strings for action in parser._actions):
        return
    parser.add_argument(
        "--max-input-size", type=_size, default=default, metavar="SIZE",
        help="refuse input files larger than SIZE (default 256M, or "
             "$COMPETENCY_MAX_INPUT_SIZE), e.g. 1G")


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield sub
                yield from _subcommands(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit code.

    Never ends in a traceback on bad input: our own errors print their problems (bounded)
    and give 1, usage errors 2, Ctrl-C 130; a closed standard output (``| head``) ends
    quietly.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("competency: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `competency export ... | head`
        _silence_stdout()
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    from competency._files import input_limit, max_input_bytes
    from competency.cli._render import print_problems

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        limit = args.max_input_size or max_input_bytes()
    except ValueError as exc:
        print(f"competency: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with input_limit(limit):
            code: int = args.func(args)
    except UsageError as exc:
        print_problems(exc.problems, prefix="competency: error: ")
        return EXIT_USAGE
    except CompetencyError as exc:
        print_problems(exc.problems)
        return EXIT_INVALID
    except (MemoryError, RecursionError) as exc:
        what = "out of memory" if isinstance(exc, MemoryError) else "input nested too deeply"
        print(f"competency: error: {what}; the input is too large or too deep to process",
              file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        raise
    except OSError as exc:  # writing to standard output: a full disk, a closed terminal
        where = f": {exc.filename}" if exc.filename else ""
        print(f"competency: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_INVALID
    return code


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
