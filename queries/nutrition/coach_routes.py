"""The coach conversation over HTTP: newest first, a page at a time, each message with its reply
(and sources) or its status while the coach is answering."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import text

from contracts.nutrition.reads import COACH_MESSAGES, CoachMessagePage, CoachMessagePublic
from infra.http_auth import CurrentPrincipal
from queries.http import Connection, Consistent

router = APIRouter(prefix="/nutrition/coach", tags=["nutrition"],
                   dependencies=[Consistent(COACH_MESSAGES)])  # fmt: skip
MESSAGES = text(
    "SELECT message_id, position, text, status, answer, reason FROM coach_messages_view "
    "WHERE athlete_id = :athlete AND position < :before ORDER BY position DESC LIMIT :limit"
)


@router.get("/messages", response_model=CoachMessagePage)
async def messages(
    principal: CurrentPrincipal, conn: Connection,
    before: Annotated[int | None, Query(ge=1, le=2_147_483_647,
                                        description="Older than this position.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CoachMessagePage:  # fmt: skip
    """Your conversation with the coach, newest first: each message is pending (the coach is
    answering), answered (with the reply and its sources) or failed (with why)."""
    rows = (await conn.execute(MESSAGES, {"athlete": principal.account_id,
                                          "before": before or 2_147_483_647,
                                          "limit": limit + 1})).all()  # fmt: skip
    page = [CoachMessagePublic(**row._mapping) for row in rows[:limit]]
    older = page[-1].position if len(rows) > limit else None
    return CoachMessagePage(messages=page, next_before=older)
