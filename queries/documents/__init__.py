"""Documents context, read side: an export's status and its download link."""

from queries.documents.routes import router

__all__ = ["router"]
