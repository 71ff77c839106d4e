"""The documents reactor: a requested export goes to the PDF job."""

from __future__ import annotations

from contracts.documents.events import PlanExportRequested
from workers.documents.rendering import RENDER_PLAN
from workers.reactors import Reaction, Reactor

exports = Reactor("documents.exports")


@exports.on(PlanExportRequested)
async def render_requested(event: PlanExportRequested, reaction: Reaction) -> None:
    await reaction.enqueue(RENDER_PLAN, event)
