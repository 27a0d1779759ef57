"""The ``best-fit`` strategy: each theme counts at the highest level marked achieved."""

from __future__ import annotations

import numpy as np

from competency.rubric import (
    BatchResponse,
    BatchResult,
    Response,
    Result,
    Rubric,
    totals,
)

__all__ = ["BestFit"]


class BestFit:
    """A theme's level is the highest level whose cell is marked achieved; gaps below it
    are ignored (no gating, so never a warning or an error). Points and total as in
    ``cumulative-sequential``: the level's points, summed over the themes."""

    name = "best-fit"

    def score(self, rubric: Rubric, response: Response, *, strict: bool = True) -> Result:
        if response.reached is not None:
            reached = response.reached
        else:
            reached = tuple(
                max((i + 1 for i, flag in enumerate(row) if flag), default=0)
                for row in (response.flags or ())
            )
        points = tuple(rubric.reached_points[r] for r in reached)
        return Result(rubric=rubric, strategy=self.name, reached=reached, points=points,
                      total=sum(points))

    def score_batch(self, rubric: Rubric, batch: BatchResponse, *,
                    strict: bool = True) -> BatchResult:
        if batch.reached is not None:
            reached = batch.reached
        else:
            assert batch.flags is not None
            n_levels = batch.flags.shape[-1]
            highest = n_levels - np.argmax(batch.flags[..., ::-1], axis=-1)
            reached = np.where(batch.flags.any(axis=-1), highest, 0).astype(np.int8)
        points, total = totals(rubric, reached)
        return BatchResult(rubric=rubric, strategy=self.name, reached=reached, points=points,
                           total=total, valid=batch.valid, problems=batch.problems,
                           n_problems=batch.n_problems)
