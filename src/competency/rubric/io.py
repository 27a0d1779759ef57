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

import functools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from competency.errors import INPUT, CompetencyError, DocumentError, Problem, RubricError
from competency.rubric.model import Band, BandScheme, Descriptor, Level, Rubric, Theme

__all__ = ["dump_rubric", "dumps_rubric", "load_rubric", "loads_rubric", "rubric_from_dict",
           "rubric_to_dict"]

FORMAT = "competency-rubric/1"


def to_pointer(path: Iterable[object]) -> str:
    """Render a jsonschema ``absolute_path`` as an RFC 6901 JSON pointer.

    Examples
    --------
    >>> to_pointer(["themes", 3, "a/b~c"])
    '/themes/3/a~1b~0c'
    """
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@functools.cache
def _validator() -> Any:
    from importlib import resources

    from jsonschema import Draft202012Validator

    text = resources.files("competency").joinpath("schemas").joinpath("rubric.schema.json").read_text(
        encoding="utf-8"
    )
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


_TYPE_WORDS = {
    "object": "an object", "array": "an array", "string": "a string", "integer": "an integer",
    "number": "a number", "boolean": "true or false", "null": "null",
}


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _expectation(error: Any) -> tuple[str, str]:
    """(message, expected) for one jsonschema error, in words."""
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        missing = missing or list(value)
        return (f"missing required field{'s' if len(missing) > 1 else ''} "
                + ", ".join(map(repr, missing)),
                "an object with the fields " + ", ".join(sorted(value)))
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed) if isinstance(instance, dict) else []
        return ("unknown field " + ", ".join(map(repr, extra)),
                "only the fields " + ", ".join(allowed))
    found = f"found {_short(instance)}"
    if validator == "pattern":
        return found, str(error.schema.get("description", f"text matching {value}")).rstrip(".")
    if validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return found, " or ".join(str(_TYPE_WORDS.get(k, k)) for k in kinds)
    if validator == "const":
        return found, repr(value)
    if validator == "enum":
        return found, "one of " + ", ".join(map(repr, value))
    if validator == "minimum":
        return found, f"a number ≥ {value}"
    if validator == "minItems":
        return found, f"at least {value} item{'s' if value != 1 else ''}"
    return found, f"a value satisfying '{validator}: {value}'"


def _schema_problems(data: object, file: str) -> list[Problem]:
    from jsonschema.exceptions import best_match

    by_path: dict[tuple[object, ...], list[Any]] = {}
    for error in _validator().iter_errors(data):
        by_path.setdefault(tuple(error.absolute_path), []).append(error)
    problems = []
    for path in sorted(by_path, key=lambda p: tuple((isinstance(x, str), str(x).zfill(9))
                                                    for x in p)):
        errors = by_path[path]
        required = [e for e in errors if e.validator == "required"]
        error = required[0] if required else best_match(errors)
        message, expected = _expectation(error)
        problems.append(Problem(file=file, location=to_pointer(error.absolute_path),
                                message=message, expected=expected))
    return problems


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
    problems = _schema_problems(data, file)
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(Problem(
            file=file, location=f"line {exc.lineno}, column {exc.colno}",
            message=f"not valid JSON: {exc.msg}", expected="a JSON rubric document",
        )) from None
    return rubric_from_dict(data, file=file)


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
    file = os.fspath(path)
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(Problem(file=file, message=f"cannot read the file: {exc.strerror}",
                                    expected="a readable rubric JSON file")) from None
    return loads_rubric(text, file=file)


def dumps_rubric(rubric: Rubric) -> str:
    """Return `rubric` as JSON text (2-space indent, UTF-8 characters kept, final newline)."""
    return json.dumps(rubric_to_dict(rubric), indent=2, ensure_ascii=False) + "\n"


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` atomically (a temporary file in the same directory, then
    :func:`os.replace`); on failure the existing file is left untouched.

    Raises
    ------
    DocumentError
        If the file cannot be written.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise DocumentError(Problem(file=str(target), message=f"cannot write: {exc.strerror}",
                                    expected="a writable directory")) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DocumentError(Problem(file=str(target), message=f"cannot write: {exc}",
                                        expected="a writable file")) from None
        raise


def dump_rubric(rubric: Rubric, path: str | os.PathLike[str]) -> None:
    """Write `rubric` to `path` atomically (temporary file in the same directory, then
    :func:`os.replace`); on failure the existing file is left untouched.

    Raises
    ------
    DocumentError
        If the file cannot be written.
    """
    write_text_atomic(path, dumps_rubric(rubric))
