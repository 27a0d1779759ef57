"""Writing SSSOM TSV: deterministic, in SSSOM schema order (see
:mod:`competency.formats.sssom`)."""

from __future__ import annotations

import csv
import io
import os

from competency._formulas import neutralise
from competency.crosswalk.model import Crosswalk, thaw
from competency.crosswalk.slots import MAPPING_SLOTS, SET_SLOTS
from competency.formats._sssom_read import REQUIRED_COLUMNS, TSV
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
    columns = [
        s.name for s in MAPPING_SLOTS
        if s.name in REQUIRED_COLUMNS or any(_cell(getattr(m, s.name)) for m in cw.mappings)
    ]
    extension_columns = list(dict.fromkeys(name for m in cw.mappings for name, _ in m.extensions))
    writer = csv.writer(out, dialect=TSV)
    writer.writerow([*columns, *extension_columns])
    free_text = {s.name for s in MAPPING_SLOTS if s.range == "text"} \
        if neutralise_formulas else set()
    for m in cw.mappings:
        extra = dict(m.extensions)
        writer.writerow([*(_cell(getattr(m, name), name in free_text) for name in columns),
                         *(extra.get(name, "") for name in extension_columns)])
    return out.getvalue()


def _cell(value: object, neutralised: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        return "|".join(map(neutralise, value) if neutralised else value)
    return neutralise(str(value)) if neutralised else str(value)


def write_sssom(cw: Crosswalk, path: PathLike) -> None:
    """Write `cw` to `path` as SSSOM TSV, atomically (a failed write leaves `path`
    untouched)."""
    write_atomic(path, dumps_sssom(cw).encode("utf-8"))
