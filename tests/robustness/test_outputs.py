"""``-o`` never replaces anything but a regular file, never leaves a temporary file behind
(not on failure, not on SIGINT or SIGTERM), and ``-o -`` is standard output."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from competency._atomic import write_atomic
from competency.errors import DocumentError

from ._run import assert_clean_failure
from ._run import run as _run

OUTPUT_COMMANDS = {
    "export json": ["export", "pt-nos", "-o", "{out}"],
    "export csv": ["export", "pt-nos", "--format", "csv", "-o", "{out}"],
    "import case": ["import", "{case}", "--from", "case", "-o", "{out}"],
    "crosswalk suggest": ["crosswalk", "suggest", "pt-nos", "ls-nos", "--top", "1", "-o", "{out}"],
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return _run(argv, capsys, limit="16M")


def _argv(command: str, out: Path | str, tmp_path: Path) -> list[str]:
    case = tmp_path / "pt.case.json"
    if not case.exists():
        from competency import load
        from competency.formats.case import dumps_case

        case.write_text(dumps_case(load("pt-nos")), encoding="utf-8")
    values = {"{out}": str(out), "{case}": str(case)}
    return [values.get(part, part) for part in OUTPUT_COMMANDS[command]]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_fifo_with_a_reader_gets_the_output_as_a_stream(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    keep = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before the write

    def read() -> None:
        with open(fifo, "rb") as stream:  # waits for the writer, reads until it closes
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        code, _, err = run(_argv(command, fifo, tmp_path), capsys)
    finally:
        with contextlib.suppress(OSError):  # end the reader if the command wrote nothing
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
        os.close(keep)
    assert code == 0, err
    assert fifo.is_fifo()
    assert received[0]
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_fifo_without_a_reader_is_refused_not_replaced(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, out, err = run(_argv(command, fifo, tmp_path), capsys)
    assert_clean_failure(code, out, err)
    assert "no process is at the other end" in err
    assert fifo.is_fifo()


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_character_device_is_written_to_not_replaced(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(_argv(command, "/dev/null", tmp_path), capsys)
    assert code == 0, err
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_symlink_is_written_through_and_kept(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real.out"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    code, _, err = run(_argv(command, link, tmp_path), capsys)
    assert code == 0, err
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") != "old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_directory_or_socket_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.out"
    folder.mkdir()
    code, out, err = run(_argv(command, folder, tmp_path), capsys)
    assert_clean_failure(code, out, err)
    assert "it is a directory" in err
    assert folder.is_dir()
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_missing_folder_is_a_clear_error_with_nothing_left_behind(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(_argv(command, tmp_path / "nope" / "out.txt", tmp_path), capsys)
    assert_clean_failure(code, out, err)
    assert "does not exist" in err
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_a_250_character_name_works(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("é" * 123 + ".txt")  # 250 characters, 250 bytes in UTF-8 (é is 2)
    assert len(os.fsencode(out.name)) == 250
    code, _, err = run(_argv(command, out, tmp_path), capsys)
    assert code == 0, err
    assert out.stat().st_size > 0
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_dash_is_standard_output(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(_argv(command, "-", tmp_path), capsys)
    assert code == 0, err
    assert out
    assert not (Path.cwd() / "-").exists()


def test_a_lone_surrogate_is_an_error_on_writing_not_a_crash(tmp_path: Path) -> None:
    from competency import dump_framework
    from competency.model import Framework, Unit

    framework = Framework(id="d", title="D \ud800", base_iri="https://example.org/d/",
                          elements=[Unit(id="d:U1", text="x")], relations=[])
    with pytest.raises(DocumentError, match="lone surrogate U\\+D800"):
        dump_framework(framework, tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []


_INTERRUPTED_WRITE = """
import os, signal, sys
from competency import _atomic
signum = int(sys.argv[2])
def interrupted_fsync(fd):
    os.kill(os.getpid(), signum)
_atomic.os.fsync = interrupted_fsync
if signum == signal.SIGINT:
    from competency.cli import main
    sys.exit(main(["export", "pt-nos", "-o", sys.argv[1]]))
_atomic.write_atomic(sys.argv[1], b"new")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_the_write_leaves_the_target_whole_and_no_temporary_file(
    signum: int, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _INTERRUPTED_WRITE, str(target), str(signum)],
                            capture_output=True, text=True, check=False)
    if signum == signal.SIGINT:
        assert result.returncode == 130
        assert "interrupted" in result.stderr
        assert "Traceback" not in result.stderr
    else:
        assert result.returncode == -signum  # still ended by the signal, as it would have
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_failed_write_into_a_read_only_folder_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores the mode: use a file as the folder
            folder = tmp_path / "file"
            folder.write_text("x", encoding="utf-8")
        with pytest.raises(DocumentError, match="cannot write the file"):
            write_atomic(folder / "out.txt", b"x")
    finally:
        (tmp_path / "ro").chmod(0o700)
    assert _leftovers(tmp_path / "ro") == []
