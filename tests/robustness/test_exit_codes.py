"""Exit codes, the same for every command: 0 ok, 1 bad input, 2 usage, 130 interrupted."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from competency.cli import EPILOG, build_parser, main
from competency.errors import UsageError


def _commands() -> list[list[str]]:
    """Every sub-command, as the words that name it (``["crosswalk", "report"]``)."""
    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*words, name])
                    walk(sub, [*words, name])

    walk(build_parser(), [])
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_an_unknown_option_is_a_usage_error_for_every_command(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*words, "--no-such-option"]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_takes_the_input_limit_and_rejects_a_bad_one(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*words, "--max-input-size", "lots"]) == 2
    assert "is not a size" in capsys.readouterr().err


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_help_exits_0_for_every_command(words: list[str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*words, "--help"]) == 0
    assert "--max-input-size" in capsys.readouterr().out


def test_the_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert EPILOG.splitlines()[0] in out
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"\n  {code}" in out


def test_a_bad_input_limit_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPETENCY_MAX_INPUT_SIZE", "-3")
    assert main(["validate", "x.json"]) == 2
    assert "COMPETENCY_MAX_INPUT_SIZE" in capsys.readouterr().err


def _raising(exc: BaseException) -> object:
    def command(args: argparse.Namespace) -> int:
        raise exc
    return command


@pytest.mark.parametrize(("exc", "code", "words"), [
    (KeyboardInterrupt(), 130, "interrupted"),
    (UsageError("--levels: -2 is not a level"), 2, "competency: error: --levels"),
    (MemoryError(), 1, "out of memory"),
    (RecursionError(), 1, "too deep"),
    (OSError(28, "No space left on device"), 1, "No space left on device"),
])
def test_failures_inside_a_command_map_to_their_exit_codes(
    exc: BaseException, code: int, words: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    from competency.cli import _frameworks

    monkeypatch.setattr(_frameworks, "_validate", _raising(exc))
    assert main(["validate", str(tmp_path / "x.json")]) == code
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_a_closed_standard_output_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    from competency.cli import _frameworks

    monkeypatch.setattr(_frameworks, "_validate", _raising(BrokenPipeError()))
    assert main(["validate", "x.json"]) == 0
