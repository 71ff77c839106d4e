"""Read models of the identity context."""

from projections.identity.profiles import ProfilesProjection

PROJECTIONS = (ProfilesProjection(),)

__all__ = ["PROJECTIONS", "ProfilesProjection"]
