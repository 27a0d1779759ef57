"""Check a crosswalk against the frameworks it maps between.

:func:`validate_crosswalk` checks a :class:`~competency.crosswalk.Crosswalk` already built;
:func:`validate_sssom` reads a file and reports the problems of the file and those against
its frameworks together, all at once.

Examples
--------
>>> import competency
>>> from competency.crosswalk import Crosswalk, Mapping, validate_crosswalk
>>> cw = Crosswalk(
...     mapping_set_id="https://example.org/x", license="https://example.org/l",
...     curie_map={"pt-nos": "https://w3id.org/competency/pt-nos/",
...                "ls-nos": "https://w3id.org/competency/ls-nos/"},
...     mappings=[Mapping(subject_id="pt-nos:LSIPT01.P1x", predicate_id="skos:closeMatch",
...                       object_id="ls-nos:AP13",
...                       mapping_justification="semapv:ManualMappingCuration")])
>>> validate_crosswalk(cw, competency.load("pt-nos"), competency.load("ls-nos"))
Traceback (most recent call last):
...
competency.errors.CrosswalkError: <input>:/mappings/0/subject_id: subject_id 'pt-nos:LSIPT01.P1x' is not an element of 'pt-nos' — expected the id of an element of 'pt-nos', such as 'pt-nos:LSIPT01'. Did you mean 'pt-nos:LSIPT01.P1'?
"""

from __future__ import annotations

import bisect
import difflib
import os

from competency.crosswalk._columns import no_unknown_ids
from competency.crosswalk.model import Crosswalk, MappingSetView, distinct_values
from competency.errors import CrosswalkError, Problem
from competency.model import Framework

__all__ = ["framework_problems", "validate_crosswalk"]

PathLike = str | os.PathLike[str]

MAX_SUGGESTIONS = 20
"""How many unknown ids of each framework get a "did you mean" (each costs a string-similarity
search); the others point to the list of ids, so a file of unknown ids is checked in linear
time."""

_SMALL = 2_000
"""A framework of at most this many elements is searched in full for a suggestion; a larger
one among the ids next to the unknown id in sorted order."""

_NEIGHBOURS = 40


class _Suggester:
    """"Did you mean" for the first :data:`MAX_SUGGESTIONS` unknown ids of one framework: a
    close match among all its ids (a small framework) or among the ids next to the unknown id
    in sorted order (a large one)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.sorted = sorted(ids) if len(ids) > _SMALL else ids
        self.searches = 0

    def __call__(self, element_id: str) -> str | None:
        if self.searches >= MAX_SUGGESTIONS:
            return None
        self.searches += 1
        candidates = self.ids
        if len(self.ids) > _SMALL:
            at = bisect.bisect_left(self.sorted, element_id)
            candidates = self.sorted[max(0, at - _NEIGHBOURS // 2):at + _NEIGHBOURS // 2]
        close = difflib.get_close_matches(element_id, candidates, n=1)
        return close[0] if close else None


def validate_crosswalk(cw: Crosswalk, subject: Framework, object: Framework) -> None:
    """Check that every subject of `cw` is an element of `subject` and every object one of
    `object`, and that ``curie_map`` gives the frameworks their base IRIs.

    Raises
    ------
    CrosswalkError
        Listing every problem, by TSV line and column when `cw` was read from a file.
    """
    problems = framework_problems(cw, subject, object)
    if problems:
        raise CrosswalkError(problems)


def framework_problems(
    cw: MappingSetView, subject: Framework, object: Framework
) -> list[Problem]:
    """The problems :func:`validate_crosswalk` raises, as a list."""
    problems: list[Problem] = []
    curie_map = dict(cw.curie_map)
    for framework in (subject, object):
        iri = curie_map.get(framework.id)
        if iri is not None and iri != framework.base_iri:
            problems.append(Problem(
                file=cw.file, location=cw.locate(None, f"curie_map/{framework.id}"),
                message=f"curie_map gives {framework.id!r} the IRI {iri!r}",
                expected=f"the framework's base IRI {framework.base_iri!r}",
            ))
    if all(no_unknown_ids(distinct_values(cw.mappings, slot), framework)
           for slot, framework in (("subject_id", subject), ("object_id", object))):
        return problems
    suggest = {framework.id: _Suggester([e.id for e in framework])
               for framework in (subject, object)}
    for i, mapping in enumerate(cw.mappings):
        for slot, framework in (("subject_id", subject), ("object_id", object)):
            element_id: str = getattr(mapping, slot)
            if element_id in framework:
                continue
            close = suggest[framework.id](element_id)
            example = framework.elements[0].id if framework.elements else f"{framework.id}:X"
            problems.append(Problem(
                file=cw.file, location=cw.locate(i, slot),
                message=f"{slot} {element_id!r} is not an element of {framework.id!r}",
                expected=f"the id of an element of {framework.id!r}, such as {example!r}",
                fix=f"Did you mean {close!r}?" if close else
                    f"Run 'competency export {framework.id} --format csv' to list the ids",
            ))
    return problems


def __getattr__(name: str) -> object:
    """``validate_sssom`` moved to :mod:`competency.formats.sssom`; the old path still works,
    with a DeprecationWarning."""
    if name == "validate_sssom":
        import warnings

        from competency.formats import sssom

        warnings.warn("competency.crosswalk.validation.validate_sssom moved to "
                      "competency.formats.sssom.validate_sssom (also competency.crosswalk."
                      "validate_sssom)", DeprecationWarning, stacklevel=2)
        return sssom.validate_sssom
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
