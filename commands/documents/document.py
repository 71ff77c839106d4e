"""The Document aggregate: one printable plan or data export, from request to rendered (or
failed)."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from commands.aggregate import Owned
from commands.errors import ConflictError
from contracts.documents.commands import (
    CompleteDataExport,
    CompleteDocument,
    FailDocument,
    RequestPlanExport,
)
from contracts.documents.events import (
    DataExportReady,
    DataExportRequested,
    DocumentFailed,
    DocumentRendered,
    PlanExportRequested,
)
from contracts.documents.snapshot import PlanSnapshot
from contracts.events import DomainEvent


class Document(Owned):
    stream_type = "document"
    noun = "document"
    outcome: str | None = None

    @classmethod
    def request_plan(cls, cmd: RequestPlanExport, snapshot: PlanSnapshot) -> Self:
        document = cls(str(cmd.document_id))
        document.record(PlanExportRequested(
            document_id=cmd.document_id, athlete_id=cmd.athlete_id, plan=snapshot,
            from_date=cmd.from_date, to_date=cmd.to_date, paper=cmd.paper, units=cmd.units,
        ))  # fmt: skip
        return document

    @classmethod
    def request_data(cls, document_id: UUID, athlete_id: UUID, at: datetime) -> Self:
        document = cls(str(document_id))
        document.record(DataExportRequested(document_id=document_id, athlete_id=athlete_id,
                                            requested_at=at))  # fmt: skip
        return document

    def complete_export(self, cmd: CompleteDataExport) -> None:
        if self._settled("rendered"):
            return
        self.record(DataExportReady(document_id=cmd.document_id, athlete_id=self.athlete_id,
                                    object_key=cmd.object_key, size_bytes=cmd.size_bytes,
                                    files=cmd.files))  # fmt: skip

    def complete(self, cmd: CompleteDocument) -> None:
        if self._settled("rendered"):
            return
        self.record(DocumentRendered(document_id=cmd.document_id, athlete_id=self.athlete_id,
                                     object_key=cmd.object_key, size_bytes=cmd.size_bytes,
                                     pages=cmd.pages))  # fmt: skip

    def fail(self, cmd: FailDocument) -> None:
        if self._settled("failed"):
            return
        self.record(DocumentFailed(document_id=cmd.document_id, athlete_id=self.athlete_id,
                                   reason=cmd.reason))  # fmt: skip

    def _settled(self, outcome: str) -> bool:
        """A repeated report of the same outcome changes nothing; the other outcome is refused."""
        if self.outcome is None:
            return False
        if self.outcome == outcome:
            return True
        raise ConflictError(f"document {self.id} was already {self.outcome}")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case PlanExportRequested() | DataExportRequested():
                self.athlete_id = event.athlete_id
            case DocumentRendered() | DataExportReady():
                self.outcome = "rendered"
            case DocumentFailed():
                self.outcome = "failed"
