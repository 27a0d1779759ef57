"""Read and write framework documents (JSON, validated by ``schemas/framework.schema.json``).

Loading reports every problem in a file at once, each with the file name, a JSON pointer
(or line and column for malformed JSON) and what was expected. Dumping is deterministic —
the same framework always gives the same bytes, keys in a fixed order and elements in source
order — and atomic: the file is written to a temporary file in the same directory and moved
into place, so a failed write never leaves a half-written or truncated file behind.

Examples
--------
>>> from competency.io import loads, dumps
>>> text = '''{"format": "competency-framework/1", "id": "demo", "title": "Demo",
...   "base_iri": "https://example.org/demo/",
...   "elements": [{"id": "demo:U1", "kind": "unit", "text": "Work safely."}],
...   "relations": []}'''
>>> fw = loads(text)
>>> fw.element("demo:U1").text
'Work safely.'
>>> loads(dumps(fw)) == fw
True
"""

from __future__ import annotations

import json
import os

from competency._atomic import write_atomic
from competency._codec import decode_framework, encode_framework
from competency._files import decode_utf8, encode_utf8
from competency._files import read_bytes as _read_bytes
from competency._json import parse_json
from competency.errors import INPUT, CompetencyError, DocumentError
from competency.model import Framework

__all__ = [
    "decode_utf8", "dump_framework", "dumps", "load_framework", "loads", "parse_json", "read_bytes",
    "write_atomic",
]

PathLike = str | os.PathLike[str]


def loads(text: str | bytes, *, file: str = INPUT) -> Framework:
    """Parse and validate a framework document given as JSON text.

    Parameters
    ----------
    text : str or bytes
        The JSON document (UTF-8 when bytes).
    file : str
        The name to report in errors.

    Returns
    -------
    Framework

    Raises
    ------
    DocumentError
        If the text is not JSON or does not match the framework schema; lists every problem.
    StructureError
        If ids repeat, a relation points nowhere, or ``contains`` is not a forest.
    """
    return decode_framework(parse_json(text, file=file), file=file)


def load_framework(path: PathLike) -> Framework:
    """Read and validate the framework document at `path`.

    Raises
    ------
    DocumentError
        If the file cannot be read, is not JSON or does not match the schema.
    StructureError
        If the identity or reference rules are broken (see :class:`Framework`).

    Examples
    --------
    >>> import competency
    >>> competency.load_framework("no/such/file.json")
    Traceback (most recent call last):
    ...
    competency.errors.DocumentError: no/such/file.json:/: cannot read the file: it does not exist — expected the path of a framework JSON file
    """
    return loads(read_bytes(path), file=os.fspath(path))


def read_bytes(
    path: PathLike, *, expected: str = "the path of a framework JSON file",
    error: type[CompetencyError] = DocumentError,
) -> bytes:
    """Read a whole file, bounded by the input limit (see :mod:`competency._files`), turning
    OS errors into a :class:`~competency.errors.DocumentError` (or `error`) that names it."""
    return _read_bytes(path, expected=expected, error=error)


def dumps(framework: Framework) -> str:
    """Return the framework as a JSON document (2-space indent, trailing newline)."""
    return _dump_bytes(framework).decode("utf-8")


def dump_framework(framework: Framework, path: PathLike) -> None:
    """Write the framework to `path` atomically (a failed write leaves `path` untouched)."""
    write_atomic(path, _dump_bytes(framework, file=os.fspath(path)))


def _dump_bytes(framework: Framework, *, file: str = INPUT) -> bytes:
    text = json.dumps(encode_framework(framework), ensure_ascii=False, indent=2)
    return encode_utf8(text + "\n", file=file)
