"""The AI coach's conversation: the athlete's messages, and the coach's replies with the sources
every number in them came from (the athlete's own read models, or retrieved passages)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.personal import Personal, PersonalText
from contracts.types import PlainText

MessageText = Annotated[str, PlainText(max_length=2000, multiline=True)]
HISTORY_TURNS = 6


class CoachMessageBody(BaseModel):
    """Body of `POST /nutrition/coach/messages`."""

    model_config = ConfigDict(extra="forbid")

    text: MessageText = Field(description="Your question: 'what should I eat before Sunday's run?'")


class SendCoachMessage(Command[CommandAccepted], CoachMessageBody):
    message_id: UUID
    athlete_id: UUID


class Turn(BaseModel):
    role: Literal["athlete", "coach"]
    text: PersonalText


class Source(BaseModel):
    kind: Literal["tool", "guide", "recipe"]
    id: Annotated[str, PlainText(max_length=120)]
    title: Annotated[str, PlainText(max_length=300)]
    detail: Annotated[str, PlainText(max_length=1000, multiline=True)] | None = None


class CoachAnswer(BaseModel):
    text: Annotated[str, PlainText(max_length=8000, multiline=True), Personal()]
    sources: list[Source] = Field(max_length=40)
    model: Annotated[str, PlainText(max_length=120)]
    grounded: bool = Field(
        default=True,
        description="False when a model's numbers could not be traced to a source "
        "and the retrieval-grounded answer was given instead.",
    )


class AnswerCoachMessage(Command[CommandAccepted]):
    athlete_id: UUID
    message_id: UUID
    answer: CoachAnswer


class CoachGuide(BaseModel):
    """A passage of the coach's knowledge base: the team's own words, naming the public guidance
    its facts come from."""

    guide_id: Annotated[str, PlainText(max_length=60)]
    title: Annotated[str, PlainText(max_length=120)]
    text: Annotated[str, PlainText(max_length=1000, multiline=True)]
    topics: list[Annotated[str, PlainText(max_length=40)]] = Field(max_length=30)
    source: Annotated[str, PlainText(max_length=600)]
    urls: list[Annotated[str, PlainText(max_length=300)]] = Field(default_factory=list,
                                                                  max_length=10)  # fmt: skip


class PublishCoachGuide(Command[CommandAccepted]):
    """Publish a passage of the knowledge base (or its new revision); the same passage again
    changes nothing. Sent by Pacer itself, with the recipe catalog."""

    guide: CoachGuide


class FailCoachReply(Command[CommandAccepted]):
    athlete_id: UUID
    message_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]
