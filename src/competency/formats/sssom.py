"""SSSOM TSV, both ways: a ``#``-prefixed YAML metadata block, then a TSV table.

The verbs are those of every format module: :func:`read` / :func:`loads` give a
:class:`~competency.crosswalk.Crosswalk`, :func:`write` / :func:`dumps` write one; the
longer names (:func:`read_sssom`, :func:`loads_sssom`, :func:`dumps_sssom`,
:func:`write_sssom`) are the same functions. :func:`validate_sssom` reads a file and also
checks its ids against the two frameworks it maps.

The reader needs neither pandas nor the reference ``sssom`` package. It reports every
problem in a file at once, each as ``FILE:line N, column M: what is wrong — what was
expected`` (the location a :class:`~competency.errors.Position`): a malformed header, a
missing required metadata slot (``mapping_set_id``, ``license``), a malformed column or
slot, an unknown predicate or justification, a confidence outside 0–1, a duplicate
``(subject, predicate, object)``, and a pair mapped with ``skos:exactMatch`` and also with a
predicate SKOS makes disjoint with it. Columns and keys that are not SSSOM slots are kept as
extensions, with a :class:`CrosswalkWarning` each.

Reading a large file is fast (about the time Python's csv module takes to split it): the
table is checked column by column, and the crosswalk's mappings are a
:class:`~competency.crosswalk.MappingTable`, which builds each
:class:`~competency.crosswalk.Mapping` when it is first asked for.

The writer is deterministic: metadata in SSSOM schema order, only the columns that have a
value (in SSSOM schema order), mappings in the crosswalk's order, numbers in Python's
shortest round-trip form, multiple values joined with ``|``. Cells are quoted as the
reference tooling (pandas) expects, so ``sssom.parsers.parse_sssom_table`` reads the same
mappings back.

Examples
--------
>>> from competency.crosswalk import Crosswalk, Mapping
>>> from competency.formats import sssom
>>> cw = Crosswalk(
...     mapping_set_id="https://example.org/a__b.sssom.tsv",
...     license="https://creativecommons.org/licenses/by/4.0/",
...     curie_map={"a": "https://example.org/a/", "b": "https://example.org/b/"},
...     mappings=[Mapping(subject_id="a:1", predicate_id="skos:closeMatch", object_id="b:X",
...                       mapping_justification="semapv:ManualMappingCuration",
...                       confidence=0.9)])
>>> print(sssom.dumps(cw), end="")
#curie_map:
#  a: https://example.org/a/
#  b: https://example.org/b/
#mapping_set_id: https://example.org/a__b.sssom.tsv
#license: https://creativecommons.org/licenses/by/4.0/
subject_id	predicate_id	object_id	mapping_justification	confidence
a:1	skos:closeMatch	b:X	semapv:ManualMappingCuration	0.9
>>> sssom.loads(sssom.dumps(cw)) == cw
True
"""

from __future__ import annotations

from competency.formats._sssom_read import (
    CrosswalkWarning,
    loads_sssom,
    read_sssom,
    validate_sssom,
)
from competency.formats._sssom_write import dumps_sssom, write_sssom

__all__ = [
    "CrosswalkWarning",
    "dumps",
    "dumps_sssom",
    "loads",
    "loads_sssom",
    "read",
    "read_sssom",
    "validate_sssom",
    "write",
    "write_sssom",
]

read = read_sssom
loads = loads_sssom
dumps = dumps_sssom
write = write_sssom
