"""Rubrics and scoring strategies by name: the shipped ones and those of plugins.

Shipped rubrics are the JSON files in ``frameworks/rubrics/`` (inside an installed wheel:
``competency/_data/frameworks/rubrics/``), each named ``<rubric id>.json``. Plugins add
rubrics through the entry-point group ``competency.rubrics`` and strategies through
``competency.scoring`` (see ``docs/plugins.md``). A name claimed twice (by two plugins, or by
a plugin and a shipped rubric or built-in strategy) is an error naming both.

Examples
--------
>>> from competency.rubric import available_rubrics, available_strategies, get_rubric
>>> "pt-self-assessment" in available_rubrics()
True
>>> "cumulative-sequential" in available_strategies()
True
>>> get_rubric("pt-self-assessment").title
'Personal tutor self-assessment system'
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from competency import _plugins
from competency._data import data_root
from competency.errors import PluginError, Problem, UnknownIdError
from competency.rubric.model import Rubric
from competency.rubric.strategies import CumulativeSequential, ScoringStrategy

__all__ = [
    "available_rubrics",
    "available_strategies",
    "get_rubric",
    "get_strategy",
    "rubrics_dir",
]

_BUILTIN_STRATEGIES: dict[str, ScoringStrategy] = {
    CumulativeSequential.name: CumulativeSequential(),
}


def rubrics_dir() -> Path:
    """The directory of the shipped rubric files."""
    return Path(str(data_root() / "rubrics"))


@functools.cache
def _shipped() -> dict[str, Path]:
    directory = rubrics_dir()
    if not directory.is_dir():  # pragma: no cover - a broken installation
        return {}
    return {p.stem: p for p in sorted(directory.glob("*.json"))}


@functools.cache
def _load_shipped(rubric_id: str) -> Rubric:
    from competency.rubric.io import load_rubric

    return load_rubric(_shipped()[rubric_id])


def _from_plugin(name: str, obj: object) -> Rubric:
    """Turn what a ``competency.rubrics`` entry point gives into a Rubric: a Rubric, a
    callable returning one, or a path to a rubric JSON file."""
    from competency.rubric.io import load_rubric

    value: object = obj
    if not isinstance(value, Rubric) and callable(value):
        value = value()
    if isinstance(value, (str, os.PathLike)):
        value = load_rubric(value)
    elif not isinstance(value, Rubric) and hasattr(value, "read_text"):  # a Traversable
        from competency.rubric.io import loads_rubric

        value = loads_rubric(value.read_text(encoding="utf-8"), file=str(value))
    if not isinstance(value, Rubric):
        raise PluginError(Problem(
            message=f"rubric plugin {name!r} gives a {type(value).__name__}",
            expected="a Rubric, a callable returning one, or the path of a rubric JSON file",
        ))
    if value.id != name:
        raise PluginError(Problem(
            message=f"rubric plugin {name!r} gives the rubric {value.id!r}",
            expected="the entry-point name to be the rubric id",
            fix=f"Rename the entry point to {value.id!r}",
        ))
    return value


# rubric id -> (the plugin's object, the rubric made from it)
_PLUGIN_RUBRICS: dict[str, tuple[object, Rubric]] = {}


def get_rubric(rubric_id: str) -> Rubric:
    """Return the rubric `rubric_id`: a shipped one or one a plugin provides.

    Raises
    ------
    UnknownIdError
        If no shipped rubric or plugin has that id; the message lists the available ones.
    PluginError
        If the plugin that provides it is broken, or the id is claimed twice.
    DocumentError, RubricError
        If the rubric file is invalid.

    Examples
    --------
    >>> get_rubric("pt-self-assessment").maximum
    100
    """
    shipped = _shipped()
    claimants = {p.name: p for p in _plugins.plugins(_plugins.RUBRICS)}
    if rubric_id in shipped:
        if rubric_id in claimants:
            raise PluginError(Problem(
                message=f"the rubric id {rubric_id!r} is claimed twice: by the shipped "
                        f"{shipped[rubric_id].name} and by the plugin "
                        f"{claimants[rubric_id].claimant}",
                fix="Uninstall the plugin or give its rubric another id",
            ))
        return _load_shipped(rubric_id)
    if rubric_id in claimants:
        obj = _plugins.load_plugin(_plugins.RUBRICS, rubric_id)
        cached = _PLUGIN_RUBRICS.get(rubric_id)
        if cached is not None and cached[0] is obj:
            return cached[1]
        try:
            rubric = _from_plugin(rubric_id, obj)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(Problem(
                message=f"rubric plugin {rubric_id!r} ({claimants[rubric_id].claimant}) "
                        f"fails: {type(exc).__name__}: {exc}",
                fix="Fix or uninstall the plugin",
            )) from exc
        _PLUGIN_RUBRICS[rubric_id] = (obj, rubric)
        return rubric
    raise UnknownIdError(Problem(
        message=f"no rubric {rubric_id!r}",
        expected="one of " + ", ".join(available_rubrics()),
        fix="Install the plugin that provides it, or load a rubric file with load_rubric()",
    ))


def available_rubrics() -> tuple[str, ...]:
    """The ids of the shipped rubrics and of the working rubric plugins, sorted.

    Broken plugins are left out; :func:`competency._plugins.plugins` lists them with the
    reason.
    """
    names = set(_shipped())
    names.update(p.name for p in _plugins.plugins(_plugins.RUBRICS) if p.ok)
    return tuple(sorted(names))


_RESOLVED: dict[str, ScoringStrategy] = {}
_RESOLVED_AT = [-1]


def get_strategy(name: str) -> ScoringStrategy:
    """Return the scoring strategy `name`: built-in or from a plugin.

    A plugin's entry point may name a strategy class (instantiated without arguments) or an
    instance; it must satisfy :class:`~competency.rubric.ScoringStrategy` and its ``name``
    must be the entry-point name.

    Raises
    ------
    UnknownIdError
        If no strategy has that name.
    PluginError
        If the plugin is broken, does not satisfy the protocol, or the name is claimed
        twice.

    Examples
    --------
    >>> get_strategy("cumulative-sequential")
    CumulativeSequential()
    """
    if _RESOLVED_AT[0] != _plugins.generation():
        _RESOLVED.clear()
        _RESOLVED_AT[0] = _plugins.generation()
    found = _RESOLVED.get(name)
    if found is not None:
        return found
    claimants = {p.name: p for p in _plugins.plugins(_plugins.SCORING)}
    if name in _BUILTIN_STRATEGIES:
        if name in claimants:
            raise PluginError(Problem(
                message=f"the strategy name {name!r} is claimed twice: by the built-in "
                        f"{type(_BUILTIN_STRATEGIES[name]).__name__} and by the plugin "
                        f"{claimants[name].claimant}",
                fix="Uninstall the plugin or rename its strategy",
            ))
        _RESOLVED[name] = _BUILTIN_STRATEGIES[name]
        return _BUILTIN_STRATEGIES[name]
    if name not in claimants:
        raise UnknownIdError(Problem(
            message=f"no scoring strategy {name!r}",
            expected="one of " + ", ".join(available_strategies()),
            fix="Install the plugin that provides it",
        ))
    obj = _plugins.load_plugin(_plugins.SCORING, name)
    try:
        strategy = obj() if isinstance(obj, type) else obj
    except Exception as exc:
        raise PluginError(Problem(
            message=f"strategy plugin {name!r} ({claimants[name].claimant}) cannot be "
                    f"created: {type(exc).__name__}: {exc}",
            fix="A strategy class must be constructible without arguments",
        )) from exc
    if not isinstance(strategy, ScoringStrategy):
        raise PluginError(Problem(
            message=f"strategy plugin {name!r} ({claimants[name].claimant}) gives a "
                    f"{type(strategy).__name__}, which lacks name, score() or score_batch()",
            expected="an object satisfying competency.rubric.ScoringStrategy",
        ))
    if strategy.name != name:
        raise PluginError(Problem(
            message=f"strategy plugin {name!r} calls itself {strategy.name!r}",
            expected="the strategy's name to be its entry-point name",
        ))
    _RESOLVED[name] = strategy
    return strategy


def available_strategies() -> tuple[str, ...]:
    """The names of the built-in and working plugin strategies, sorted."""
    names = set(_BUILTIN_STRATEGIES)
    names.update(p.name for p in _plugins.plugins(_plugins.SCORING) if p.ok)
    return tuple(sorted(names))
