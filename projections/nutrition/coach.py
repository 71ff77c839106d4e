"""The coach's messages read model: each message, its position in the conversation, and its
reply (or why there is none), for a paginated history."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.events import CoachMessageSent, CoachReplied, CoachReplyFailed
from contracts.nutrition.reads import COACH_MESSAGES
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

SENT = text(
    "INSERT INTO coach_messages_view (message_id, athlete_id, position, text, status) "
    "VALUES (:message, :athlete, :position, :text, 'pending') ON CONFLICT DO NOTHING"
)
REPLIED = text(
    "UPDATE coach_messages_view SET status = 'answered', answer = CAST(:answer AS jsonb) "
    "WHERE message_id = :message"
)
FAILED = text(
    "UPDATE coach_messages_view SET status = 'failed', reason = :reason WHERE message_id = :message"
)


class CoachMessagesProjection(Projection):
    name = COACH_MESSAGES
    tables = ("coach_messages_view",)

    @on(CoachMessageSent)
    async def sent(self, sql: AsyncConnection, events: Sequence[Applied[CoachMessageSent]]) -> None:
        await sql.execute(SENT, [
            {"message": e.event.message_id, "athlete": e.event.athlete_id, "position": e.version,
             "text": e.event.text}
            for e in events
        ])  # fmt: skip

    @on(CoachReplied)
    async def replied(self, sql: AsyncConnection, events: Sequence[Applied[CoachReplied]]) -> None:
        await sql.execute(REPLIED, [
            {"message": e.event.message_id, "answer": e.event.answer.model_dump_json()}
            for e in events
        ])  # fmt: skip

    @on(CoachReplyFailed)
    async def failed(
        self, sql: AsyncConnection, events: Sequence[Applied[CoachReplyFailed]]
    ) -> None:
        await sql.execute(FAILED, [
            {"message": e.event.message_id, "reason": e.event.reason} for e in events
        ])  # fmt: skip

    erase = erasing({"coach_messages_view": ("athlete_id",)})
