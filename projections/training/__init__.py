"""Read models of the training context."""

from projections.training.plans import PlansProjection
from projections.training.runs import RunsProjection
from projections.training.shoes import ShoesProjection

PROJECTIONS = (RunsProjection(), PlansProjection(), ShoesProjection())

__all__ = ["PROJECTIONS", "PlansProjection", "RunsProjection", "ShoesProjection"]
