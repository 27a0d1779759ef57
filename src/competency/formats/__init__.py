"""The file formats frameworks are read from and written to: one module per format, with
the same verbs both ways, and one table of them all.

Each format module offers ``loads(text, *, file=..., **options) -> Framework``,
``dumps(framework, **options) -> str``, ``read(path, **options)`` and
``write(framework, path, **options)`` (files read through the bounded reader and written
atomically), the format's own options as keyword arguments:

- :mod:`competency.formats.json` — framework JSON, the library's own format;
- :mod:`competency.formats.case` — CASE 1.1 (and 1.0) CFPackage JSON;
- :mod:`competency.formats.skos` — SKOS Turtle (needs rdflib);
- :mod:`competency.formats.moodle` — Moodle competency framework CSV;
- :mod:`competency.formats.tabular` — the contract CSV and the lossless table CSV;
- :mod:`competency.formats.graphml` — GraphML (written only).

Problems in a file are :class:`~competency.errors.DocumentError` s whose locations are
values: a :class:`~competency.errors.Pointer` in JSON formats, a
:class:`~competency.errors.Position` in text formats.

:data:`FORMATS` maps each format name (the ``--from`` / ``--format`` values of the command
line) to a :class:`Format`: how to read text into a framework (``loads``) and how to write a
framework as text (``dumps``), each with the options it takes. The command line dispatches
through this table only; the format modules are imported on first use, so importing this
table is cheap.

Examples
--------
>>> from competency.formats import FORMATS
>>> sorted(name for name, f in FORMATS.items() if f.can_read)
['case', 'csv', 'json', 'moodle', 'skos', 'table']
>>> import competency
>>> text = FORMATS["moodle"].dumps(competency.load("pt-nos"), neutralise_formulas=True)
>>> FORMATS["moodle"].loads(text) == competency.load("pt-nos")
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from competency.errors import INPUT

if TYPE_CHECKING:
    from competency.model import Framework

__all__ = ["FORMATS", "Format"]


def _names(items: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Format:
    """A file format: its name, what it is, and its reader and writer.

    Parameters
    ----------
    name : str
        The format's name (``"case"``).
    description : str
        One line for help texts.
    reader, writer : str, optional
        ``"module:function"`` of the function that parses text (``f(text, *, file, ...)``)
        or writes a framework (``f(framework, ...) -> str``); ``None`` when the format is
        only written or only read.
    read_options, write_options : tuple of str
        The keyword options the reader / writer takes; others passed are left out.
    """

    name: str
    description: str
    reader: str | None = None
    writer: str | None = None
    read_options: tuple[str, ...] = attrs.field(default=(), converter=_names)
    write_options: tuple[str, ...] = attrs.field(default=(), converter=_names)

    @property
    def can_read(self) -> bool:
        """Whether frameworks can be read from this format."""
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        """Whether frameworks can be written in this format."""
        return self.writer is not None

    def loads(self, text: str | bytes, *, file: str = INPUT, **options: Any) -> Framework:
        """Parse `text` into a framework, passing the options this format's reader takes
        (``None`` values are left out).

        Raises
        ------
        ValueError
            If the format cannot be read.
        """
        if self.reader is None:
            raise ValueError(f"the {self.name} format can be written, not read")
        kept = {k: v for k, v in options.items() if k in self.read_options and v is not None}
        return cast("Framework", _resolve(self.reader)(text, file=file, **kept))

    def dumps(self, framework: Framework, **options: Any) -> str:
        """Write `framework` as text, passing the options this format's writer takes.

        Raises
        ------
        ValueError
            If the format cannot be written.
        """
        if self.writer is None:
            raise ValueError(f"the {self.name} format can be read, not written")
        kept = {k: v for k, v in options.items() if k in self.write_options}
        return cast(str, _resolve(self.writer)(framework, **kept))


def _resolve(target: str) -> Callable[..., Any]:
    module, _, function = target.partition(":")
    return cast("Callable[..., Any]", getattr(importlib.import_module(module), function))


FORMATS: Mapping[str, Format] = {f.name: f for f in (
    Format(name="json", description="framework JSON (competency-framework/1)",
           reader="competency.formats.json:loads", writer="competency.formats.json:dumps"),
    Format(name="csv", description="the contract CSV id,kind,notation,parent,text",
           reader="competency.formats.tabular:loads",
           writer="competency.formats.tabular:to_csv",
           read_options=("framework_id",), write_options=("neutralise_formulas",)),
    Format(name="table", description="spreadsheet CSV with every field (lossless)",
           reader="competency.formats.tabular:loads",
           writer="competency.formats.tabular:dumps_table",
           read_options=("framework_id",), write_options=("neutralise_formulas",)),
    Format(name="case", description="CASE 1.1 (or 1.0) CFPackage JSON",
           reader="competency.formats.case:loads",
           writer="competency.formats.case:dumps", read_options=("framework_id",),
           write_options=("crosswalks", "rubrics", "case_version", "last_change")),
    Format(name="skos", description="SKOS Turtle",
           reader="competency.formats.skos:loads",
           writer="competency.formats.skos:dumps",
           read_options=("framework_id", "lang", "scheme"),
           write_options=("crosswalks", "lang")),
    Format(name="moodle", description="Moodle competency framework CSV",
           reader="competency.formats.moodle:loads",
           writer="competency.formats.moodle:dumps",
           read_options=("framework_id",), write_options=("neutralise_formulas", "scale")),
    Format(name="graphml", description="GraphML of the framework (and crosswalk partners)",
           writer="competency.formats.graphml:dumps",
           write_options=("crosswalks", "partners")),
)}
"""Every format, by name: the command line's only dispatch."""
