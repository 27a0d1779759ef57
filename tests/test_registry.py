from __future__ import annotations

import pytest

import competency
from competency import Framework, UnknownIdError
from competency._plugins import register, unregister


def test_shipped_frameworks_are_available_and_load() -> None:
    assert {"pt-nos", "ls-nos"} <= set(competency.available())
    assert competency.load("pt-nos").id == "pt-nos"


def test_an_unknown_framework_id_lists_what_is_available() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown framework id 'nos'.*ls-nos, pt-nos"):
        competency.load("nos")


def test_a_framework_plugin_is_found_by_its_id() -> None:
    fw = Framework(id="plug-demo", title="Plugged", base_iri="https://example.org/p/")
    register("competency.frameworks", "plug-demo", lambda: fw)
    try:
        assert "plug-demo" in competency.available()
        assert competency.load("plug-demo") is fw
    finally:
        unregister("competency.frameworks", "plug-demo")
    assert "plug-demo" not in competency.available()


def test_a_plugin_giving_the_wrong_thing_is_reported_by_name() -> None:
    register("competency.frameworks", "plug-bad", 42)
    try:
        with pytest.raises(competency.PluginError, match="'plug-bad' gave a int"):
            competency.load("plug-bad")
    finally:
        unregister("competency.frameworks", "plug-bad")
