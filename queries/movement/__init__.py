"""Movement context, read side: analyses, workouts and statistics."""

from queries.movement.routes import router

__all__ = ["router"]
