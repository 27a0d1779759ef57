"""Writing SSSOM TSV: deterministic, in SSSOM schema order (see
:mod:`competency.formats.sssom`)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from itertools import repeat

from competency._formulas import neutralise, restore
from competency.crosswalk.model import Crosswalk, Mapping, MappingTable, mapping_column, thaw
from competency.crosswalk.slots import MAPPING_SLOTS, SET_SLOTS, mapping_slot
from competency.formats._sssom_table import REQUIRED_COLUMNS, TSV
from competency.io import write_atomic

__all__ = ["dumps_sssom", "write_sssom"]

PathLike = str | os.PathLike[str]


def dumps_sssom(cw: Crosswalk, *, neutralise_formulas: bool = False) -> str:
    """Return `cw` as SSSOM TSV text (deterministic; see the module documentation).

    Every slot with a value is written, extensions after the SSSOM slots, so what
    :func:`loads_sssom` read is written back. With `neutralise_formulas`, a free-text cell
    (a label, a comment) that a spreadsheet would run as a formula (``= + - @``, tab, CR)
    gets a ``'`` in front, and :func:`loads_sssom` takes it off again
    (:mod:`competency._formulas`). Off by default, because SSSOM is read by mapping tools
    that would keep the ``'``; ``crosswalk suggest`` turns it on for the files curators
    open in spreadsheets."""
    import yaml

    metadata: dict[str, object] = {}
    for slot in SET_SLOTS:
        value = getattr(cw, slot.name)
        if slot.name == "curie_map":
            value = dict(value)
        elif isinstance(value, tuple):
            value = thaw(value)
        if value or isinstance(value, float):
            metadata[slot.name] = value
    for name, value in cw.extensions:
        metadata[name] = thaw(value)
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=1 << 30)
    out = io.StringIO()
    out.writelines(f"#{line}\n" for line in header.splitlines())
    escape = neutralise if neutralise_formulas else _quote_quotes
    writer = csv.writer(out, dialect=TSV)
    columns = {
        s.name: mapping_column(cw.mappings, s.name) for s in MAPPING_SLOTS
        if s.name in REQUIRED_COLUMNS or _has_value(mapping_column(cw.mappings, s.name))
    }
    extensions = _extension_columns(cw.mappings)
    writer.writerow([*columns, *(name for name, _ in extensions)])
    cells = [
        map(_free_text if _slot_range(name) == "text" else _cell, values, repeat(escape))
        for name, values in columns.items()
    ]
    writer.writerows(zip(*cells, *(values for _, values in extensions), strict=True))
    return out.getvalue()


def _slot_range(name: str) -> str:
    slot = mapping_slot(name)
    return "" if slot is None else slot.range


def _has_value(values: Sequence[object]) -> bool:
    return len(values) != values.count(None) + values.count(())


def _extension_columns(mappings: Sequence[Mapping]) -> list[tuple[str, Sequence[str]]]:
    if isinstance(mappings, MappingTable):
        return [(name, ["" if v is None else v for v in values])
                for name, values in mappings.extension_columns()]
    names = dict.fromkeys(name for m in mappings for name, _ in m.extensions)
    rows = [dict(m.extensions) for m in mappings]
    return [(name, [row.get(name, "") for row in rows]) for name in names]


def _cell(value: object, escape: Callable[[str], str] | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        return "|".join(value)
    return str(value)


def _free_text(value: object, escape: Callable[[str], str]) -> str:
    """A free-text cell, each value passed through `escape` (the reader takes the ``'`` it
    may add off again)."""
    if isinstance(value, tuple):
        return "|".join(map(escape, value))
    return "" if value is None else escape(str(value))


def _quote_quotes(text: str) -> str:
    """`text`, with a ``'`` in front if it starts with one the reader would take off (so a
    text that starts with ``'=`` reads back as written)."""
    return "'" + text if restore(text) != text else text


def write_sssom(cw: Crosswalk, path: PathLike) -> None:
    """Write `cw` to `path` as SSSOM TSV, atomically (a failed write leaves `path`
    untouched)."""
    write_atomic(path, dumps_sssom(cw).encode("utf-8"))
