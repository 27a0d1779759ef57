"""The cells of a Moodle competency framework CSV, as Moodle reads them: the rows (its CSV
dialect, each row with the line it starts on), the header (14 columns by position), PHP
truthiness, our JSON column, ID numbers made into local ids, and HTML descriptions made
into plain text. :mod:`competency.formats._moodle_read` builds the framework from them.

Examples
--------
>>> from competency.formats._moodle_cells import is_true, local_id
>>> is_true("0"), is_true("1"), local_id("OECD CORE/1")
(False, True, 'OECD_CORE/1')
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
import unicodedata
from typing import Any

from competency._formulas import restore_row
from competency.errors import Position
from competency.formats._common import Add, warn
from competency.formats._moodle_write import COLUMNS, EXTRA_COLUMN
from competency.model import LOCAL_ID_PATTERN

__all__ = ["check_header", "html_to_text", "is_true", "json_cell", "local_id", "read_rows"]

_LOCAL = re.compile(rf"\A{LOCAL_ID_PATTERN}\Z")


def _normalised(name: str) -> str:
    return re.sub(r"[\s\-_]+", "", name).lower()


_HEADER = tuple(_normalised(c) for c in COLUMNS)

def read_rows(text: str, add: Add) -> list[tuple[int, list[str]]]:
    """The rows of `text`, each with the line it starts on; a CSV error is noted with `add`
    (the rows before it are kept)."""
    if csv.field_size_limit() < len(text):  # no cell is longer than the text
        csv.field_size_limit(len(text))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            rows.append((previous + 1, restore_row(row)))
            previous = reader.line_num
    except csv.Error as exc:
        start = previous + 1
        if "unexpected end of data" in str(exc):
            add(Position(start), "a quoted cell is never closed (the quote runs to the end "
                "of the file)", 'a closing " for every opening one (a " inside a cell is '
                'written "")')
        else:
            add(Position(start), f"not CSV: {exc}",
                'well-formed CSV (a " inside a quoted cell is written "")')
    return rows


def check_header(
    header: list[str], line: int, add: Add, file: str
) -> int | None:
    """Check there are 14 columns (a header in another language is read by position, with
    a warning); return the position of our JSON column, if any."""
    if len(header) < len(COLUMNS):
        add(Position(line), f"{len(header)} columns", f"the {len(COLUMNS)} Moodle "
            "columns " + ",".join(COLUMNS))
        return None
    for i, expected in enumerate(COLUMNS):
        if _normalised(header[i]) != _HEADER[i]:
            warn(file, Position(line, i + 1),
                 f"column {header[i]!r} read as {expected!r} (Moodle reads the columns by "
                 "position; a translated header is read the same way)")
            break
    extra = [i for i, name in enumerate(header) if name.strip() == EXTRA_COLUMN]
    return extra[0] if extra and extra[0] >= len(COLUMNS) else None


def is_true(value: str) -> bool:
    """PHP truthiness of a CSV cell, as Moodle tests *Is framework*."""
    return value not in ("", "0")


def json_cell(
    row: list[str], extra: int | None, line: int, add: Add,
    keys: frozenset[str],
) -> dict[str, Any] | None:
    """The JSON object in our column of `row` (None when there is no such column or the cell
    is empty; ``{}`` when it is bad, noted with `add`)."""
    if extra is None or not row[extra].strip():
        return None
    where = Position(line, extra + 1)
    try:
        value = json.loads(row[extra])
    except json.JSONDecodeError as exc:
        add(where, f"not JSON: {exc.msg} at character {exc.pos + 1}",
            f"the compact JSON the exporter writes in {EXTRA_COLUMN!r}, or nothing")
        return {}
    if not isinstance(value, dict):
        add(where, "the JSON is not an object", "a JSON object")
        return {}
    unknown = sorted(set(value) - keys)
    if unknown:
        add(where, f"unknown key(s) {', '.join(unknown)}", "keys among " + ", ".join(sorted(keys)))
    return value

def local_id(number: str) -> str:
    """The local id of a Moodle ID number (characters a CURIE local part cannot hold become
    ``_``, accents are dropped; a leading ``.``, ``-`` or ``/`` gets a ``_`` in front)."""
    if _LOCAL.match(number):
        return number
    ascii_ = unicodedata.normalize("NFKD", number).encode("ascii", "ignore").decode()
    local = re.sub(r"[^A-Za-z0-9_.\-/]", "_", ascii_.strip()) or "_"
    return local if local[0].isalnum() or local[0] == "_" else "_" + local

class _TextOf(html.parser.HTMLParser):
    _BREAKS = frozenset(("br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4",
                         "h5", "h6", "blockquote", "pre", "table"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\x00")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append("\x00")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML description: tags removed, entities decoded, ``<br>`` and block
    ends as line breaks, other whitespace runs as one space.

    Examples
    --------
    >>> html_to_text("<p>Plan &amp; review\\nwork.<br>Then act.</p><p></p>")
    'Plan & review work.\\nThen act.'
    """
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    text = re.sub(r"\s+", " ", "".join(parser.parts))
    lines = (line.strip() for line in text.split("\x00"))
    return "\n".join(line for line in lines if line)
