"""Hostile input files, built by the tests themselves (no corpus on disk).

Each builder writes one file (or special file) into a folder and returns its path. Classes:

- ``READING``: what any input path meets before parsing (empty, not UTF-8, binary, NUL
  bytes, a FIFO with no writer, a directory, a missing file, a socket, a symlink loop, a
  file over the input limit, an endless device);
- ``JSON_VALUES``: JSON that parses but is not usable (repeated keys with different values,
  NaN/Infinity, numbers beyond a double, 5,000-digit integers, lone surrogates, nesting
  950 deep inside a field and 30,000 deep, a list as a kind, terminal escape sequences);
- ``YAML``: metadata headers that are alias bombs or nested thousands deep.
"""

from __future__ import annotations

import json
import os
import random
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

Builder = Callable[[Path], Path]

LIMIT = "64K"
"""The --max-input-size the suite runs with, so "too large" files stay small."""


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def framework_doc(**changes: Any) -> dict[str, Any]:
    """A small valid framework document, with top-level `changes`."""
    doc: dict[str, Any] = {
        "format": "competency-framework/1", "id": "demo", "title": "Demo",
        "base_iri": "https://example.org/demo/",
        "elements": [{"id": "demo:U1", "kind": "unit", "text": "Work safely."},
                     {"id": "demo:U1.P1", "kind": "criterion", "text": "check the site"}],
        "relations": [{"source": "demo:U1", "type": "contains", "target": "demo:U1.P1"}],
    }
    doc.update(changes)
    return doc


def _fifo(folder: Path) -> Path:
    path = folder / "fifo.json"
    os.mkfifo(path)
    return path


def _socket(folder: Path) -> Path:
    path = folder / "sock.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays; opening it fails with ENXIO
    return path


def _loop(folder: Path) -> Path:
    path = folder / "loop.json"
    os.symlink(path, path)
    return path


def _directory(folder: Path) -> Path:
    path = folder / "dir.json"
    path.mkdir()
    return path


READING: dict[str, Builder] = {
    "empty": lambda d: _write(d, "empty.json", b""),
    "whitespace only": lambda d: _write(d, "blank.json", b" \n\t\r\n"),
    "not UTF-8 (Latin-1)": lambda d: _write(d, "latin1.json", "{\"title\": \"café\"}".encode("latin-1")),
    "UTF-16 with a byte-order mark": lambda d: _write(
        d, "utf16.json", json.dumps(framework_doc()).encode("utf-16")),
    "random binary": lambda d: _write(d, "random.bin", random.Random(17).randbytes(20_000)),
    "NUL bytes": lambda d: _write(d, "nul.json", b"{\"id\": \"a\0b\"}\0\0\0"),
    "one 60 KB line": lambda d: _write(d, "line.json", b"a" * 60_000),
    "over the input limit": lambda d: _write(d, "big.json", b" " * 70_000 + b"{}"),
    "FIFO with no writer": _fifo,
    "directory": _directory,
    "missing file": lambda d: d / "missing.json",
    "socket": _socket,
    "symlink loop": _loop,
    "/dev/zero": lambda d: Path("/dev/zero"),
    "/dev/urandom": lambda d: Path("/dev/urandom"),
}


def _deep_field(depth: int) -> bytes:
    doc = json.dumps(framework_doc(title="@"))
    return doc.replace('"@"', "[" * depth + "]" * depth).encode()


def _json_with(token: str) -> bytes:
    return json.dumps(framework_doc(title="@")).replace('"@"', token).encode()


JSON_VALUES: dict[str, Callable[[], bytes]] = {
    "repeated key, different value": lambda: _json_with('"a", "title": "b"'),
    "NaN": lambda: _json_with("NaN"),
    "Infinity": lambda: _json_with("Infinity"),
    "-Infinity": lambda: _json_with("-Infinity"),
    "1e400": lambda: _json_with("1e400"),
    "5,000-digit integer": lambda: _json_with("9" * 5000),
    "lone surrogate": lambda: _json_with('"\\ud800"'),
    "arrays 950 deep in a field": lambda: _deep_field(950),
    "arrays 30,000 deep": lambda: b"[" * 30_000 + b"]" * 30_000,
    "objects 5,000 deep": lambda: b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "kind given as a list": lambda: json.dumps(framework_doc(elements=[
        {"id": "demo:U1", "kind": ["unit"], "text": "x"}])).encode(),
    "terminal escape in a value": lambda: json.dumps(framework_doc(
        elements=[{"id": "demo:U1", "kind": "\x1b]0;pwned\x07\x1b[2J", "text": "x"}])).encode(),
    "5,000 problems": lambda: json.dumps(framework_doc(elements=[
        {"id": f"demo:E{i}", "kind": "skill", "text": "x"} for i in range(5_000)])).encode(),
}


def billion_laughs(prefix: str = "# ") -> str:
    """A YAML alias bomb: nine levels of ten aliases each (10**9 values), as '#' lines."""
    lines = ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        name, before = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"l{name}: &{name} [" + ", ".join([f"*{before}"] * 10) + "]")
    return "".join(f"{prefix}{line}\n" for line in lines)


def deep_yaml(prefix: str = "# ", depth: int = 5_000) -> str:
    return f"{prefix}title: " + "[" * depth + "]" * depth + "\n"


YAML: dict[str, Callable[[str], str]] = {
    "billion laughs": billion_laughs,
    "nested 5,000 deep": deep_yaml,
}
