"""The coach's knowledge base read model: each guide with an embedding of its title, topics and
text (pgvector) by the configured embedder, which the coach job retrieves from."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import cached_property

from pgvector import Vector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.coach import CoachGuide
from contracts.nutrition.events import CoachGuidePublished
from contracts.nutrition.reads import COACH_GUIDES
from infra.embeddings import Embedder, embedder
from infra.settings import Settings
from projections.projection import Applied, Projection, on

UPSERT = text(
    "INSERT INTO coach_guides_view (guide_id, title, text, topics, source, embedding_model, "
    "embedding, version) VALUES (:guide, :title, :text, :topics, :source, :model, "
    "CAST(:embedding AS vector), :version) ON CONFLICT (guide_id) DO UPDATE SET "
    "title = EXCLUDED.title, text = EXCLUDED.text, topics = EXCLUDED.topics, "
    "source = EXCLUDED.source, embedding_model = EXCLUDED.embedding_model, "
    "embedding = EXCLUDED.embedding, version = EXCLUDED.version"
)


def guide_passage(guide: CoachGuide) -> str:
    """What is embedded for a guide: its title, its topics and its text."""
    return f"{guide.title}. {', '.join(guide.topics)}. {guide.text}"


class CoachGuidesProjection(Projection):
    name = COACH_GUIDES
    tables = ("coach_guides_view",)

    @cached_property
    def embedder(self) -> Embedder:
        return embedder(Settings())

    @on(CoachGuidePublished)
    async def published(
        self, sql: AsyncConnection, events: Sequence[Applied[CoachGuidePublished]]
    ) -> None:
        guides = [e.event.guide for e in events]
        vectors = await asyncio.to_thread(
            self.embedder.embed_documents, [guide_passage(guide) for guide in guides]
        )
        await sql.execute(UPSERT, [
            {"guide": g.guide_id, "title": g.title, "text": g.text, "topics": g.topics,
             "source": g.source, "model": self.embedder.name,
             "embedding": Vector(vector).to_text(), "version": e.version}
            for e, g, vector in zip(events, guides, vectors, strict=True)
        ])  # fmt: skip
