"""The documents reactor: a requested plan export goes to the PDF job, a data export to the
export job."""

from __future__ import annotations

from contracts.documents.events import DataExportRequested, PlanExportRequested
from workers.documents.exporting import EXPORT_DATA
from workers.documents.rendering import RENDER_PLAN
from workers.reactors import Reaction, Reactor

exports = Reactor("documents.exports")


@exports.on(PlanExportRequested)
async def render_requested(event: PlanExportRequested, reaction: Reaction) -> None:
    await reaction.enqueue(RENDER_PLAN, event)


@exports.on(DataExportRequested)
async def export_requested(event: DataExportRequested, reaction: Reaction) -> None:
    await reaction.enqueue(EXPORT_DATA, event)
