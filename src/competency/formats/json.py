"""Framework JSON (``competency-framework/1``), both ways: the library's own format, with
the same verbs as every other format. A thin face over :mod:`competency.io`: :func:`loads`
and :func:`read` validate against the framework schema and report every problem at its
JSON pointer; :func:`dumps` and :func:`write` are deterministic, and :func:`write` atomic.

Examples
--------
>>> import competency
>>> from competency.formats import json
>>> fw = competency.load("pt-nos")
>>> json.loads(json.dumps(fw)) == fw
True
"""

from __future__ import annotations

from competency.io import dump_framework, dumps, load_framework, loads

__all__ = ["dumps", "loads", "read", "write"]

read = load_framework
write = dump_framework
