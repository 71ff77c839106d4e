"""Read models of the social context."""

from projections.social.social import SocialProjection

PROJECTIONS = (SocialProjection(),)

__all__ = ["PROJECTIONS", "SocialProjection"]
