"""Adaptive energy: the athlete's real expenditure, estimated from the weight log and the planned
intake with a trend weight (an exponentially smoothed weight, so one salty dinner does not count
as a kilogram), over the last two to four weeks: expenditure = mean intake - trend change x 7,700
kcal per kg / days. Weigh-ins between missing days are interpolated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from contracts.nutrition.events.profile import EnergyEstimate
from contracts.nutrition.targets import KCAL_PER_KG

SMOOTHING = 0.1
MIN_DAYS, MAX_DAYS = 14, 28
MIN_WEIGH_INS = 6
PROPOSE_BEYOND_KCAL = 150.0
MAX_ADJUSTMENT_KCAL = 750.0
MIN_CONFIDENCE = 0.5


def trend(weights: list[float]) -> list[float]:
    smoothed = [weights[0]]
    for weight in weights[1:]:
        smoothed.append(smoothed[-1] + SMOOTHING * (weight - smoothed[-1]))
    return smoothed


def _daily(weights: Mapping[date, float], first: date, last: date) -> list[float]:
    """One weight a day from `first` to `last`, interpolated between weigh-ins (and carried
    after the last one)."""
    known = sorted((day, kg) for day, kg in weights.items() if first <= day <= last)
    daily: list[float] = []
    for index, (day, kg) in enumerate(known):
        following = known[index + 1] if index + 1 < len(known) else None
        gap = (following[0] - day).days if following else (last - day).days + 1
        for step in range(gap):
            share = step / gap if following else 0.0
            daily.append(kg + share * ((following[1] if following else kg) - kg))
    return daily


def estimate(
    weights: Mapping[date, float],
    intake: Mapping[date, float],
    formula_tdee_kcal: float,
    last_day: date,
) -> EnergyEstimate | None:
    """The estimate over up to four weeks to `last_day`, or None with under two weeks of weigh-ins
    or too few of them."""
    window = [day for day in weights if last_day - timedelta(days=MAX_DAYS - 1) <= day <= last_day]
    if len(window) < MIN_WEIGH_INS:
        return None
    first = min(window)
    days = (last_day - first).days + 1
    if days < MIN_DAYS:
        return None
    smoothed = trend(_daily(weights, first, last_day))
    eaten = [intake[first + timedelta(days=n)] for n in range(days)
             if first + timedelta(days=n) in intake]  # fmt: skip
    if len(eaten) < days // 2:
        return None
    mean_intake = sum(eaten) / len(eaten)
    change_kg = smoothed[-1] - smoothed[0]
    tdee = mean_intake - change_kg * KCAL_PER_KG / days
    confidence = min(1.0, len(window) / days) * min(1.0, days / MAX_DAYS) * len(eaten) / days
    return EnergyEstimate(
        first_day=first, last_day=last_day, trend_start_kg=round(smoothed[0], 2),
        trend_end_kg=round(smoothed[-1], 2), mean_intake_kcal=round(mean_intake, 1),
        estimated_tdee_kcal=round(tdee, 1), formula_tdee_kcal=round(formula_tdee_kcal, 1),
        confidence=round(confidence, 2),
    )  # fmt: skip


def proposed_adjustment(found: EnergyEstimate, current_kcal: float) -> float | None:
    """The energy adjustment to propose, or None when the estimate is too unsure or too close
    to the one in force (`current_kcal`)."""
    if found.confidence < MIN_CONFIDENCE:
        return None
    wanted = found.estimated_tdee_kcal - found.formula_tdee_kcal
    wanted = max(-MAX_ADJUSTMENT_KCAL, min(MAX_ADJUSTMENT_KCAL, round(wanted / 10) * 10))
    return wanted if abs(wanted - current_kcal) >= PROPOSE_BEYOND_KCAL else None
