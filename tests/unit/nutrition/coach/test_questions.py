"""A question's topic and days: "tomorrow", a weekday (the next one, or the last one when the
question looks back), "this week", and the session it hangs on."""

from __future__ import annotations

from datetime import date

import pytest

from workers.nutrition.coach.questions import Topic, understand

FRIDAY = date(2025, 6, 13)


@pytest.mark.parametrize(
    ("question", "topic", "first", "last"),
    [
        ("What should I eat before my long run on Sunday?", Topic.PRE_RUN, 15, 15),
        ("What's for dinner tomorrow?", Topic.MEALS, 14, 14),
        ("How much protein should I eat?", Topic.PROTEIN, 13, 13),
        ("What should I eat on Friday?", Topic.MEALS, 13, 13),
        ("How was my run on Tuesday?", Topic.RUNS, 10, 10),
        ("How did my running go this week?", Topic.RUNS, 7, 13),
        ("What's on my plan this week?", Topic.PLAN, 13, 15),
        ("What's my run on Tuesday?", Topic.PLAN, 17, 17),
        ("Which sessions do I have next week?", Topic.PLAN, 16, 22),
        ("How many gels should I take during my long run?", Topic.DURING_RUN, 13, 13),
        ("Protein after my intervals tomorrow?", Topic.RECOVERY, 14, 14),
        ("How much water should I drink this weekend?", Topic.HYDRATION, 14, 15),
        ("Should I eat less to lose weight?", Topic.ENERGY, 13, 13),
        ("What's my VO2max?", Topic.UNKNOWN, 13, 13),
    ],
)
def test_a_question_is_read_for_its_topic_and_days(
    question: str, topic: Topic, first: int, last: int
) -> None:
    intent = understand(question, FRIDAY)

    assert (intent.topic, intent.first.day, intent.last.day) == (topic, first, last)


def test_the_session_a_question_hangs_on_and_the_meal_it_names_are_kept() -> None:
    long_run = understand("What should I eat before my long run?", FRIDAY)
    dinner = understand("Ideas for dinner after my interval session?", FRIDAY)

    assert (long_run.anchor, long_run.explicit) == ("long", False)
    assert (dinner.anchor, dinner.slot, dinner.recipe) == ("intervals", "dinner", True)
