"""Run the command line in process and check that a failure is a clean one."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from competency.cli import main
from competency.cli._render import MAX_SHOWN

from ._hostile import LIMIT


def run(argv: Sequence[str], capsys: pytest.CaptureFixture[str], *, limit: str = LIMIT
        ) -> tuple[int, str, str]:
    """Run ``competency --max-input-size 64K ARGV``; any exception escaping fails the test."""
    code = main(["--max-input-size", limit, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean_failure(code: int, out: str, err: str, *, stdout_may_report: bool = False
                         ) -> None:
    """Exit status 1, a bounded report naming what is wrong, no traceback, nothing raw."""
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert 1 <= len(lines) <= MAX_SHOWN + 1
    assert all(len(line) <= 2_100 for line in lines)
    assert not any(c in err + out for c in "\x1b\x07\x00\r")  # no terminal control reaches it
    if not stdout_may_report:
        assert out == ""
