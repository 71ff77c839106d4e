"""Read models of the documents context."""

from projections.documents.documents import DocumentsProjection

PROJECTIONS = (DocumentsProjection(),)

__all__ = ["PROJECTIONS", "DocumentsProjection"]
