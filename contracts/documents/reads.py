"""Read models of the documents context, as the query API returns them."""

from __future__ import annotations

from typing import Final, Literal
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, Field

DOCUMENTS: Final = "documents"


def document_key(athlete_id: UUID, document_id: UUID) -> str:
    """Where a rendered document is kept in the derived bucket."""
    return f"documents/{athlete_id}/{document_id}.pdf"


class DocumentPublic(BaseModel):
    document_id: UUID
    kind: Literal["plan"]
    subject_id: UUID = Field(description="The plan the document prints.")
    status: Literal["requested", "rendered", "failed"]
    pages: int | None
    size_bytes: int | None
    reason: str | None = Field(description="Why rendering failed.")
    download_url: AnyHttpUrl | None = Field(
        description="The PDF, once rendered; the link expires (ask again for a fresh one)."
    )
    version: int
