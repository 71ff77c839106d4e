"""Events of the documents context: a plan export or a data export requested, rendered (stored)
or failed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.documents.snapshot import PlanSnapshot
from contracts.events import DomainEvent


class PlanExportRequested(DomainEvent):
    """An athlete asked for a printable PDF of a plan; the snapshot is what it will show."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

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


class DataExportRequested(DomainEvent):
    """An account asked for all of its data (profile, runs, plans, workouts, nutrition, chat,
    posts…) as a zip of JSON files."""

    document_id: UUID
    athlete_id: UUID
    requested_at: datetime


class DataExportReady(DomainEvent):
    document_id: UUID
    athlete_id: UUID
    object_key: str = Field(description="Where the zip is, in the derived bucket.")
    size_bytes: int
    files: int = Field(description="How many JSON files the zip holds.")
