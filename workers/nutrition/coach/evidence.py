"""What the coach gathers for one question: the tools its topic needs, called for the days it
means, and the passages nearest to it. The tool messages are what a model reads; the facts in
them are what the offline answerer composes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import StructuredTool

from workers.nutrition.coach.facts import (
    DayTargets,
    PlannedMeal,
    PlannedSession,
    ProfileFacts,
    RunFact,
    WorkoutFact,
)
from workers.nutrition.coach.questions import Intent, Topic
from workers.nutrition.coach.replies import Source
from workers.nutrition.coach.retrieval import Passage, Retriever
from workers.nutrition.coach.tools import CoachTools, day_name

MAX_PASSAGES = 3
MAX_DAYS = 7
LOOK_AHEAD_DAYS = 14
"""How far ahead "my long run" is looked for when the question names no day."""

QUERIES = {
    Topic.PRE_RUN: "what to eat before a long run or race: carbohydrate fuelling beforehand",
    Topic.DURING_RUN: "fuelling during a long run: carbohydrate per hour, gels and drinks",
    Topic.RECOVERY: "recovery after a run: protein and carbohydrate after training",
    Topic.HYDRATION: "hydration for runners: how much to drink, fluids and sweat",
    Topic.PROTEIN: "protein needs of runners per kg of body weight each day",
    Topic.ENERGY: "energy balance for runners: losing or gaining weight while training",
    Topic.MEALS: "recipes and meal ideas",
    Topic.PLAN: "eating for the day's training session",
    Topic.RUNS: "easy running, training load and recovery between runs",
    Topic.WORKOUTS: "strength training for runners",
    Topic.UNKNOWN: "",
}
_PROFILE = {Topic.PROTEIN, Topic.ENERGY}
_TARGETS = {Topic.PRE_RUN, Topic.RECOVERY, Topic.PROTEIN, Topic.ENERGY, Topic.PLAN}
_MEALS = {Topic.PRE_RUN, Topic.RECOVERY, Topic.PROTEIN, Topic.MEALS, Topic.PLAN}
_SESSIONS = {Topic.PRE_RUN, Topic.DURING_RUN, Topic.RECOVERY, Topic.HYDRATION, Topic.PLAN}
_EVERY_DAY = {Topic.MEALS, Topic.ENERGY, Topic.PROTEIN}
"""Topics that read each day of a span ("this week"); the others read its first day."""


@dataclass
class Evidence:
    question: str
    intent: Intent
    today: date
    messages: list[ToolMessage] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    """One per tool call, in call order."""
    passages: list[Passage] = field(default_factory=list)
    profile: ProfileFacts | None = None
    targets: dict[date, DayTargets | None] = field(default_factory=dict)
    meals: dict[date, list[PlannedMeal]] = field(default_factory=dict)
    sessions: list[PlannedSession] = field(default_factory=list)
    anchor: PlannedSession | None = None
    """The session the question hangs on ("my long run"), when the plan has one."""
    runs: list[RunFact] | None = None
    workouts: list[WorkoutFact] | None = None

    @property
    def days(self) -> list[date]:
        intent = self.intent
        if intent.topic not in _EVERY_DAY:
            return [self.anchor.day if self.anchor else intent.day]
        span = min((intent.last - intent.first).days + 1, MAX_DAYS)
        return [intent.first + timedelta(days=n) for n in range(span)]

    def sessions_on(self, day: date) -> list[PlannedSession]:
        return [session for session in self.sessions if session.day == day]

    async def call(self, tool: StructuredTool, **args: Any) -> Any:
        """Run a tool as a model would call it and keep its message; returns its facts."""
        call = {"name": tool.name, "args": args, "id": f"call_{len(self.messages)}"}
        message = await tool.ainvoke(call | {"type": "tool_call"})
        self.messages.append(message)
        source = Source(kind="tool", id=tool.name, title=tool.description, detail=_asked(args))
        self.sources.append(source)
        return message.artifact


async def gather(
    question: str, intent: Intent, today: date, tools: CoachTools, retriever: Retriever
) -> Evidence:
    evidence = Evidence(question, intent, today)
    topic = intent.topic
    if intent.anchor or topic in _SESSIONS:
        await _find_sessions(evidence, tools)
    if topic in _PROFILE:
        evidence.profile = await evidence.call(tools.profile)
    day_facts = not intent.recipe and (topic is not Topic.PLAN or intent.one_day)
    for day in evidence.days if day_facts else []:
        if topic in _TARGETS:
            evidence.targets[day] = await evidence.call(tools.targets, day=day)
        if topic in _MEALS:
            evidence.meals[day] = await evidence.call(tools.meals, day=day)
    back = (today - intent.first).days + 1
    if topic is Topic.RUNS:
        evidence.runs = [r for r in await evidence.call(tools.runs, days=back) if _in(r, intent)]
    if topic is Topic.WORKOUTS:
        found = await evidence.call(tools.workouts, days=back)
        evidence.workouts = [workout for workout in found if _in(workout, intent)]
    query = f"{QUERIES[topic]} {question}".strip()
    evidence.passages = await retriever.search(query, MAX_PASSAGES)
    return evidence


async def _find_sessions(evidence: Evidence, tools: CoachTools) -> None:
    intent, today = evidence.intent, evidence.today
    first, last = intent.first, intent.last
    if intent.anchor and not intent.explicit:
        first, last = today, today + timedelta(days=LOOK_AHEAD_DAYS - 1)
    evidence.sessions = await evidence.call(tools.sessions, first=first, last=last)
    if intent.anchor:
        found = (s for s in evidence.sessions if s.kind == intent.anchor)
        evidence.anchor = next(found, None)


def _asked(args: dict[str, Any]) -> str:
    """A tool call's arguments in words: "Sunday 15 June", "last 7 days"."""
    words = [day_name(v) if isinstance(v, date) else f"last {v} {k}" for k, v in args.items()]
    return " to ".join(dict.fromkeys(words)) or "current"


def _in(fact: RunFact | WorkoutFact, intent: Intent) -> bool:
    return intent.first <= fact.day <= intent.last
