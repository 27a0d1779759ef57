"""Atomic writing that never replaces anything but a regular file.

A regular file is written through a temporary file in the same directory and
:func:`os.replace`; a symbolic link is written through (the file it points to is replaced
atomically, the link stays); a FIFO or a character device (``/dev/null``, a terminal) is
written to as a stream; anything else (a directory, a socket, a block device) is refused. The
temporary file is removed when the write fails or the process is interrupted (``SIGINT``,
and ``SIGTERM``/``SIGHUP`` when they have their default action).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, NoReturn

from competency._files import encode_utf8, file_kind, os_reason
from competency.errors import DocumentError, Problem

__all__ = ["atomic_output", "write_atomic", "write_output"]

PathLike = str | os.PathLike[str]


def write_output(target: PathLike | None, data: bytes | str, *, file: str | None = None) -> None:
    """Write the command line's output: to standard output when `target` is None or ``-``,
    else to the file `target` with :func:`write_atomic`.

    Text is encoded as UTF-8 first (:func:`encode_utf8`), so nothing is written when it
    cannot be.
    """
    name = file or (os.fspath(target) if target is not None else "<stdout>")
    payload = encode_utf8(data, file=name) if isinstance(data, str) else data
    if target is None or os.fspath(target) == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(payload)
            buffer.flush()
        else:
            sys.stdout.write(payload.decode("utf-8"))
        return
    write_atomic(target, payload)


def write_atomic(path: PathLike, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a torn
    one: through a temporary file in the same directory and :func:`os.replace`.

    Only a regular file is ever replaced. A symbolic link is written through: the file it
    points to is replaced atomically and the link stays. A FIFO or a character device
    (``/dev/null``, a terminal) is written to as a stream; a directory, a socket or a block
    device is refused. The temporary file is removed if the write fails or the process is
    interrupted by ``SIGINT``, ``SIGTERM`` or ``SIGHUP`` (the last two when they have their
    default action; the process then still ends by that signal).

    Raises
    ------
    DocumentError
        If the folder does not exist or is not writable, or the target cannot be written;
        nothing is left behind and an existing target is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "out.txt", b"new")
    >>> (folder / "out.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'new', ['out.txt'])
    >>> write_atomic(folder / "missing" / "out.txt", b"x")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: .../missing/out.txt:/: cannot write the file: the directory ... does not exist — expected a path in an existing, writable directory
    """
    with atomic_output(path) as out:
        out.write(data)

def _target(name: str, fail: Any) -> tuple[Path, os.stat_result | None, bool]:
    """Where writing `name` goes: the regular file to replace (a symbolic link resolved),
    its current status (``None`` if it does not exist yet), and whether it is a FIFO or a
    character device to write to as a stream instead. Anything else is refused."""
    target = Path(name)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        fail(os_reason(exc))
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            return target, info, True
        fail(f"it is {file_kind(info.st_mode)}; only a regular file is replaced",
             "the path of a regular file (or a FIFO or character device, written to as a stream)")
    if target.is_symlink():  # write through the link: replace what it points to
        target = Path(os.path.realpath(target))
    if not target.parent.is_dir():
        fail(f"the directory {os.fspath(target.parent)} does not exist")
    return target, info, False


@contextlib.contextmanager
def atomic_output(path: PathLike) -> Iterator[BinaryIO]:
    """A binary stream that becomes `path` only if the ``with`` block ends without an
    exception — :func:`write_atomic` for output too large to hold in memory, with the same
    rules: a temporary file in the same directory, flushed to disk (``fsync``) and moved into
    place with :func:`os.replace`; removed on any exception and on ``SIGINT``, ``SIGTERM``
    or ``SIGHUP``; only a regular file is replaced (a symbolic link is written through; a
    FIFO or character device is written to directly, as a stream, so there a failed run may
    have written part of its output).

    Raises
    ------
    DocumentError
        If the folder does not exist or the target cannot be written; nothing is left
        behind and an existing target is untouched.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_output(folder / "out.txt") as out:
    ...     _ = out.write(b"done")
    >>> (folder / "out.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'done', ['out.txt'])
    """
    name = os.fspath(path)

    def fail(reason: str, expected: str = "a path in an existing, writable directory") -> NoReturn:
        raise DocumentError(Problem(file=name, location=None,
                                    message=f"cannot write the file: {reason}",
                                    expected=expected))

    target, info, streamed = _target(name, fail)
    if streamed:
        with _open_stream(name, fail) as stream:
            try:
                yield stream
                stream.flush()
            except OSError as exc:
                fail(os_reason(exc), "a writable device")
        return
    with _cleanup_on_signals() as pending:
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{_short_name(target.name)}.", suffix=".tmp",
                                       dir=target.parent)
            pending.add(tmp)
            with os.fdopen(fd, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            mode = info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask()
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            pending.discard(tmp)
        except BaseException as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
                pending.discard(tmp)
            if isinstance(exc, OSError):
                fail(os_reason(exc), "a writable path")
            raise


def _open_stream(name: str, fail: Any) -> BinaryIO:
    """Open a FIFO or character device for writing. Opened without blocking first, so a FIFO
    that nobody reads is refused at once instead of hanging."""
    try:
        fd = os.open(name, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        fail(os_reason(exc), "a FIFO with a reader, or a writable device")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "wb")

def _short_name(name: str, limit: int = 200) -> str:
    """`name`, shortened so the temporary name stays within 255 bytes."""
    while len(os.fsencode(name)) > limit:
        name = name[:-1]
    return name


_HANDLED = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s))


class _Pending:
    def __init__(self) -> None:
        self.paths: set[str] = set()

    def add(self, path: str) -> None:
        self.paths.add(path)

    def discard(self, path: str) -> None:
        self.paths.discard(path)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[_Pending]:
    """Remove the temporary files registered here if SIGTERM/SIGHUP arrives meanwhile, then
    end the process by that signal as it would have ended anyway."""
    pending = _Pending()
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        for path in list(pending.paths):
            with contextlib.suppress(OSError):
                os.unlink(path)
        for number, old in previous.items():
            signal.signal(number, old)
        os.kill(os.getpid(), signum)

    for number in _HANDLED:
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, handler)
    try:
        yield pending
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
