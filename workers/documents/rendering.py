"""The PDF job: render the requested plan, store the PDF in the derived bucket, and report it
by command (or why it failed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.commands import Command
from contracts.documents.commands import PDF_TYPE, CompleteDocument, FailDocument
from contracts.documents.events import PlanExportRequested
from contracts.documents.reads import document_key
from infra.blobs import BlobStore
from infra.settings import Settings
from workers.documents.errors import RenderError
from workers.jobs import Job, Work


@dataclass(frozen=True)
class DocumentStorage:
    store: BlobStore
    bucket: str


def document_storage(settings: Settings) -> DocumentStorage:
    """A job process's tool (see `workers.jobs.Work.tool`)."""
    return DocumentStorage(BlobStore(settings), settings.s3_derived_bucket)


def render(request: PlanExportRequested, work: Work) -> Command[Any]:
    from workers.documents.render import render_plan  # matplotlib and typst: where a PDF is made

    pdf, pages = render_plan(request)
    work.progress(1, 2)
    storage = work.tool(document_storage)
    key = document_key(request.athlete_id, request.document_id)
    work.wait(storage.store.put_bytes(storage.bucket, key, pdf, content_type=PDF_TYPE))
    return CompleteDocument(document_id=request.document_id, object_key=key,
                            size_bytes=len(pdf), pages=pages)  # fmt: skip


RENDER_PLAN: Job[PlanExportRequested] = Job(
    name="documents.render_plan",
    payload=PlanExportRequested,
    run=render,
    failed=lambda request, reason: FailDocument(document_id=request.document_id, reason=reason),
    bad_input=(RenderError,),
    time_limit_s=120.0,
)
