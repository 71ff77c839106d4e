"""The Conversation aggregate: one per athlete, with the coach. One message waits for its reply
at a time, so nobody can queue unbounded work for the coach."""

from __future__ import annotations

from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError
from contracts.events import DomainEvent
from contracts.nutrition.coach import (
    HISTORY_TURNS,
    AnswerCoachMessage,
    FailCoachReply,
    SendCoachMessage,
    Turn,
)
from contracts.nutrition.events.coach import CoachMessageSent, CoachReplied, CoachReplyFailed


class Conversation(Aggregate):
    stream_type = "coach_conversation"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.waiting: UUID | None = None
        self.turns: list[Turn] = []
        self.settled: set[UUID] = set()

    def send(self, cmd: SendCoachMessage) -> None:
        if self.waiting is not None:
            raise ConflictError("the coach is still answering your last message; wait for it")
        history = self.turns[-HISTORY_TURNS:]
        self.record(CoachMessageSent(athlete_id=cmd.athlete_id, message_id=cmd.message_id,
                                     text=cmd.text, history=history))  # fmt: skip

    def answer(self, cmd: AnswerCoachMessage) -> None:
        if self._settled(cmd.message_id):
            return
        self.record(CoachReplied(athlete_id=cmd.athlete_id, message_id=cmd.message_id,
                                 answer=cmd.answer))  # fmt: skip

    def fail(self, cmd: FailCoachReply) -> None:
        if self._settled(cmd.message_id):
            return
        self.record(CoachReplyFailed(athlete_id=cmd.athlete_id, message_id=cmd.message_id,
                                     reason=cmd.reason))  # fmt: skip

    def _settled(self, message_id: UUID) -> bool:
        if message_id in self.settled:
            return True
        if message_id != self.waiting:
            raise ConflictError(f"no message {message_id} is waiting for a reply")
        return False

    def apply(self, event: DomainEvent) -> None:
        match event:
            case CoachMessageSent():
                self.waiting = event.message_id
                self.turns.append(Turn(role="athlete", text=event.text))
            case CoachReplied():
                self.waiting = None
                self.settled.add(event.message_id)
                self.turns.append(Turn(role="coach", text=event.answer.text))
            case CoachReplyFailed():
                self.waiting = None
                self.settled.add(event.message_id)
        self.turns = self.turns[-HISTORY_TURNS:]
