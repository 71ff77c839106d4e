"""Targets for each kind of day, from a profile as recorded: the equations of
`contracts.nutrition.targets`, at the athlete's age on the day they are set, plus any energy
adjustment from an accepted adaptive estimate (which moves carbohydrate, the macro that takes
the rest of the energy)."""

from __future__ import annotations

from datetime import date

from commands.errors import RuleViolationError
from contracts.nutrition.events.profile import DayTargets, NutritionProfileSet
from contracts.nutrition.profile import MAX_AGE, MIN_AGE, age_on
from contracts.nutrition.targets import (
    DayKind,
    InfeasibleTargetError,
    Profile,
    Targets,
    daily_targets,
)

MIN_CARBOHYDRATE_G = 50.0


def age_of(profile: NutritionProfileSet, today: date) -> int:
    age = age_on(profile.birth_date, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise RuleViolationError(
            f"nutrition targets are for adults aged {MIN_AGE} to {MAX_AGE}; "
            f"the birth date makes you {age}"
        )
    return age


def targets_of(profile: NutritionProfileSet, age: int, adjustment_kcal: float = 0.0) -> DayTargets:
    """Targets of every kind of day; a profile that asks for something unsafe or impossible is a
    rule violation whose message says what to change."""
    equations = Profile(
        sex=profile.sex, age=age, height_cm=profile.height_cm, weight_kg=profile.weight_kg,
        activity=profile.activity, goal=profile.goal, rate_kg_per_week=profile.rate_kg_per_week,
        protein_g_per_kg=profile.protein_g_per_kg,
        allow_below_floor=profile.allow_large_deficit,
    )  # fmt: skip
    try:
        kinds = {kind: daily_targets(equations, kind) for kind in DayKind}
    except (InfeasibleTargetError, ValueError) as refused:
        raise RuleViolationError(str(refused)) from None
    adjusted = {kind: _adjusted(targets, adjustment_kcal) for kind, targets in kinds.items()}
    return DayTargets(**{kind.value: targets for kind, targets in adjusted.items()})


def _adjusted(targets: Targets, kcal: float) -> Targets:
    if not kcal:
        return targets
    carbohydrate = targets.carbohydrate_g + kcal / 4
    if carbohydrate < MIN_CARBOHYDRATE_G:
        raise RuleViolationError(
            f"the adjustment of {kcal:+.0f} kcal leaves {carbohydrate:.0f} g of carbohydrate"
        )
    return targets.model_copy(
        update={"kcal": round(targets.kcal + kcal, 1), "carbohydrate_g": round(carbohydrate, 1)}
    )
