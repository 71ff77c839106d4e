"""The offline coach answers a dozen kinds of question from one athlete's own data and the
guides: each reply says what the athlete's plan, targets and runs say for the day asked, never
another day's numbers or a Strava run's, and every number in it is one its sources state, with
the fixture guides and with the shipped knowledge base."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from infra.embeddings import HashingEmbedder
from tests.unit.nutrition.coach.athlete import PASSAGES, AthleteFacts, retriever
from workers.nutrition.coach import OFFLINE, Coach, InMemoryRetriever
from workers.nutrition.coach.evidence import gather
from workers.nutrition.coach.grounding import unsupported
from workers.nutrition.coach.offline import MAX_REPLY_CHARS
from workers.nutrition.coach.questions import understand
from workers.nutrition.coach.retrieval import guide_passages
from workers.nutrition.coach.tools import coach_tools

STRAVA = ("21.1", "118 min", "163")
"""The Strava run's distance, time and heart rate."""
EMBEDDER = HashingEmbedder()


@dataclass(frozen=True)
class Case:
    question: str
    says: tuple[str, ...]
    never: tuple[str, ...] = ()
    cites: str | None = None


CASES = [
    Case(
        "What should I eat before my long run on Sunday?",
        says=(
            "Sunday 15 June",
            "24 km",
            "440 g carbohydrate",
            "3100 kcal",
            "breakfast: Overnight oats with banana",
            "3 to 4 hours before a long run",
        ),
        never=("370", "2450", "Turkey chilli", "26 km"),
        cites="guide-before-long-run",
    ),
    Case(
        "What should I eat before my long run?",
        says=("Sunday 15 June", "24 km", "440 g carbohydrate", "Overnight oats with banana"),
        never=("22 June", "26 km", "2450 kcal"),
        cites="guide-before-long-run",
    ),
    Case(
        "How much protein should I eat?",
        says=("126 g", "68 kg", "1.2 to 2.0 g of protein per kg", "Salmon with potatoes (48 g"),
        never=("440", "Overnight oats"),
        cites="guide-protein",
    ),
    Case(
        "How did my running go this week?",
        says=("3 runs", "23.5 km", "10 km in 55 min", "5:30/km", "7.5 km"),
        never=("13 km", "Sunday 1 June"),
    ),
    Case(
        "What's for dinner tomorrow?",
        says=("Saturday 14 June", "Turkey chilli", "820 kcal"),
        never=("Lentil soup", "Salmon with potatoes", "Chicken risotto"),
    ),
    Case(
        "What should I eat after my interval session on Tuesday?",
        says=(
            "Tuesday 17 June",
            "6 x 800 m",
            "126 g",
            "Beef stir-fry with noodles",
            "20 to 40 g of protein",
        ),
        never=("440", "Sunday"),
        cites="guide-recovery",
    ),
    Case(
        "How many gels do I need during my long run?",
        says=("Sunday 15 June", "150 min", "30 to 60 g of carbohydrate per hour"),
        never=("26 km",),
        cites="guide-during-run",
    ),
    Case(
        "How much water should I drink on Sunday?",
        says=("Long run", "24 km", "400 to 800 ml of fluid per hour"),
        never=("Easy run",),
        cites="guide-hydration",
    ),
    Case(
        "What's on my plan this week?",
        says=("Saturday 14 June: Easy run, 8 km", "Sunday 15 June: Long run, 24 km"),
        never=("Tuesday", "6 x 800 m", "26 km"),
    ),
    Case(
        "What's my run on Tuesday?",
        says=("6 x 800 m", "12 km", "2800 kcal", "370 g", "Beef stir-fry with noodles"),
        never=("24 km", "440"),
    ),
    Case(
        "How many push-ups did I do this week?",
        says=("40 push up reps (counted from video)", "60 squat reps"),
        never=("35",),
    ),
    Case(
        "Should I cut calories to lose weight?",
        says=("goal maintain weight", "2450 kcal", "no more than 0.5 kg a week"),
        never=("3100",),
        cites="guide-energy",
    ),
    Case(
        "Give me a recipe idea for a vegetarian dinner",
        says=("Red lentil dal", "Pacer recipe catalog"),
        cites="recipe-red-lentil-dal",
    ),
    Case(
        "What's my VO2max?",
        says=("I don't have that", "training plan", "meal plan"),
        never=("126", "24 km"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.question for case in CASES])
async def test_the_offline_coach_answers_from_the_athletes_own_data(case: Case) -> None:
    reply = await Coach(AthleteFacts(), retriever()).answer(case.question, [])

    missing = [fact for fact in case.says if fact not in reply.text]
    present = [fact for fact in (*case.never, *STRAVA) if fact in reply.text]
    assert (missing, present) == ([], []), reply.text
    assert (reply.model, reply.grounded, reply.fallback) == (OFFLINE, True, False)
    assert len(reply.text) <= MAX_REPLY_CHARS
    if case.cites:
        assert case.cites in [source.id for source in reply.sources]


@pytest.mark.parametrize("shipped", [False, True], ids=["fixture guides", "shipped guides"])
@pytest.mark.parametrize("case", CASES, ids=[case.question for case in CASES])
async def test_every_number_the_offline_coach_says_is_stated_by_a_source(
    case: Case, shipped: bool
) -> None:
    facts = AthleteFacts()
    passages = guide_passages() if shipped else PASSAGES
    today = await facts.today()
    intent = understand(case.question, today)
    evidence = await gather(
        case.question, intent, today, coach_tools(facts), InMemoryRetriever(passages, EMBEDDER)
    )
    reply = await Coach(facts, InMemoryRetriever(passages, EMBEDDER)).answer(case.question, [])

    given: list[str] = [message.text for message in evidence.messages]
    given += [f"{p.title} {p.source} {p.text}" for p in evidence.passages]
    assert unsupported(reply.text, given) == [], reply.text
    if case.cites and case.cites.startswith("guide"):
        assert "From the guide" in reply.text
