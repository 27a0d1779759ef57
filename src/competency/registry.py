"""Shipped frameworks by id, and frameworks added by plugins.

Shipped frameworks are the ``<id>.json`` documents in the package's data folder; plugins
add more through the ``competency.frameworks`` entry-point group (the entry point names the
id and refers to a :class:`~competency.model.Framework`, a callable returning one, or the
path of a framework JSON file). Loaded frameworks are cached: they are immutable.

Examples
--------
>>> import competency
>>> "pt-nos" in competency.available()
True
>>> competency.load("pt-nos").title
'National Occupational Standards for Personal Tutoring'
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from competency._data import data_root
from competency.errors import CompetencyError, PluginError, Problem, UnknownIdError
from competency.io import load_framework, loads
from competency.model import Framework

if TYPE_CHECKING:
    from competency._plugins import PluginInfo

__all__ = ["FRAMEWORK_GROUP", "available", "load", "shipped"]

FRAMEWORK_GROUP = "competency.frameworks"


def shipped() -> tuple[str, ...]:
    """The ids of the frameworks shipped with the library, sorted."""
    return tuple(sorted(
        entry.name[: -len(".json")]
        for entry in data_root().iterdir()
        if entry.is_file() and entry.name.endswith(".json")
    ))


def available() -> tuple[str, ...]:
    """The ids of every framework :func:`load` can give: shipped and from plugins, sorted.

    A broken plugin is listed too (loading it raises :class:`PluginError` saying why);
    ``competency list`` shows it as broken.
    """
    return tuple(sorted({*shipped(), *(p.name for p in _plugin_infos())}))


@functools.cache
def load(framework_id: str) -> Framework:
    """Return the framework `framework_id` (shipped, or provided by a plugin).

    Raises
    ------
    UnknownIdError
        If no shipped framework or plugin has that id; the message lists those available.
    PluginError
        If the plugin providing it cannot be loaded or gives something that is not a
        framework.

    Notes
    -----
    A rubric id (see :func:`competency.rubric.available_rubrics`) gives the rubric's themes
    and descriptors as a framework (:meth:`competency.rubric.Rubric.as_framework`), so that
    crosswalks and analyses can address them by CURIE.
    """
    if framework_id in shipped():
        entry = data_root().joinpath(f"{framework_id}.json")
        return loads(entry.read_bytes(), file=f"frameworks/{framework_id}.json")
    if any(p.name == framework_id for p in _plugin_infos()):
        return _from_plugin(framework_id)
    from competency.rubric import available_rubrics, get_rubric

    if framework_id in available_rubrics():
        return get_rubric(framework_id).as_framework()
    raise UnknownIdError(Problem(
        message=f"unknown framework id {framework_id!r}",
        expected="one of " + ", ".join(available())
        + " (or a rubric: " + ", ".join(available_rubrics()) + ")",
        fix="Run 'competency list' to see the frameworks available",
    ))


def _plugin_infos() -> tuple[PluginInfo, ...]:
    from competency import _plugins

    return _plugins.plugins(FRAMEWORK_GROUP)


def _from_plugin(framework_id: str) -> Framework:
    from competency import _plugins

    obj = _plugins.load_plugin(FRAMEWORK_GROUP, framework_id)
    if callable(obj) and not isinstance(obj, Framework):
        try:
            obj = obj()
        except CompetencyError:
            raise
        except Exception as exc:  # a plugin's own bug: report it by name, never crash
            raise PluginError(Problem(
                message=f"framework plugin {framework_id!r} failed: "
                        f"{type(exc).__name__}: {exc}",
                expected="a callable that returns a Framework",
            )) from exc
    if isinstance(obj, (str, os.PathLike)):
        obj = load_framework(Path(obj))
    if not isinstance(obj, Framework):
        raise PluginError(Problem(
            message=f"framework plugin {framework_id!r} gave a {type(obj).__name__}",
            expected="a Framework, a callable returning one, or a path to a framework JSON file",
        ))
    if obj.id != framework_id:
        raise PluginError(Problem(
            message=f"framework plugin {framework_id!r} gave the framework {obj.id!r}",
            expected="the entry-point name to equal the framework's id",
        ))
    return obj
