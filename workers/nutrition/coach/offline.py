"""The coach without a generative model: a reply composed from the gathered facts and the most
relevant passage. It writes numbers only through the tools' renderers or by quoting a passage, so
every number it says is one the user's data or a guide states."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from workers.nutrition.coach.evidence import Evidence
from workers.nutrition.coach.facts import PlannedMeal
from workers.nutrition.coach.questions import Topic
from workers.nutrition.coach.quoting import quote_of, quoted
from workers.nutrition.coach.retrieval import Passage
from workers.nutrition.coach.tools import (
    day_name,
    meal_line,
    num,
    profile_line,
    run_line,
    runs_line,
    session_line,
    targets_line,
    workouts_line,
)

MAX_REPLY_CHARS = 1200
MAX_QUOTE_CHARS = 600
CAN_ANSWER = (
    "I can answer about your training plan, your meal plan and daily targets, the runs you "
    "entered and your workouts, and about fuelling before, during and after runs, protein, "
    "hydration and weight."
)
_KIND_NAMES = {
    "long": "long run",
    "intervals": "interval session",
    "tempo": "tempo run",
    "hills": "hill session",
    "race": "race",
}


def compose(evidence: Evidence) -> tuple[str, list[Passage]]:
    """The user's facts for the question, then the passage that speaks to it, within the
    bound; and the passages it quotes."""
    passage = quoted(evidence)
    quote = bounded(quote_of(evidence, passage), MAX_QUOTE_CHARS)
    facts = " ".join(part for part in _COMPOSERS[evidence.intent.topic](evidence) if part)
    text = f"{bounded(facts, MAX_REPLY_CHARS - len(quote) - 1)} {quote}".strip()
    return text, [passage] if passage else []


def bounded(text: str, limit: int = MAX_REPLY_CHARS) -> str:
    """`text` cut at the last sentence or list item that fits in `limit` characters."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = max(head.rfind(". "), head.rfind("; "))
    return (head[: cut + 1] if cut > 0 else head).rstrip() + " …"


def _pre_run(evidence: Evidence) -> list[str]:
    day = evidence.days[0]
    return [_session(evidence, day), _carbohydrate(evidence, day), _meals(evidence, day)]


def _during_run(evidence: Evidence) -> list[str]:
    return [_session(evidence, evidence.days[0])]


def _recovery(evidence: Evidence) -> list[str]:
    day = evidence.days[0]
    return [_session(evidence, day), _protein(evidence, day), _meals(evidence, day)]


def _hydration(evidence: Evidence) -> list[str]:
    return [_session(evidence, evidence.days[0])]


def _protein_needs(evidence: Evidence) -> list[str]:
    parts = [f"You weigh {num(evidence.profile.weight_kg)} kg."] if evidence.profile else []
    for day in evidence.days:
        parts += [_protein(evidence, day), _meals(evidence, day, protein=True)]
    return parts


def _energy(evidence: Evidence) -> list[str]:
    return [profile_line(evidence.profile)] + [
        targets_line(day, evidence.targets.get(day)) for day in evidence.days
    ]


def _meal_plan(evidence: Evidence) -> list[str]:
    if evidence.intent.recipe:
        return []
    return [_meals(evidence, day) for day in evidence.days]


def _plan(evidence: Evidence) -> list[str]:
    intent = evidence.intent
    if not evidence.sessions:
        span = day_name(intent.first)
        if not intent.one_day:
            span = f"from {span} to {day_name(intent.last)}"
        parts = [f"Your training plan has no session {span}."]
    else:
        parts = ["Your training plan: " + "; ".join(map(session_line, evidence.sessions)) + "."]
    if intent.one_day:
        day = intent.day
        parts += [targets_line(day, evidence.targets.get(day)), _meals(evidence, day)]
    return parts


def _runs(evidence: Evidence) -> list[str]:
    runs, intent = evidence.runs or [], evidence.intent
    days = (evidence.today - intent.first).days + 1
    if intent.last < evidence.today:  # a past day or span: no totals the tool did not state
        listed = "; ".join(map(run_line, runs))
        summary = f"Your runs: {listed}." if runs else f"No runs entered on {day_name(intent.day)}."
    else:
        summary = runs_line(days, runs)
    return [summary, "I only use runs you entered yourself, not ones imported from other apps."]


def _workouts(evidence: Evidence) -> list[str]:
    days = (evidence.today - evidence.intent.first).days + 1
    return [workouts_line(days, evidence.workouts or [])]


def _unknown(evidence: Evidence) -> list[str]:
    return ["I don't have that: nothing in your data or my guides answers it.", CAN_ANSWER]


def _session(evidence: Evidence, day: date) -> str:
    if evidence.anchor:
        return f"Your {_KIND_NAMES[evidence.anchor.kind]} is on {session_line(evidence.anchor)}."
    if evidence.intent.anchor:
        wanted = _KIND_NAMES[evidence.intent.anchor]
        return f"I don't see a {wanted} in your training plan for those days."
    sessions = evidence.sessions_on(day)
    if not sessions:
        return f"Your plan has no session on {day_name(day)}."
    return "Your plan: " + "; ".join(map(session_line, sessions)) + "."


def _carbohydrate(evidence: Evidence, day: date) -> str:
    targets = evidence.targets.get(day)
    if targets is None:
        return targets_line(day, None)
    why = f" ({targets.reason})" if targets.reason else ""
    return (
        f"That day's targets{why}: {num(targets.carbohydrate_g)} g carbohydrate and "
        f"{num(targets.kcal)} kcal."
    )


def _protein(evidence: Evidence, day: date) -> str:
    targets = evidence.targets.get(day)
    if targets is None:
        return targets_line(day, None)
    return (
        f"Your protein target for {day_name(day)} is {num(targets.protein_g)} g "
        f"(with {num(targets.carbohydrate_g)} g carbohydrate and {num(targets.kcal)} kcal)."
    )


def _meals(evidence: Evidence, day: date, *, protein: bool = False) -> str:
    slot = evidence.intent.slot
    meals = [m for m in evidence.meals.get(day, []) if not slot or m.slot.startswith(slot)]
    what = f"{slot} " if slot else ""
    if not meals:
        return f"Your meal plan has no {what}meals on {day_name(day)}."
    line: Callable[[PlannedMeal], str] = meal_line
    if protein:
        line = _protein_of
    elif slot:
        line = partial(meal_line, slot=False)
    return f"Planned {what}on {day_name(day)}: " + "; ".join(map(line, meals)) + "."


def _protein_of(meal: PlannedMeal) -> str:
    return f"{meal.slot}: {meal.recipe} ({num(meal.protein_g)} g protein)"


_COMPOSERS: dict[Topic, Callable[[Evidence], list[str]]] = {
    Topic.PRE_RUN: _pre_run,
    Topic.DURING_RUN: _during_run,
    Topic.RECOVERY: _recovery,
    Topic.HYDRATION: _hydration,
    Topic.PROTEIN: _protein_needs,
    Topic.ENERGY: _energy,
    Topic.MEALS: _meal_plan,
    Topic.PLAN: _plan,
    Topic.RUNS: _runs,
    Topic.WORKOUTS: _workouts,
    Topic.UNKNOWN: _unknown,
}
