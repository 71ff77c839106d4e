"""Events of the documents context: an export requested, rendered or failed."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.documents.snapshot import PlanSnapshot
from contracts.events import DomainEvent


class PlanExportRequested(DomainEvent):
    """An athlete asked for a printable PDF of a plan; the snapshot is what it will show."""

    document_id: UUID
    athlete_id: UUID
    plan: PlanSnapshot
    from_date: date | None = None
    to_date: date | None = None
    paper: Literal["a4", "us-letter"]
    units: Literal["metric", "imperial"]


class DocumentRendered(DomainEvent):
    document_id: UUID
    athlete_id: UUID
    object_key: str = Field(description="Where the PDF is, in the derived bucket.")
    size_bytes: int
    pages: int


class DocumentFailed(DomainEvent):
    document_id: UUID
    athlete_id: UUID
    reason: str
