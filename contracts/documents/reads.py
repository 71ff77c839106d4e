"""Read models of the documents context, as the query API returns them."""

from __future__ import annotations

from typing import Final, Literal
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, Field

DOCUMENTS: Final = "documents"


def document_key(athlete_id: UUID, document_id: UUID) -> str:
    """Where a rendered document is kept in the derived bucket."""
    return f"documents/{athlete_id}/{document_id}.pdf"


def data_export_key(athlete_id: UUID, document_id: UUID) -> str:
    """Where a data export is kept in the derived bucket."""
    return f"exports/{athlete_id}/{document_id}.zip"


class DocumentPublic(BaseModel):
    document_id: UUID
    kind: Literal["plan", "data"] = Field(
        description="`plan`: a printable plan (PDF); `data`: all of your data (a zip of JSON)."
    )
    subject_id: UUID = Field(description="The plan the document prints; your account for data.")
    status: Literal["requested", "rendered", "failed"]
    pages: int | None
    files: int | None = Field(description="JSON files in a data export's zip.")
    size_bytes: int | None
    reason: str | None = Field(description="Why rendering failed.")
    download_url: AnyHttpUrl | None = Field(
        description="The PDF or zip, once ready; the link expires (ask again for a fresh one)."
    )
    version: int
