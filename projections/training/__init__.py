"""Read models of the training context."""

from projections.training.plans import PlansProjection
from projections.training.runs import RunsProjection

PROJECTIONS = (RunsProjection(), PlansProjection())

__all__ = ["PROJECTIONS", "PlansProjection", "RunsProjection"]
