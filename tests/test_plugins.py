"""Plugins: one registry for every group — discovery through entry points, lazy loading,
broken, slow and hostile plugins, names claimed twice, caching and unregistering — and the
example plugin of docs/plugins.md (built and installed by tests/conftest.py) through the API
and the CLI."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import competency
import competency.registry
from competency import Framework, _plugins
from competency.cli import main
from competency.errors import PluginError, ScoreError, UnknownIdError
from competency.rubric import (
    CumulativeSequential,
    ScoringStrategy,
    available_rubrics,
    available_strategies,
    get_rubric,
    get_strategy,
    score,
    score_batch,
)

GROUP = "competency.test-group"


def _fake_distribution(root: Path, name: str, entry_points_txt: str, module: str = "",
                       source: str = "") -> None:
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")
    if module:
        (root / f"{module}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where tests install fake distributions."""
    monkeypatch.syspath_prepend(str(tmp_path))
    _plugins.clear_cache()
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("competency_fake_")]:
        del sys.modules[name]
    monkeypatch.undo()
    _plugins.clear_cache()


# -- the generic API ----------------------------------------------------------------------


def test_register_makes_an_object_loadable_and_unregister_removes_it() -> None:
    _plugins.register(GROUP, "thing", 42)
    try:
        assert _plugins.load_plugin(GROUP, "thing") == 42
        (info,) = _plugins.plugins(GROUP)
        assert (info.group, info.name, info.distribution, info.error) == (
            GROUP, "thing", None, None)
        assert info.value == "builtins:int"
    finally:
        _plugins.unregister(GROUP, "thing")
    assert _plugins.plugins(GROUP) == ()
    with pytest.raises(UnknownIdError):
        _plugins.unregister(GROUP, "thing")


def test_a_name_registered_twice_is_an_error_naming_both_claimants() -> None:
    _plugins.register(GROUP, "dup", CumulativeSequential)
    try:
        with pytest.raises(PluginError) as exc:
            _plugins.register(GROUP, "dup", get_rubric)
        message = str(exc.value)
        assert ":CumulativeSequential (from in-process register())" in message
        assert "competency.rubric.registry:get_rubric" in message
    finally:
        _plugins.unregister(GROUP, "dup")


def test_an_unknown_plugin_lists_what_is_available() -> None:
    _plugins.register(GROUP, "here", 1)
    try:
        with pytest.raises(UnknownIdError, match="one of: here"):
            _plugins.load_plugin(GROUP, "there")
    finally:
        _plugins.unregister(GROUP, "here")


def test_a_broken_plugin_is_reported_by_name_and_never_raised_by_discovery(site: Path) -> None:
    _fake_distribution(
        site, "fake-broken",
        "[competency.test-group]\nbroken = competency_fake_broken:thing\n"
        "fine = competency_fake_fine:thing\n",
        "competency_fake_broken", "raise RuntimeError('boom at import')\n")
    (site / "competency_fake_fine.py").write_text("thing = 'ok'\n", encoding="utf-8")
    infos = {p.name: p for p in _plugins.plugins(GROUP)}
    assert infos["broken"].error is not None
    assert "boom at import" in infos["broken"].error
    assert infos["broken"].distribution == "fake-broken"
    assert infos["fine"].error is None
    assert _plugins.load_plugin(GROUP, "fine") == "ok"
    with pytest.raises(PluginError, match=r"plugin 'broken'.*boom at import"):
        _plugins.load_plugin(GROUP, "broken")


def test_a_name_claimed_by_two_distributions_is_an_error_naming_both(site: Path) -> None:
    for dist in ("fake-one", "fake-two"):
        _fake_distribution(site, dist, f"[competency.test-group]\nsame = mod_{dist[5:]}:x\n")
    (info,) = _plugins.plugins(GROUP)
    assert info.error is not None
    with pytest.raises(PluginError) as exc:
        _plugins.load_plugin(GROUP, "same")
    assert "fake-one" in str(exc.value)
    assert "fake-two" in str(exc.value)


def test_registering_a_name_an_installed_plugin_claims_is_an_error(
    example_plugin: Path,
) -> None:
    with pytest.raises(PluginError, match="competency-example-plugin"):
        _plugins.register("competency.rubrics", "example-mentoring", object())


# -- rubrics and strategies from plugins --------------------------------------------------


def test_the_example_rubric_is_discovered_and_scored(example_plugin: Path) -> None:
    assert "example-mentoring" in available_rubrics()
    rubric = get_rubric("example-mentoring")
    assert [lv.points for lv in rubric.levels] == [1, 3, 5]
    assert rubric.maximum == 20
    result = score(rubric, ["leading", "established", "emerging", "none"])
    assert (result.total, result.band().label) == (9, "Developing")


def test_the_example_strategy_is_discovered_and_used(example_plugin: Path) -> None:
    assert "best-fit" in available_strategies()
    strategy = get_strategy("best-fit")
    assert isinstance(strategy, ScoringStrategy)
    rubric = get_rubric("example-mentoring")
    gappy = {t: [True, False, True] for t in rubric.local_ids}
    assert score(rubric, gappy, strategy="best-fit").total == 20
    with pytest.raises(ScoreError, match="marks Leading achieved but not Established"):
        score(rubric, gappy)
    flags = np.array([[[True, False, True]] * 4, [[False] * 3] * 4])
    batch = score_batch(rubric, flags, strategy="best-fit")
    assert batch.total.tolist() == [20, 0]
    assert batch.strategy == "best-fit"


def test_the_example_plugin_works_from_the_cli(
    example_plugin: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["score", "example-mentoring", "--levels", "leading,leading,leading,emerging",
                 "--strategy", "best-fit", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["bands"], data["strategy"]) == (
        16, {"overall": "Exemplary"}, "best-fit")
    assert main(["rubrics"]) == 0
    out = capsys.readouterr().out
    assert "example-mentoring" in out
    assert "best-fit" in out


def test_broken_rubric_and_strategy_plugins_are_listed_with_the_reason(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_distribution(
        site, "fake-bad-rubrics",
        "[competency.rubrics]\nbad-rubric = competency_fake_bad:rubric\n"
        "[competency.scoring]\nbad-strategy = competency_fake_bad:Missing\n",
        "competency_fake_bad", "rubric = 'not a rubric'\n")
    # listed by name without importing them; using one says why it is broken
    assert "bad-strategy" in available_strategies()
    assert "competency_fake_bad" not in sys.modules
    with pytest.raises(PluginError, match="bad-strategy"):
        get_strategy("bad-strategy")
    with pytest.raises(PluginError, match=r"bad-rubric.*not a rubric.*does not exist"):
        get_rubric("bad-rubric")
    assert main(["list"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "broken plugin bad-strategy (competency.scoring)" in out
    assert "broken plugin bad-rubric (competency.rubrics)" in out
    assert "fake-bad-rubrics" in out
    assert "pt-nos" in out  # the others still work


def test_a_plugin_claiming_a_shipped_rubric_id_is_an_error_naming_both(site: Path) -> None:
    _fake_distribution(site, "fake-shadow",
                       "[competency.rubrics]\npt-self-assessment = competency_fake_x:r\n")
    with pytest.raises(PluginError, match=r"pt-self-assessment\.json.*fake-shadow"):
        get_rubric("pt-self-assessment")


def test_a_plugin_claiming_the_built_in_strategy_name_is_an_error(site: Path) -> None:
    _fake_distribution(site, "fake-strategy",
                       "[competency.scoring]\ncumulative-sequential = competency_fake_y:S\n")
    with pytest.raises(PluginError, match=r"CumulativeSequential.*fake-strategy"):
        get_strategy("cumulative-sequential")


def test_a_registered_strategy_must_satisfy_the_protocol_and_its_name() -> None:
    _plugins.register("competency.scoring", "nameless", object())
    try:
        with pytest.raises(PluginError, match="lacks name"):
            get_strategy("nameless")
    finally:
        _plugins.unregister("competency.scoring", "nameless")
    _plugins.register("competency.scoring", "alias", CumulativeSequential)
    try:
        with pytest.raises(PluginError, match="calls itself 'cumulative-sequential'"):
            get_strategy("alias")
    finally:
        _plugins.unregister("competency.scoring", "alias")


def test_import_competency_does_not_discover_plugins() -> None:
    import subprocess

    code = ("import sys, competency, competency.rubric; "
            "print('numpy' in sys.modules, 'importlib.metadata' in sys.modules and "
            "bool(__import__('competency._plugins')._plugins.DEFAULT._scanned))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


# -- one registry: the same rules for every group ----------------------------------------


def test_a_plugin_claiming_a_shipped_framework_id_is_an_error_naming_both(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_distribution(site, "fake-shadow-nos",
                       "[competency.frameworks]\npt-nos = competency_fake_nos:framework\n")
    with pytest.raises(PluginError) as exc:
        competency.load("pt-nos")
    message = str(exc.value)
    assert "frameworks/pt-nos.json (from competency)" in message
    assert "competency_fake_nos:framework (from fake-shadow-nos)" in message
    assert competency.load("ls-nos").id == "ls-nos"  # other ids are unaffected
    assert main(["list"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "broken plugin pt-nos (competency.frameworks)" in out
    assert "fake-shadow-nos" in out


def test_unregistering_a_framework_plugin_stops_load_from_serving_it() -> None:
    first = Framework(id="plug-again", title="First", base_iri="https://example.org/a/")
    second = Framework(id="plug-again", title="Second", base_iri="https://example.org/b/")
    _plugins.register("competency.frameworks", "plug-again", first)
    try:
        assert competency.load("plug-again") is first
    finally:
        _plugins.unregister("competency.frameworks", "plug-again")
    with pytest.raises(UnknownIdError):
        competency.load("plug-again")
    _plugins.register("competency.frameworks", "plug-again", second)
    try:
        assert competency.load("plug-again") is second
    finally:
        _plugins.unregister("competency.frameworks", "plug-again")


def test_what_a_name_gives_is_cached_until_the_registry_changes() -> None:
    calls: list[int] = []

    def build() -> Framework:
        calls.append(1)
        return Framework(id="plug-cached", title="C", base_iri="https://example.org/c/")

    _plugins.register("competency.frameworks", "plug-cached", build)
    try:
        assert competency.load("plug-cached") is competency.load("plug-cached")
        assert len(calls) == 1
        _plugins.clear_cache()
        competency.load("plug-cached")
        assert len(calls) == 2
    finally:
        _plugins.unregister("competency.frameworks", "plug-cached")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("raise RuntimeError('boom at import')\n", "RuntimeError: boom at import"),
        ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
        ("raise KeyboardInterrupt('pressed by the plugin')\n", "KeyboardInterrupt"),
        ("raise ImportError('no such thing')\n", "ImportError: no such thing"),
    ],
)
def test_a_plugin_that_raises_anything_at_import_is_reported_by_name(
    site: Path, source: str, reason: str
) -> None:
    _fake_distribution(site, "fake-raiser",
                       "[competency.rubrics]\nraiser = competency_fake_raiser:r\n",
                       "competency_fake_raiser", source)
    with pytest.raises(PluginError) as exc:
        get_rubric("raiser")
    assert "'raiser'" in str(exc.value)
    assert "fake-raiser" in str(exc.value)
    assert reason in str(exc.value)
    assert get_rubric("pt-self-assessment").id == "pt-self-assessment"


def test_a_plugin_that_never_finishes_loading_is_reported_after_the_timeout(
    site: Path,
) -> None:
    _fake_distribution(site, "fake-sleeper",
                       "[competency.rubrics]\nsleeper = competency_fake_sleeper:r\n",
                       "competency_fake_sleeper",
                       "import threading\nthreading.Event().wait()\n")
    registry = _plugins.PluginRegistry(timeout=0.2)
    with pytest.raises(PluginError, match=r"'sleeper'.*did not finish loading within 0\.2 s"):
        registry.get(competency.registry.RUBRICS, "sleeper")
    # the outcome is remembered: asking again does not wait again
    (info,) = [p for p in registry.status(competency.registry.RUBRICS) if p.name == "sleeper"]
    assert info.error is not None
    assert "did not finish loading" in info.error


def test_a_plugin_whose_factory_raises_or_returns_garbage_is_reported_by_name() -> None:
    def explode() -> Framework:
        raise SystemExit("the factory quit")

    _plugins.register("competency.frameworks", "plug-quits", explode)
    _plugins.register("competency.rubrics", "plug-garbage", lambda: ["not", "a", "rubric"])
    try:
        with pytest.raises(PluginError, match=r"'plug-quits'.*SystemExit: the factory quit"):
            competency.load("plug-quits")
        with pytest.raises(PluginError, match=r"'plug-garbage' gives a list"):
            get_rubric("plug-garbage")
    finally:
        _plugins.unregister("competency.frameworks", "plug-quits")
        _plugins.unregister("competency.rubrics", "plug-garbage")


def test_using_one_name_imports_no_other_plugin(site: Path) -> None:
    _fake_distribution(
        site, "fake-lazy",
        "[competency.frameworks]\nlazy-fw = competency_fake_lazy_fw:f\n"
        "[competency.rubrics]\nlazy-rubric = competency_fake_lazy_rubric:r\n"
        "[competency.scoring]\nlazy-strategy = competency_fake_lazy_strategy:S\n")
    for module in ("competency_fake_lazy_fw", "competency_fake_lazy_rubric",
                   "competency_fake_lazy_strategy"):
        (site / f"{module}.py").write_text("raise RuntimeError('imported')\n",
                                           encoding="utf-8")
    assert competency.load("pt-nos").id == "pt-nos"
    assert get_rubric("pt-self-assessment").id == "pt-self-assessment"
    assert get_strategy("cumulative-sequential").name == "cumulative-sequential"
    assert "lazy-fw" in competency.available()
    assert main(["score", "pt-self-assessment", "--levels", ",".join(["gold"] * 10)]) == 0
    assert main(["show", "ls-nos", "AP13"]) == 0
    assert not [m for m in sys.modules if m.startswith("competency_fake_lazy")]


def test_registries_are_independent_instances() -> None:
    mine = _plugins.PluginRegistry()
    mine.register(GROUP, "only-here", 1)
    assert mine.load_plugin(GROUP, "only-here") == 1
    with pytest.raises(UnknownIdError):
        _plugins.load_plugin(GROUP, "only-here")


def test_python_dash_m_competency_is_the_command_line() -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "competency", "show", "ls-nos", "AP13"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "Communicate relevant information about learners" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "competency", "nonsense"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2


def test_a_plugin_may_use_the_registry_while_it_builds_its_object() -> None:
    def derived() -> Framework:
        base = competency.load("ls-nos")  # would deadlock if the registry held its lock
        return Framework(id="plug-derived", title=f"From {base.id}",
                         base_iri="https://example.org/d/")

    _plugins.register("competency.frameworks", "plug-derived", derived)
    try:
        assert competency.load("plug-derived").title == "From ls-nos"
    finally:
        _plugins.unregister("competency.frameworks", "plug-derived")


def test_competency_rubrics_lists_each_broken_plugin_once_and_no_broken_strategy_as_usable(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_distribution(
        site, "fake-rubrics-once",
        "[competency.rubrics]\nonce-rubric = competency_fake_once:r\n"
        "[competency.scoring]\nonce-strategy = competency_fake_once:S\n",
        "competency_fake_once", "raise RuntimeError('boom once')\n")
    assert main(["rubrics"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("broken rubric plugin once-rubric") == 1
    assert out.count("broken strategy plugin once-strategy") == 1
    assert "strategies: cumulative-sequential" in out
    assert "once-strategy," not in out
    assert "pt-self-assessment" in out
