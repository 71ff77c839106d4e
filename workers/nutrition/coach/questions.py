"""What a question is about and when: its topic, the days it means, the session it hangs on
("before my long run") and the meal slot it names. Keyword rules, no model: a question the rules
do not place is `UNKNOWN`, and the coach says what it can answer instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from contracts.training.sessions import SessionKind

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PAST_DAYS = 7
"""How far back "how did my running go" looks when the question names no time."""


class Topic(StrEnum):
    PRE_RUN = "pre_run"
    DURING_RUN = "during_run"
    RECOVERY = "recovery"
    HYDRATION = "hydration"
    PROTEIN = "protein"
    ENERGY = "energy"
    MEALS = "meals"
    PLAN = "plan"
    RUNS = "runs"
    WORKOUTS = "workouts"
    UNKNOWN = "unknown"


_EFFORT = r"(run|running|race|session|intervals?|tempo|workout|training)"
# First match wins: "protein after my run" is recovery, "a protein recipe" is meals.
_TOPICS: tuple[tuple[Topic, str], ...] = (
    (Topic.DURING_RUN, r"\bduring\b|mid-?run|\bgels?\b|on the run|\bper hour\b"),
    (Topic.PRE_RUN, rf"\bbefore\b.*{_EFFORT}|pre-?(run|race)|\bfuel|carb(ohydrate)?[- ]load"),
    (Topic.RECOVERY, rf"\bafter\b.*{_EFFORT}|recover|post-?(run|race)|\brefuel"),
    (Topic.HYDRATION, r"\bdrink|\bwater\b|hydrat|electrolyte|\bsweat|\bfluids?\b"),
    (Topic.MEALS, r"\brecipes?\b|\bcook"),
    (Topic.PROTEIN, r"\bprotein"),
    (Topic.ENERGY, r"\bweight\b|\blose\b|\bgain\b|calorie|\bkcal\b|\benergy\b|deficit"),
    (Topic.MEALS, r"breakfast|lunch|dinner|supper|snack|\bmeals?\b|\beat\b|\bfood\b"),
    (Topic.WORKOUTS, r"push-?ups?|squats?|jumping jacks?|jump rope|\breps\b|strength"),
    (Topic.PLAN, r"\bplan\b|schedule|\bsessions?\b|training|workout|what am i doing|what'?s on"),
    (Topic.RUNS, r"\bran\b|\bruns?\b|running|\bpace\b|mileage|\bkm\b"),
)
_ANCHORS: tuple[tuple[SessionKind, str], ...] = (
    ("long", r"long run"),
    ("intervals", r"intervals?|interval session"),
    ("tempo", r"\btempo\b"),
    ("hills", r"\bhills?\b"),
    ("race", r"\brace\b"),
)
_SLOTS = {"breakfast": "breakfast", "lunch": "lunch", "dinner": "dinner", "supper": "dinner"}
_SLOTS |= {"snack": "snack", "tonight": "dinner"}
_PAST = r"\b(did|was|were|went|ran|have i|last|past|so far|been|done|going|lately|recently)\b"


@dataclass(frozen=True)
class Intent:
    topic: Topic
    first: date
    last: date
    explicit: bool
    """The question named its days; otherwise they are a default (today, or the last week)."""
    anchor: SessionKind | None = None
    slot: str | None = None
    past: bool = False
    recipe: bool = False
    """The question asks for a recipe or a meal idea rather than the meal plan."""

    @property
    def day(self) -> date:
        return self.first

    @property
    def one_day(self) -> bool:
        return self.first == self.last


def understand(question: str, today: date) -> Intent:
    text = question.lower()
    topic = next((t for t, rule in _TOPICS if re.search(rule, text)), Topic.UNKNOWN)
    past = bool(re.search(_PAST, text))
    if topic is Topic.RUNS and not past:
        topic = Topic.PLAN  # "what's my run on Sunday?" asks about the plan
    past = past or topic is Topic.WORKOUTS
    anchor = next((kind for kind, rule in _ANCHORS if re.search(rule, text)), None)
    slot = next((s for word, s in _SLOTS.items() if word in text), None)
    recipe = bool(re.search(r"\brecipes?\b|\bcook|\bideas?\b|suggest", text))
    named = _days(text, today, past=past)
    days = named or _default_days(topic, today)
    return Intent(
        topic, *days, explicit=named is not None, anchor=anchor, slot=slot, past=past, recipe=recipe
    )


def _default_days(topic: Topic, today: date) -> tuple[date, date]:
    if topic in (Topic.RUNS, Topic.WORKOUTS):
        return today - timedelta(days=PAST_DAYS - 1), today
    return today, today


def _days(text: str, today: date, *, past: bool) -> tuple[date, date] | None:
    if re.search(r"\btoday\b|\btonight\b|this (morning|afternoon|evening)", text):
        return today, today
    if "tomorrow" in text:
        return _single(today + timedelta(days=1))
    if "yesterday" in text:
        return _single(today - timedelta(days=1))
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            ahead = (index - today.weekday()) % 7
            behind = (today.weekday() - index) % 7
            return _single(today - timedelta(days=behind) if past else today + timedelta(ahead))
    monday = today - timedelta(days=today.weekday())
    if "weekend" in text:
        saturday = monday + timedelta(days=5)
        return saturday, saturday + timedelta(days=1)
    if "next week" in text:
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if re.search(r"last week|past week", text):
        return today - timedelta(days=PAST_DAYS - 1), today
    if re.search(r"this week|the week\b|weekly", text):
        return (
            (today - timedelta(days=PAST_DAYS - 1), today)
            if past
            else (today, monday + timedelta(6))
        )
    return None


def _single(day: date) -> tuple[date, date]:
    return day, day
