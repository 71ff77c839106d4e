"""Document queries over HTTP."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import AnyHttpUrl
from sqlalchemy import text

from contracts.documents.reads import DOCUMENTS, DocumentPublic
from infra.http_auth import CurrentPrincipal
from infra.http_blobs import Blobs
from infra.problems import problems
from infra.settings import Settings
from queries.http import Connection, Consistent, NotFoundError

router = APIRouter(prefix="/documents", tags=["documents"], dependencies=[Consistent(DOCUMENTS)])
DOCUMENT = text(
    "SELECT document_id, kind, subject_id, status, pages, files, size_bytes, reason, object_key, "
    "version FROM documents_view WHERE document_id = :document AND athlete_id = :athlete"
)


@router.get("/{document_id}", response_model=DocumentPublic, responses=problems(404))
async def get_document(
    document_id: UUID, principal: CurrentPrincipal, conn: Connection, blobs: Blobs,
    request: Request,
) -> DocumentPublic:  # fmt: skip
    """One of your documents (a printable plan or a data export): requested, ready (with a
    download link that expires) or failed (with the reason); 404 if it does not exist or is not
    yours."""
    found = await conn.execute(DOCUMENT, {"document": document_id, "athlete": principal.account_id})
    row = found.first()
    if row is None:
        raise NotFoundError(f"document {document_id} not found")
    settings: Settings = request.app.state.settings
    fields = dict(row._mapping)
    key = fields.pop("object_key")
    link = (
        blobs.presigned_get(settings.s3_derived_bucket, key, expires_s=settings.derived_url_ttl_s)
        if key
        else None
    )
    return DocumentPublic(**fields, download_url=AnyHttpUrl(link) if link else None)
