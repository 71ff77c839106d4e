"""The documents read model: one row per requested document, its status and where it is."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.documents.events import (
    DataExportReady,
    DataExportRequested,
    DocumentFailed,
    DocumentRendered,
    PlanExportRequested,
)
from contracts.documents.reads import DOCUMENTS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

COLUMNS = ("document_id", "athlete_id", "kind", "subject_id", "status", "version")
GUARD = "WHERE document_id = :document AND version < :version"
RENDERED = text(
    "UPDATE documents_view SET status = 'rendered', object_key = :key, size_bytes = :size, "  # noqa: S608
    f"pages = :pages, version = :version {GUARD}"
)
EXPORTED = text(
    "UPDATE documents_view SET status = 'rendered', object_key = :key, size_bytes = :size, "  # noqa: S608
    f"files = :files, version = :version {GUARD}"
)
FAILED = text(
    f"UPDATE documents_view SET status = 'failed', reason = :reason, version = :version {GUARD}"  # noqa: S608
)


class DocumentsProjection(Projection):
    name = DOCUMENTS
    tables = ("documents_view",)

    @on(PlanExportRequested)
    async def requested(
        self, sql: AsyncConnection, events: Sequence[Applied[PlanExportRequested]]
    ) -> None:
        rows = [(e.event.document_id, e.event.athlete_id, "plan", e.event.plan.plan_id,
                 "requested", e.version) for e in events]  # fmt: skip
        await upsert(sql, "documents_view", COLUMNS, rows, key="document_id", newer="version")

    @on(DataExportRequested)
    async def export_requested(
        self, sql: AsyncConnection, events: Sequence[Applied[DataExportRequested]]
    ) -> None:
        rows = [(e.event.document_id, e.event.athlete_id, "data", e.event.athlete_id,
                 "requested", e.version) for e in events]  # fmt: skip
        await upsert(sql, "documents_view", COLUMNS, rows, key="document_id", newer="version")

    @on(DataExportReady)
    async def exported(
        self, sql: AsyncConnection, events: Sequence[Applied[DataExportReady]]
    ) -> None:
        await sql.execute(EXPORTED, [
            {"document": e.event.document_id, "key": e.event.object_key,
             "size": e.event.size_bytes, "files": e.event.files, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(DocumentRendered)
    async def rendered(
        self, sql: AsyncConnection, events: Sequence[Applied[DocumentRendered]]
    ) -> None:
        await sql.execute(RENDERED, [
            {"document": e.event.document_id, "key": e.event.object_key,
             "size": e.event.size_bytes, "pages": e.event.pages, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(DocumentFailed)
    async def failed(self, sql: AsyncConnection, events: Sequence[Applied[DocumentFailed]]) -> None:
        await sql.execute(FAILED, [
            {"document": e.event.document_id, "reason": e.event.reason, "version": e.version}
            for e in events
        ])  # fmt: skip

    erase = erasing({"documents_view": ("athlete_id",)})
