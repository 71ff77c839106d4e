"""The data export job: gather the account's rows, zip them as JSON, store the zip in the
derived bucket, and report it by command (or why it failed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.commands import Command
from contracts.documents.commands import ZIP_TYPE, CompleteDataExport, FailDocument
from contracts.documents.events import DataExportRequested
from contracts.documents.reads import data_export_key
from infra.blobs import BlobStore
from infra.database import create_engine
from infra.settings import Settings
from workers.documents.data_export import gather, zipped
from workers.jobs import Job, Work


@dataclass(frozen=True)
class ExportTools:
    engine: AsyncEngine
    store: BlobStore
    bucket: str


def export_tools(settings: Settings) -> ExportTools:
    """A job process's tool (see `workers.jobs.Work.tool`)."""
    return ExportTools(create_engine(settings, pool_size=1), BlobStore(settings),
                       settings.s3_derived_bucket)  # fmt: skip


def export(request: DataExportRequested, work: Work) -> Command[Any]:
    tools = work.tool(export_tools)
    files = work.wait(gather(tools.engine, request.athlete_id))
    work.progress(1, 2)
    archive = zipped(request.athlete_id, files, datetime.now(UTC))
    key = data_export_key(request.athlete_id, request.document_id)
    work.wait(tools.store.put_bytes(tools.bucket, key, archive, content_type=ZIP_TYPE))
    return CompleteDataExport(document_id=request.document_id, object_key=key,
                              size_bytes=len(archive), files=len(files) + 1)  # fmt: skip


EXPORT_DATA: Job[DataExportRequested] = Job(
    name="documents.export_data",
    payload=DataExportRequested,
    run=export,
    failed=lambda request, reason: FailDocument(document_id=request.document_id, reason=reason),
    time_limit_s=300.0,
)
