"""Read models of the movement context."""

from projections.movement.analyses import AnalysesProjection
from projections.movement.workouts import WorkoutsProjection

PROJECTIONS = (AnalysesProjection(), WorkoutsProjection())

__all__ = ["PROJECTIONS", "AnalysesProjection", "WorkoutsProjection"]
