"""Documents context, workers: the export reactor, the PDF rendering job and the data export
job."""

from workers.documents.exporting import EXPORT_DATA
from workers.documents.reactors import exports
from workers.documents.rendering import RENDER_PLAN

REACTORS = (exports,)
JOBS = (RENDER_PLAN, EXPORT_DATA)

__all__ = ["JOBS", "REACTORS"]
