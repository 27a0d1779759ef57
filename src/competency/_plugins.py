"""The one plugin mechanism behind every registry (private; :mod:`competency.registry` is the
public face).

Third-party packages extend :mod:`competency` without touching its code by declaring entry
points in a group (``competency.frameworks``, ``competency.rubrics``, ``competency.scoring``,
``competency.matchers``); applications and tests can also :func:`register` objects in-process.
A :class:`Kind` says what one group holds: its built-in (shipped) names, how to load one, and
how to turn what a plugin gives into the right object. A :class:`PluginRegistry` (state on an
instance, as pluggy's ``PluginManager``; :data:`DEFAULT` is the library's) applies the same
rules to every kind:

- **Lazy.** Names come from entry-point metadata, so listing or using one plugin imports no
  other. A plugin is imported on first use, once.
- **One clash rule.** A name claimed by a built-in and a plugin, or by two plugins (installed
  or registered), is an error naming every claimant and its distribution — for that name only.
- **One cache rule.** What :meth:`PluginRegistry.get` returns is cached until the registry
  changes (:meth:`~PluginRegistry.register`, :meth:`~PluginRegistry.unregister`,
  :meth:`~PluginRegistry.clear_cache`); then everything derived from plugins is dropped.
- **Contained.** A plugin that raises (even ``SystemExit`` or ``KeyboardInterrupt``) while it
  is imported or called, gives the wrong type, or takes longer than
  :attr:`PluginRegistry.timeout` seconds becomes a :class:`~competency.errors.PluginError`
  naming the plugin, never a traceback or a hang, and never affects another name.

Examples
--------
>>> from competency._plugins import PluginRegistry
>>> plugins = PluginRegistry()
>>> plugins.register("competency.example-group", "answer", 42)
>>> plugins.load_plugin("competency.example-group", "answer")
42
>>> [(p.name, p.error) for p in plugins.plugins("competency.example-group")]
[('answer', None)]
>>> plugins.unregister("competency.example-group", "answer")
>>> plugins.plugins("competency.example-group")
()
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

import attrs

from competency.errors import CompetencyError, PluginError, Problem, UnknownIdError

__all__ = [
    "DEFAULT",
    "FRAMEWORKS",
    "MATCHERS",
    "RUBRICS",
    "SCORING",
    "Kind",
    "PluginInfo",
    "PluginRegistry",
    "clear_cache",
    "generation",
    "load_plugin",
    "plugins",
    "register",
    "unregister",
]

FRAMEWORKS = "competency.frameworks"
"""Entry-point group for frameworks."""
RUBRICS = "competency.rubrics"
"""Entry-point group for rubrics."""
SCORING = "competency.scoring"
"""Entry-point group for scoring strategies."""
MATCHERS = "competency.matchers"
"""Entry-point group for crosswalk matchers (``crosswalk suggest --method``)."""

TIMEOUT_VARIABLE = "COMPETENCY_PLUGIN_TIMEOUT"
"""Environment variable: seconds a plugin may take to load before it is reported broken."""
_DEFAULT_TIMEOUT = 30.0

T = TypeVar("T")


@attrs.frozen
class PluginInfo:
    """One claimant of one name in one group, and whether it loads.

    Parameters
    ----------
    group : str
        The entry-point group, e.g. ``"competency.rubrics"``.
    name : str
        The name the plugin claims in its group (e.g. a rubric id).
    value : str
        Where it comes from: the entry point's ``module:attribute``, or for an in-process
        registration the registered object's ``module:qualname``; for a built-in, the
        shipped file or class.
    distribution : str or None
        The installed distribution that declares it (``None`` when registered in-process
        or unknown; ``"competency"`` for a built-in).
    error : str or None
        Why the plugin cannot be used, or ``None`` if it loads.
    """

    group: str
    name: str
    value: str
    distribution: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the plugin loads (no :attr:`error`)."""
        return self.error is None

    @property
    def claimant(self) -> str:
        """A human description of who claims :attr:`name`, for error messages."""
        where = self.distribution if self.distribution is not None else "in-process register()"
        return f"{self.value} (from {where})"


@attrs.frozen(kw_only=True)
class Kind(Generic[T]):
    """What one plugin group holds, and how to get one of its objects.

    Parameters
    ----------
    noun : str
        What one object is called in messages, e.g. ``"framework"``.
    group : str
        The entry-point group plugins declare, e.g. ``"competency.frameworks"``.
    builtins : callable
        Returns the built-in names, each with where it comes from (``{"pt-nos":
        "frameworks/pt-nos.json"}``); called on every lookup, so keep it cheap.
    load_builtin : callable
        Loads the built-in object of a name.
    adapt : callable
        ``adapt(name, obj)`` turns what a plugin's entry point gives into the object
        (checking its type and name); raises :class:`~competency.errors.PluginError` or any
        exception, which is reported naming the plugin.
    """

    noun: str
    group: str
    builtins: Callable[[], Mapping[str, str]]
    load_builtin: Callable[[str], T]
    adapt: Callable[[str, object], T]


@attrs.frozen
class _Outcome:
    info: PluginInfo
    obj: object = None


def _describe(obj: object) -> str:
    target = obj if hasattr(obj, "__qualname__") else type(obj)
    module = getattr(target, "__module__", None) or "?"
    return f"{module}:{getattr(target, '__qualname__', repr(obj))}"


def _distribution(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None
    name = dist.metadata["Name"] if dist.metadata is not None else None
    return str(name) if name else None


def _claimed_twice(group: str, name: str, claimants: list[str], what: str = "name") -> str:
    return (
        f"the {what} {name!r} in {group} is claimed more than once: by "
        + " and by ".join(claimants)
        + "; uninstall or rename one of them"
    )


def _timeout_from_environment() -> float:
    raw = os.environ.get(TIMEOUT_VARIABLE)
    if raw is None:
        return _DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        return _DEFAULT_TIMEOUT
    return value if value > 0 else _DEFAULT_TIMEOUT


class _Contained(Generic[T]):
    """Run a plugin's code in a daemon thread, so that whatever it raises (SystemExit and
    KeyboardInterrupt included) is caught and a plugin that never returns is abandoned
    after a timeout instead of hanging the command."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self.value: T | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def _run(self) -> None:
        try:
            self.value = self._call()
        except BaseException as exc:  # a plugin's own failure, whatever it is
            self.error = exc
        finally:
            self.done.set()

    def run(self, timeout: float) -> bool:
        thread = threading.Thread(target=self._run, name="competency-plugin", daemon=True)
        thread.start()
        return self.done.wait(timeout)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, CompetencyError):
        return "; ".join(str(p) for p in exc.problems)
    return f"{type(exc).__name__}: {exc}"


class PluginRegistry:
    """Plugins of every group: entry points and in-process registrations, loaded lazily,
    cached, with one clash rule (see the module docstring).

    Parameters
    ----------
    timeout : float, optional
        Seconds a plugin may take to import or build its object before it is reported
        broken (default: the ``COMPETENCY_PLUGIN_TIMEOUT`` environment variable, else 30).
    """

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = _timeout_from_environment() if timeout is None else timeout
        self._lock = threading.RLock()
        self._scanned: dict[str, dict[str, list[EntryPoint]]] = {}
        self._registered: dict[str, dict[str, tuple[PluginInfo, object]]] = {}
        self._imported: dict[tuple[str, str], _Outcome] = {}
        self._resolved: dict[tuple[str, str], object] = {}
        self._generation = 0

    # -- discovery (metadata only: nothing is imported) ------------------------------------

    @property
    def generation(self) -> int:
        """A number that changes whenever registrations or the discovery cache change, so
        callers can cache what they derive from plugins and know when to drop it."""
        return self._generation

    def _scan(self, group: str) -> dict[str, list[EntryPoint]]:
        with self._lock:
            found = self._scanned.get(group)
            if found is None:
                found = {}
                seen: set[tuple[str, str, str | None]] = set()
                for ep in entry_points(group=group):
                    key = (ep.name, ep.value, _distribution(ep))
                    if key in seen:  # the same distribution visible twice on sys.path
                        continue
                    seen.add(key)
                    found.setdefault(ep.name, []).append(ep)
                self._scanned[group] = found
            return found

    def claimants(self, group: str, name: str) -> tuple[PluginInfo, ...]:
        """Every plugin that claims `name` in `group` (registrations first), without
        importing any of them."""
        with self._lock:
            found: list[PluginInfo] = []
            registered = self._registered.get(group, {}).get(name)
            if registered is not None:
                found.append(registered[0])
            found.extend(PluginInfo(group, name, ep.value, _distribution(ep))
                         for ep in self._scan(group).get(name, []))
            return tuple(found)

    def plugin_names(self, group: str) -> tuple[str, ...]:
        """The names plugins claim in `group`, sorted, without importing any of them."""
        with self._lock:
            return tuple(sorted(set(self._scan(group)) | set(self._registered.get(group, {}))))

    # -- raw objects -----------------------------------------------------------------------

    def _import(self, group: str, name: str) -> _Outcome | None:
        with self._lock:
            claims = self.claimants(group, name)
            if not claims:
                return None
            if len(claims) > 1:
                message = _claimed_twice(group, name, [c.claimant for c in claims])
                return _Outcome(attrs.evolve(claims[0], error=message))
            registered = self._registered.get(group, {}).get(name)
            if registered is not None:
                return _Outcome(registered[0], registered[1])
            cached = self._imported.get((group, name))
            if cached is not None:
                return cached
            (ep,) = self._scan(group)[name]
            info = claims[0]
        # the plugin's own code runs without the lock, so it may use the registry itself
        contained: _Contained[object] = _Contained(ep.load)
        if not contained.run(self.timeout):
            outcome = _Outcome(attrs.evolve(
                info, error=f"did not finish loading within {self.timeout:g} s"))
        elif contained.error is not None:
            outcome = _Outcome(attrs.evolve(
                info, error=f"cannot be loaded: {_reason(contained.error)}"))
        else:
            outcome = _Outcome(info, contained.value)
        with self._lock:
            return self._imported.setdefault((group, name), outcome)

    def plugins(self, group: str) -> tuple[PluginInfo, ...]:
        """Every plugin of `group`, each imported once to find out whether it loads.

        Never raises for a broken plugin: the failure is in :attr:`PluginInfo.error`.
        (:meth:`status` also checks what the plugin gives against its :class:`Kind`.)
        """
        with self._lock:
            infos = []
            for name in self.plugin_names(group):
                outcome = self._import(group, name)
                if outcome is not None:
                    infos.append(outcome.info)
            return tuple(infos)

    def load_plugin(self, group: str, name: str) -> object:
        """The object plugin `name` of `group` provides (imported once, then cached).

        Raises
        ------
        UnknownIdError
            If nothing in `group` is called `name`; the message lists what is available.
        PluginError
            If the plugin cannot be loaded or its name is claimed twice; the message names
            the plugin, where it comes from and why.
        """
        with self._lock:
            outcome = self._import(group, name)
            if outcome is None:
                known = ", ".join(self.plugin_names(group))
                raise UnknownIdError(Problem(
                    message=f"no plugin {name!r} in {group}",
                    expected=f"one of: {known}" if known else "an installed plugin (none found)",
                    fix="Install the package that provides it, or check the spelling",
                ))
            info = outcome.info
            if info.error is not None:
                raise PluginError(Problem(
                    message=f"plugin {name!r} in {group} ({info.claimant}): {info.error}",
                    fix="Fix or uninstall the plugin",
                ))
            return outcome.obj

    # -- kinds: built-ins and plugins under one rule ---------------------------------------

    def names(self, kind: Kind[T]) -> tuple[str, ...]:
        """Every name `kind` answers to: built-in and claimed by plugins, sorted. Imports
        no plugin (a broken one is listed too; :meth:`status` says which are broken)."""
        return tuple(sorted({*kind.builtins(), *self.plugin_names(kind.group)}))

    def get(self, kind: Kind[T], name: str) -> T:
        """The object called `name` of `kind`: built-in or from a plugin; cached.

        Raises
        ------
        UnknownIdError
            If neither a built-in nor a plugin has that name; the message lists them.
        PluginError
            If the name is claimed twice (a built-in and a plugin, or two plugins), or the
            plugin is broken, slow, or gives the wrong thing; the message names it.
        """
        key = (kind.group, name)
        with self._lock:
            if key in self._resolved:
                found: T = self._resolved[key]  # type: ignore[assignment]
                return found
            generation = self._generation
            builtins = kind.builtins()
            claims = self.claimants(kind.group, name)
        if name in builtins:
            if claims:
                shipped = PluginInfo(kind.group, name, builtins[name], "competency")
                raise PluginError(Problem(
                    message=_claimed_twice(
                        kind.group, name, [shipped.claimant] + [c.claimant for c in claims],
                        what=f"{kind.noun} name"),
                    fix=f"Uninstall the plugin or give its {kind.noun} another name",
                ))
            value = kind.load_builtin(name)
        elif claims:
            value = self._adapted(kind, name)  # the plugin's code runs without the lock
        else:
            known = ", ".join(self.names(kind)) or "none"
            raise UnknownIdError(Problem(
                message=f"unknown {kind.noun} {name!r}",
                expected=f"one of {known}",
                fix=f"Run 'competency list' to see the {kind.noun}s available, or "
                    "install the plugin that provides it",
            ))
        with self._lock:
            if self._generation != generation:  # changed meanwhile: do not cache
                return value
            stored: T = self._resolved.setdefault(key, value)  # type: ignore[assignment]
            return stored

    def _adapted(self, kind: Kind[T], name: str) -> T:
        raw = self.load_plugin(kind.group, name)
        (info,) = self.claimants(kind.group, name)
        contained: _Contained[T] = _Contained(lambda: kind.adapt(name, raw))
        if not contained.run(self.timeout):
            raise PluginError(Problem(
                message=f"{kind.noun} plugin {name!r} ({info.claimant}) did not give its "
                        f"{kind.noun} within {self.timeout:g} s",
                fix=f"Fix or uninstall the plugin (or raise {TIMEOUT_VARIABLE})",
            ))
        error = contained.error
        if isinstance(error, PluginError):
            raise error
        if error is not None:
            raise PluginError(Problem(
                message=f"{kind.noun} plugin {name!r} ({info.claimant}) fails: "
                        f"{_reason(error)}",
                fix="Fix or uninstall the plugin",
            )) from (error if isinstance(error, Exception) else None)
        value = contained.value
        assert value is not None  # adapt returned normally
        return value

    def status(self, kind: Kind[T]) -> tuple[PluginInfo, ...]:
        """Every plugin of `kind`, fully checked (imported, adapted, clashes), sorted by
        name; never raises. What ``competency list`` shows."""
        infos = []
        for name in self.plugin_names(kind.group):
            claims = self.claimants(kind.group, name)
            try:
                self.get(kind, name)
            except CompetencyError as exc:
                infos.append(attrs.evolve(claims[0], error=_reason(exc)))
            else:
                infos.append(claims[0])
        return tuple(infos)

    # -- changing what is registered -------------------------------------------------------

    def _changed(self) -> None:
        self._resolved.clear()
        self._generation += 1

    def register(self, group: str, name: str, obj: object) -> None:
        """Make `obj` available as plugin `name` of `group` in this process.

        Raises
        ------
        PluginError
            If `name` is already claimed in `group` (by an installed entry point or another
            registration); the message names both claimants.
        """
        info = PluginInfo(group, name, _describe(obj), None, None)
        with self._lock:
            claimants = [c.claimant for c in self.claimants(group, name)]
            if claimants:
                raise PluginError(Problem(
                    message=_claimed_twice(group, name, [*claimants, info.claimant]),
                    fix="Unregister the first one, or pick another name",
                ))
            self._registered.setdefault(group, {})[name] = (info, obj)
            self._changed()

    def unregister(self, group: str, name: str) -> None:
        """Remove an in-process registration made with :meth:`register`; everything
        derived from it (e.g. a loaded framework) is forgotten.

        Raises
        ------
        UnknownIdError
            If `name` was not registered in `group` (installed entry points cannot be
            unregistered).
        """
        with self._lock:
            registered = self._registered.get(group, {})
            if name not in registered:
                raise UnknownIdError(Problem(
                    message=f"{name!r} was not registered in {group} with register()",
                    expected="a name passed to register()",
                ))
            del registered[name]
            self._changed()

    def clear_cache(self) -> None:
        """Forget what was discovered, loaded and derived, so the next call scans again
        (e.g. after installing a plugin in a running process). Registrations are kept."""
        with self._lock:
            self._scanned.clear()
            self._imported.clear()
            self._changed()


DEFAULT = PluginRegistry()
"""The library's registry: what :mod:`competency.registry` and the CLI use."""


def generation() -> int:
    """:attr:`PluginRegistry.generation` of :data:`DEFAULT`."""
    return DEFAULT.generation


def plugins(group: str) -> tuple[PluginInfo, ...]:
    """:meth:`PluginRegistry.plugins` of :data:`DEFAULT`.

    Examples
    --------
    >>> register("competency.example-group", "b", object())
    >>> register("competency.example-group", "a", object())
    >>> [p.name for p in plugins("competency.example-group")]
    ['a', 'b']
    >>> unregister("competency.example-group", "a")
    >>> unregister("competency.example-group", "b")
    """
    return DEFAULT.plugins(group)


def load_plugin(group: str, name: str) -> object:
    """:meth:`PluginRegistry.load_plugin` of :data:`DEFAULT`.

    Examples
    --------
    >>> load_plugin("competency.example-group", "nothing")
    Traceback (most recent call last):
    ...
    competency.errors.UnknownIdError: no plugin 'nothing' in competency.example-group...
    """
    return DEFAULT.load_plugin(group, name)


def register(group: str, name: str, obj: object) -> None:
    """:meth:`PluginRegistry.register` on :data:`DEFAULT`.

    Examples
    --------
    >>> register("competency.example-group", "x", 1)
    >>> register("competency.example-group", "x", 2)
    Traceback (most recent call last):
    ...
    competency.errors.PluginError: the name 'x' in competency.example-group is
    claimed more than once: by builtins:int (from in-process register()) and by ...
    >>> unregister("competency.example-group", "x")
    """
    DEFAULT.register(group, name, obj)


def unregister(group: str, name: str) -> None:
    """:meth:`PluginRegistry.unregister` on :data:`DEFAULT`."""
    DEFAULT.unregister(group, name)


def clear_cache() -> None:
    """:meth:`PluginRegistry.clear_cache` on :data:`DEFAULT`."""
    DEFAULT.clear_cache()
