"""The coach job's work, imported when a job runs (LangChain and the coach library are heavy):
answer one message from the athlete's own read models and the passages nearest to the question
(the team's coaching guides, and recipes by pgvector), with the configured chat model or the
offline retrieval-grounded answerer; the reply comes back as a command."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from pgvector import Vector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.commands import Command
from contracts.nutrition.coach import AnswerCoachMessage, CoachAnswer, Source
from contracts.nutrition.events import CoachMessageSent
from infra.database import create_engine
from infra.embeddings import Embedder, embedder
from infra.settings import Settings
from workers.jobs import Work
from workers.nutrition.athlete_facts import ReadModelFacts
from workers.nutrition.coach import Coach, Passage, Turn

GUIDE_PASSAGES = text(
    "SELECT guide_id, title, text, source, topics FROM coach_guides_view "
    "WHERE embedding_model = :model ORDER BY embedding <=> CAST(:query AS vector) LIMIT :k"
)
RECIPE_PASSAGES = text(
    "SELECT recipe_id, name, passage FROM recipes_view WHERE kind = 'catalog' "
    "AND embedding_model = :model ORDER BY embedding <=> CAST(:query AS vector) LIMIT :k"
)


class Retrieval:
    """The coach's guides and the catalog's recipes nearest to a question, by pgvector."""

    def __init__(self, engine: AsyncEngine, model: Embedder) -> None:
        self.engine, self.model = engine, model

    async def search(self, query: str, k: int) -> list[Passage]:
        vector = await asyncio.to_thread(self.model.embed_query, query)
        values = {"model": self.model.name, "query": Vector(vector).to_text()}
        async with self.engine.connect() as conn:
            guides = await conn.execute(GUIDE_PASSAGES, {**values, "k": k})
            found = [
                Passage(kind="guide", id=row.guide_id, title=row.title, text=row.text,
                        source=row.source, topics=tuple(row.topics))
                for row in guides
            ]  # fmt: skip
            recipes = await conn.execute(RECIPE_PASSAGES, {**values, "k": max(1, k // 2)})
            found += [Passage(kind="recipe", id=row.recipe_id, title=row.name, text=row.passage,
                              source="Pacer recipe catalog") for row in recipes]  # fmt: skip
        return found


@dataclass
class CoachTools:
    engine: AsyncEngine
    retrieval: Retrieval
    model: BaseChatModel | None


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model; None for the offline answerer."""
    if settings.coach_model == "offline":
        return None
    from langchain_openai import ChatOpenAI  # only a deployment with a model needs it

    key = settings.coach_api_key.get_secret_value() if settings.coach_api_key else "unused"
    return ChatOpenAI(model=settings.coach_model, base_url=settings.coach_base_url,
                      api_key=key, timeout=60, max_retries=1)  # fmt: skip


def coach_tools(settings: Settings) -> CoachTools:
    """A job process's tool (see `workers.jobs.Work.tool`)."""
    engine = create_engine(settings)
    return CoachTools(engine, Retrieval(engine, embedder(settings)), chat_model(settings))


def reply(message: CoachMessageSent, work: Work) -> Command[Any]:
    tools = work.tool(coach_tools)
    facts = ReadModelFacts(tools.engine, message.athlete_id)
    coach = Coach(facts, tools.retrieval, tools.model)
    history = [Turn(role="user" if turn.role == "athlete" else "coach", text=turn.text)
               for turn in message.history]  # fmt: skip
    answered = work.wait(coach.answer(message.text, history))
    answer = CoachAnswer(
        text=answered.text[:8000] or "I have no answer to that.",
        sources=[Source(kind=s.kind, id=s.id[:120], title=s.title[:300],
                        detail=(s.detail or None) and s.detail[:1000])
                 for s in answered.sources[:40]],
        model=answered.model[:120], grounded=answered.grounded,
    )  # fmt: skip
    return AnswerCoachMessage(athlete_id=message.athlete_id, message_id=message.message_id,
                              answer=answer)  # fmt: skip
