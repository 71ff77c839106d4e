"""Integrations context, read side: the Strava connection and pushes."""

from queries.integrations.routes import router

__all__ = ["router"]
