"""Read models of the integrations context."""

from projections.integrations.strava import StravaProjection

PROJECTIONS = (StravaProjection(),)

__all__ = ["PROJECTIONS", "StravaProjection"]
