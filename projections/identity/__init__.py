"""Read models of the identity context."""

from projections.identity.grants import GrantsProjection
from projections.identity.profiles import ProfilesProjection

PROJECTIONS = (ProfilesProjection(), GrantsProjection())

__all__ = ["PROJECTIONS", "GrantsProjection", "ProfilesProjection"]
