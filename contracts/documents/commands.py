"""Commands of the documents context, and the bodies the command API takes for them."""

from __future__ import annotations

from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.commands import Command, CommandAccepted
from contracts.types import Count, Day, PlainText

Paper = Literal["a4", "us-letter"]
Units = Literal["metric", "imperial"]
PDF_TYPE = "application/pdf"


class PlanExportRequest(BaseModel):
    """Body of `POST /documents/plan-exports`."""

    model_config = ConfigDict(extra="forbid")

    plan_id: UUID
    from_date: Day | None = Field(default=None, description="First day to print (default: all).")
    to_date: Day | None = Field(default=None, description="Last day to print (default: all).")
    paper: Paper = "a4"
    units: Units = "metric"

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise PydanticCustomError("plan_dates_order", "the end must not be before the start")
        return self


class RequestPlanExport(Command[CommandAccepted], PlanExportRequest):
    """Render one of the athlete's plans as a printable PDF."""

    document_id: UUID
    athlete_id: UUID


class CompleteDocument(Command[CommandAccepted]):
    """The PDF worker stored the rendered document."""

    document_id: UUID
    object_key: Annotated[str, PlainText(max_length=300)]
    size_bytes: Annotated[int, Count(ge=1)]
    pages: Annotated[int, Count(ge=1)]


class FailDocument(Command[CommandAccepted]):
    """The PDF worker could not render the document; `reason` says why."""

    document_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]


ZIP_TYPE = "application/zip"


class RequestDataExport(Command[CommandAccepted]):
    """Gather all of the account's data into a zip of JSON files, with a download link."""

    document_id: UUID
    athlete_id: UUID


class CompleteDataExport(Command[CommandAccepted]):
    """The export job stored the zip."""

    document_id: UUID
    object_key: Annotated[str, PlainText(max_length=300)]
    size_bytes: Annotated[int, Count(ge=1)]
    files: Annotated[int, Count(ge=1)]
