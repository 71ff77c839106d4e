"""The coach job: a message to the coach is answered by `coach_answers.reply` (imported when the
job runs: the processes that only declare or enqueue jobs do not load LangChain), and the reply
or the failure comes back as a command."""

from __future__ import annotations

from typing import Any

from contracts.commands import Command
from contracts.nutrition.coach import FailCoachReply
from contracts.nutrition.events import CoachMessageSent
from workers.jobs import Job, Work


def reply(message: CoachMessageSent, work: Work) -> Command[Any]:
    from workers.nutrition.coach_answers import reply as answer

    return answer(message, work)


COACH_REPLY: Job[CoachMessageSent] = Job(
    name="nutrition.coach_reply",
    payload=CoachMessageSent,
    run=reply,
    failed=lambda message, reason: FailCoachReply(
        athlete_id=message.athlete_id, message_id=message.message_id, reason=reason
    ),
    time_limit_s=120.0,
)
