"""An example competency plugin: a 3-level rubric and a best-fit scoring strategy."""

from __future__ import annotations

from importlib import resources

from competency.rubric import Rubric, loads_rubric

__all__ = ["mentoring_rubric"]


def mentoring_rubric() -> Rubric:
    """Return the ``example-mentoring`` rubric, read from the JSON file shipped in this
    package (validated by competency like any rubric file)."""
    data = resources.files(__name__).joinpath("example-mentoring.json")
    return loads_rubric(data.read_text(encoding="utf-8"), file=str(data))
