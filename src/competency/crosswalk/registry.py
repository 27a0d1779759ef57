"""The crosswalks shipped with competency: ``crosswalks/<a>__<b>.sssom.tsv`` in the data
folder, each mapping framework ``a`` to framework ``b``; ``b`` to ``a`` is its inverse.

Examples
--------
>>> from competency.crosswalk import available_crosswalks, load_crosswalk
>>> ("pt-nos", "ls-nos") in available_crosswalks()
True
>>> cw = load_crosswalk("ls-nos", "pt-nos")
>>> cw.subject_prefix, cw.object_prefix
('ls-nos', 'pt-nos')
"""

from __future__ import annotations

import functools

from competency._data import data_root
from competency.crosswalk.model import Crosswalk
from competency.crosswalk.validation import validate_crosswalk
from competency.errors import Problem, UnknownIdError

__all__ = ["available_crosswalks", "load_crosswalk"]

_SUFFIX = ".sssom.tsv"
_SEPARATOR = "__"


def available_crosswalks() -> tuple[tuple[str, str], ...]:
    """The ``(subject framework, object framework)`` pairs of the shipped crosswalk files,
    sorted (their inverses are available too, through :func:`load_crosswalk`)."""
    folder = data_root().joinpath("crosswalks")
    if not folder.is_dir():
        return ()
    pairs = []
    for entry in folder.iterdir():
        name = entry.name
        if entry.is_file() and name.endswith(_SUFFIX) and _SEPARATOR in name:
            a, _, b = name[: -len(_SUFFIX)].partition(_SEPARATOR)
            if a and b:
                pairs.append((a, b))
    return tuple(sorted(pairs))


@functools.cache
def load_crosswalk(subject_id: str, object_id: str) -> Crosswalk:
    """The shipped crosswalk from framework `subject_id` to framework `object_id`, validated
    against both frameworks: ``crosswalks/<subject_id>__<object_id>.sssom.tsv``, or the
    inverse of ``crosswalks/<object_id>__<subject_id>.sssom.tsv``.

    Raises
    ------
    UnknownIdError
        If neither file is shipped; the message lists the crosswalks that are.
    CrosswalkError
        If the shipped file is invalid (every problem, with line and column).
    """
    from competency.registry import load

    shipped = available_crosswalks()
    if (subject_id, object_id) in shipped:
        cw = _load_file(subject_id, object_id)
        validate_crosswalk(cw, load(subject_id), load(object_id))
        return cw
    if (object_id, subject_id) in shipped:
        return load_crosswalk(object_id, subject_id).inverse()
    listed = ", ".join(f"{a} → {b}" for a, b in shipped) or "none"
    raise UnknownIdError(Problem(
        message=f"no crosswalk between {subject_id!r} and {object_id!r} is shipped",
        expected=f"one of the shipped crosswalks (or its inverse): {listed}",
        fix="Read your own SSSOM TSV file with competency.crosswalk.read_sssom",
    ))


def _load_file(subject_id: str, object_id: str) -> Crosswalk:
    name = f"{subject_id}{_SEPARATOR}{object_id}{_SUFFIX}"
    entry = data_root().joinpath("crosswalks").joinpath(name)
    from competency.formats.sssom import loads_sssom  # it builds on this package

    return loads_sssom(entry.read_bytes(), file=f"frameworks/crosswalks/{name}")
