"""Training context, read side: run views and their routes."""

from queries.training.routes import router

__all__ = ["router"]
