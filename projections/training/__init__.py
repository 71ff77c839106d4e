"""Read models of the training context."""

from projections.training.runs import RunsProjection

PROJECTIONS = (RunsProjection(),)

__all__ = ["PROJECTIONS", "RunsProjection"]
