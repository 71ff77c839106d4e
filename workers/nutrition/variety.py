"""A day for each day of the week from each day's possible days, keeping the variety rules: a
recipe at most twice a week, never on consecutive days (and once a day, which each day keeps).

Depth first over the days, best day first, and after each choice every later day must still
have a day that fits (forward checking), which proves most impossible weeks in a few steps.
When every possible day was given, an exhausted search proves that no week exists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workers.nutrition.day_search import DayOption

MAX_PER_WEEK = 2
CHECKS = 500_000
"""Mixes compared with the week so far before the search gives up: a count, not a time, so
the answer does not depend on the machine."""


@dataclass(frozen=True)
class Assignment:
    week: list[DayOption] | None
    finished: bool
    """The search saw every possibility (so no week means none exists)."""


class _OutOfChecksError(Exception):
    pass


def assign_days(possible: Sequence[Sequence[DayOption]], checks: int = CHECKS) -> Assignment:
    """A week from `possible` (per day, its days best first) that keeps the variety rules."""
    mixes = [[frozenset(r.id for _, r, _ in option.meals) for option in day] for day in possible]
    on: dict[str, list[int]] = {}
    chosen: list[int] = []
    left = checks

    def fits(day: int, mix: frozenset[str]) -> bool:
        nonlocal left
        left -= 1
        if left < 0:
            raise _OutOfChecksError
        for recipe in mix:
            days = on.get(recipe, ())
            if len(days) >= MAX_PER_WEEK or day - 1 in days or day + 1 in days:
                return False
        return True

    def visit(day: int) -> bool:
        if day == len(mixes):
            return True
        for index, mix in enumerate(mixes[day]):
            if not fits(day, mix):
                continue
            for recipe in mix:
                on.setdefault(recipe, []).append(day)
            chosen.append(index)
            later = range(day + 1, len(mixes))
            if all(any(fits(e, m) for m in mixes[e]) for e in later) and visit(day + 1):
                return True
            chosen.pop()
            for recipe in mix:
                on[recipe].pop()
        return False

    try:
        found = visit(0)
    except _OutOfChecksError:
        return Assignment(None, finished=False)
    week = [possible[day][index] for day, index in enumerate(chosen)] if found else None
    return Assignment(week, finished=True)
