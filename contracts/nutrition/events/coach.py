"""Events of the coach's conversation: a message sent, answered, or its reply failed."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent
from contracts.nutrition.coach import CoachAnswer, CoachGuide, Turn
from contracts.personal import PersonalText


class CoachMessageSent(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    athlete_id: UUID
    message_id: UUID
    text: PersonalText
    history: list[Turn] = Field(description="The conversation's last turns before this message.")


class CoachReplied(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    athlete_id: UUID
    message_id: UUID
    answer: CoachAnswer


class CoachGuidePublished(DomainEvent):
    """A passage of the coach's knowledge base, or a new revision of it."""

    guide: CoachGuide


class CoachReplyFailed(DomainEvent):
    athlete_id: UUID
    message_id: UUID
    reason: str
