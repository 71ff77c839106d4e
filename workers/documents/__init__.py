"""Documents context, workers: the export reactor and the PDF rendering job."""

from workers.documents.reactors import exports
from workers.documents.rendering import RENDER_PLAN

REACTORS = (exports,)
JOBS = (RENDER_PLAN,)

__all__ = ["JOBS", "REACTORS"]
