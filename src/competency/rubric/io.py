"""Read and write rubric documents (JSON, ``format: competency-rubric/1``).

Loading validates the document against ``schemas/rubric.schema.json`` (draft 2020-12) and
then the grid rules of :class:`~competency.rubric.Rubric`; every problem is reported at once,
each naming the file, the RFC 6901 JSON pointer and what was expected. Writing is atomic: a
temporary file in the target directory replaced into place, so a failed write leaves the
existing file untouched.

Examples
--------
>>> from competency.rubric import dumps_rubric, get_rubric, loads_rubric
>>> rubric = get_rubric("pt-self-assessment")
>>> loads_rubric(dumps_rubric(rubric)) == rubric
True
>>> loads_rubric('{"format": "competency-rubric/1", "id": "x"}', file="x.json")
Traceback (most recent call last):
...
competency.errors.DocumentError: x.json:/: missing required fields 'title', 'base_iri', ...
"""

from __future__ import annotations

import json
import os
from typing import Any, cast

from competency._schema import schema_problems
from competency.errors import INPUT, CompetencyError, DocumentError, Problem, RubricError
from competency.io import parse_json, read_bytes, write_atomic
from competency.rubric.model import Band, BandScheme, Descriptor, Level, Rubric, Theme

__all__ = ["dump_rubric", "dumps_rubric", "load_rubric", "loads_rubric", "rubric_from_dict",
           "rubric_to_dict"]

FORMAT = "competency-rubric/1"


def _build(cls: type[Any], data: dict[str, Any], pointer: str, problems: list[Problem],
           **extra: Any) -> Any:
    """Construct one model object; a failed validator becomes a located problem."""
    try:
        return cls(**data, **extra)
    except (TypeError, ValueError) as exc:
        problems.append(Problem(location=pointer, message=str(exc),
                                expected=f"a valid {cls.__name__.lower()}"))
        return None


def rubric_from_dict(data: object, *, file: str = INPUT) -> Rubric:
    """Build a :class:`Rubric` from a parsed rubric document.

    Raises
    ------
    DocumentError
        If the document does not match the rubric JSON Schema (every problem listed).
    RubricError
        If the grid rules are broken (levels, descriptors, bands, ids).
    """
    problems = schema_problems(data, "rubric", file=file)
    if problems:
        raise DocumentError(problems)
    assert isinstance(data, dict)
    built: list[Problem] = []
    levels = [_build(Level, lv, f"/levels/{i}", built) for i, lv in enumerate(data["levels"])]
    themes = []
    for t, theme in enumerate(data["themes"]):
        fields = {k: v for k, v in theme.items() if k != "descriptors"}
        cells = [_build(Descriptor, d, f"/themes/{t}/descriptors/{d_i}", built)
                 for d_i, d in enumerate(theme["descriptors"])]
        themes.append(_build(Theme, fields, f"/themes/{t}", built, descriptors=cells)
                      if None not in cells else None)
    schemes = []
    for s, scheme in enumerate(data["band_schemes"]):
        bands = [_build(Band, b, f"/band_schemes/{s}/bands/{b_i}", built)
                 for b_i, b in enumerate(scheme["bands"])]
        fields = {k: v for k, v in scheme.items() if k != "bands"}
        schemes.append(_build(BandScheme, fields, f"/band_schemes/{s}", built, bands=bands)
                       if None not in bands else None)
    if built or None in levels or None in themes or None in schemes:
        raise RubricError([p.in_file(file) for p in built])
    meta = {k: v for k, v in data.items()
            if k not in ("format", "levels", "themes", "band_schemes")}
    try:
        return Rubric(levels=levels, themes=cast(list[Theme], themes),
                      band_schemes=cast(list[BandScheme], schemes), **meta)
    except CompetencyError as exc:
        raise exc.in_file(file) from None
    except (TypeError, ValueError) as exc:
        raise RubricError(Problem(file=file, message=str(exc))) from None


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != ()}


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """Return the rubric document for `rubric` (plain JSON types, keys in schema order)."""
    doc: dict[str, Any] = {"format": FORMAT, "id": rubric.id, "title": rubric.title,
                           "base_iri": rubric.base_iri}
    doc.update(_drop_none({"source": rubric.source, "description": rubric.description,
                           "rights": rubric.rights, "note": rubric.note}))
    doc["levels"] = [_drop_none({"id": lv.id, "label": lv.label, "points": lv.points,
                                 "note": lv.note}) for lv in rubric.levels]
    doc["themes"] = [
        _drop_none({
            "id": t.id, "title": t.title, "notation": t.notation, "chapter": t.chapter,
            "intro": t.intro, "items": list(t.items) or None,
            "note": t.note,
            "descriptors": [_drop_none({"level": d.level, "text": d.text, "note": d.note})
                            for d in t.descriptors],
        })
        for t in rubric.themes
    ]
    doc["band_schemes"] = [
        _drop_none({
            "id": s.id, "title": s.title, "note": s.note,
            "bands": [{"id": b.id, "label": b.label, "low": b.low, "high": b.high}
                      for b in s.bands],
        })
        for s in rubric.band_schemes
    ]
    return doc


def loads_rubric(text: str | bytes, *, file: str = INPUT) -> Rubric:
    """Parse a rubric document from JSON text.

    Raises
    ------
    DocumentError
        If the text is not JSON or not a valid rubric document.
    RubricError
        If the grid rules are broken.
    """
    return rubric_from_dict(parse_json(text, file=file), file=file)


def load_rubric(path: str | os.PathLike[str]) -> Rubric:
    """Load and validate a rubric document from `path`.

    Raises
    ------
    DocumentError
        If the file cannot be read, is not JSON or does not match the schema; every problem
        names the file and a JSON pointer.
    RubricError
        If the grid rules are broken.

    Examples
    --------
    >>> from competency.rubric import load_rubric
    >>> from competency.rubric.registry import rubrics_dir
    >>> load_rubric(rubrics_dir() / "pt-self-assessment.json").id
    'pt-self-assessment'
    """
    return loads_rubric(read_bytes(path, expected="the path of a rubric JSON file"), file=os.fspath(path))


def dumps_rubric(rubric: Rubric) -> str:
    """Return `rubric` as JSON text (2-space indent, UTF-8 characters kept, final newline)."""
    return json.dumps(rubric_to_dict(rubric), indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically; see :func:`competency.io.write_atomic`."""
    write_atomic(path, text.encode("utf-8"))


def dump_rubric(rubric: Rubric, path: str | os.PathLike[str]) -> None:
    """Write `rubric` to `path` atomically (temporary file in the same directory, then
    :func:`os.replace`); on failure the existing file is left untouched.

    Raises
    ------
    DocumentError
        If the file cannot be written.
    """
    write_text_atomic(path, dumps_rubric(rubric))
