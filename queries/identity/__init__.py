"""Identity context, read side: your profile, and the cards of others."""

from queries.identity.profile_routes import router

__all__ = ["router"]
