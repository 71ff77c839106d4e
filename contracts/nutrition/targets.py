"""Daily energy and macro targets from a profile.

BMR by Mifflin-St Jeor (1990): 10·kg + 6.25·cm - 5·years + 5 (men) or - 161 (women). TDEE is BMR
times an activity factor. A weight goal changes energy by the rate asked for (7,700 kcal per kg of
body mass), never below a floor without an explicit override. Protein is set per kg of body
weight, at least 15 % and at most 35 % of energy, fat as a share of energy, carbohydrate takes the
rest; days with a long run or a hard session carry more carbohydrate.

Safety: weight loss is refused at a BMI under 18.5, or when the rate asked would reach it within
12 weeks, and a deficit over 40 % of the energy spent is refused, unless the profile carries the
explicit override (`allow_below_floor`, a supervised diet). Even then, intake never goes below
800 kcal and nobody with a BMI under 16 is planned a loss."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

KCAL_PER_KG = 7700.0
KCAL_PER_G = {"protein": 4.0, "carbohydrate": 4.0, "fat": 9.0}
# Common clinical floors for unsupervised diets.
MIN_KCAL = {"male": 1500.0, "female": 1200.0}
MAX_WEEKLY_CHANGE_KG = 1.0
MIN_PROTEIN_SHARE = 0.15
MAX_PROTEIN_SHARE = 0.35
HEALTHY_BMI = 18.5
SEVERE_THINNESS_BMI = 16.0
LOOKAHEAD_WEEKS = 12
MAX_DEFICIT_SHARE = 0.40
ABSOLUTE_MIN_KCAL = 800.0
"""A very-low-energy diet's floor: not planned below it, whatever the override."""


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Activity(StrEnum):
    SEDENTARY = "sedentary"
    LIGHT = "light"
    MODERATE = "moderate"
    ACTIVE = "active"
    VERY_ACTIVE = "very_active"


ACTIVITY_FACTOR = {
    Activity.SEDENTARY: 1.2,
    Activity.LIGHT: 1.375,
    Activity.MODERATE: 1.55,
    Activity.ACTIVE: 1.725,
    Activity.VERY_ACTIVE: 1.9,
}


class Goal(StrEnum):
    LOSE = "lose"
    MAINTAIN = "maintain"
    GAIN = "gain"


class DayKind(StrEnum):
    REST = "rest"
    NORMAL = "normal"
    LONG_RUN = "long_run"
    HARD_SESSION = "hard_session"


# Extra carbohydrate on training days, in g per kg of body weight.
CARB_BOOST_G_PER_KG = {
    DayKind.REST: 0.0,
    DayKind.NORMAL: 0.0,
    DayKind.HARD_SESSION: 1.0,
    DayKind.LONG_RUN: 2.0,
}


class InfeasibleTargetError(ValueError):
    """The profile asks for something unsafe or impossible; the message says what."""


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sex: Sex
    age: int = Field(ge=18, le=100, description="Years; the equations hold for adults.")
    height_cm: float = Field(ge=120, le=230)
    weight_kg: float = Field(ge=35, le=250)
    activity: Activity = Activity.MODERATE
    goal: Goal = Goal.MAINTAIN
    rate_kg_per_week: float = Field(
        default=0.0, ge=0, le=MAX_WEEKLY_CHANGE_KG, description="For lose or gain goals."
    )
    protein_g_per_kg: float = Field(default=1.6, ge=0.8, le=2.5)
    fat_share: float = Field(default=0.28, ge=0.2, le=0.4, description="Share of energy.")
    allow_below_floor: bool = Field(
        default=False,
        description="Explicit override for a supervised diet: intake below the floor, a deficit "
        "over 40 % of the energy spent, weight loss at or towards a BMI under 18.5.",
    )

    @model_validator(mode="after")
    def _rate_matches_goal(self) -> Profile:
        if self.goal is Goal.MAINTAIN and self.rate_kg_per_week:
            raise ValueError("a maintain goal has no rate")
        if self.goal is not Goal.MAINTAIN and not self.rate_kg_per_week:
            raise ValueError(f"a {self.goal.value} goal needs rate_kg_per_week > 0")
        return self


class Targets(BaseModel):
    """A day's targets; every amount finite and within what a person eats (a worker's report
    carrying them is bounded like any command)."""

    bmr_kcal: float = Field(ge=0, le=20_000, allow_inf_nan=False)
    tdee_kcal: float = Field(ge=0, le=20_000, allow_inf_nan=False)
    kcal: float = Field(ge=0, le=20_000, allow_inf_nan=False)
    protein_g: float = Field(ge=0, le=2_000, allow_inf_nan=False)
    carbohydrate_g: float = Field(ge=0, le=5_000, allow_inf_nan=False)
    fat_g: float = Field(ge=0, le=2_000, allow_inf_nan=False)
    floor_applied: bool = Field(description="True when the goal was limited by the floor.")
    protein_capped: bool = Field(
        default=False,
        description="True when protein per kg would pass 35 % of energy and was held there.",
    )


def bmr(profile: Profile) -> float:
    base = 10 * profile.weight_kg + 6.25 * profile.height_cm - 5 * profile.age
    return base + (5 if profile.sex is Sex.MALE else -161)


def bmi(profile: Profile) -> float:
    return profile.weight_kg / (profile.height_cm / 100) ** 2


def check_safe_loss(profile: Profile, tdee: float) -> None:
    """Refuse a weight loss that is unsafe without supervision (see the module's docstring)."""
    if profile.goal != Goal.LOSE:
        return
    now = bmi(profile)
    later = (profile.weight_kg - profile.rate_kg_per_week * LOOKAHEAD_WEEKS) / (
        profile.height_cm / 100
    ) ** 2
    if now < SEVERE_THINNESS_BMI:
        raise InfeasibleTargetError(
            f"a BMI of {now:.1f} is far below the healthy range (18.5-25): Pacer plans no weight "
            "loss; choose maintain or gain, and please see a doctor"
        )
    if profile.allow_below_floor:
        return
    if now < HEALTHY_BMI:
        raise InfeasibleTargetError(
            f"a BMI of {now:.1f} is below the healthy range (18.5-25): Pacer plans no weight loss "
            "without supervision; choose maintain or gain"
        )
    if later < HEALTHY_BMI:
        floor_kg = HEALTHY_BMI * (profile.height_cm / 100) ** 2
        raise InfeasibleTargetError(
            f"losing {profile.rate_kg_per_week:g} kg a week would take a BMI of {now:.1f} under "
            f"18.5 within {LOOKAHEAD_WEEKS} weeks (below {floor_kg:.0f} kg); choose a smaller "
            "rate or maintain"
        )
    deficit = profile.rate_kg_per_week * KCAL_PER_KG / 7
    if deficit > MAX_DEFICIT_SHARE * tdee:
        safest = MAX_DEFICIT_SHARE * tdee * 7 / KCAL_PER_KG
        raise InfeasibleTargetError(
            f"losing {profile.rate_kg_per_week:g} kg a week needs a deficit of {deficit:.0f} "
            f"kcal a day, {deficit / tdee:.0%} of the {tdee:.0f} kcal you spend; without "
            f"supervision Pacer plans at most {MAX_DEFICIT_SHARE:.0%}: choose at most "
            f"{int(safest * 20) / 20:g} kg a week"
        )


def daily_targets(profile: Profile, day: DayKind = DayKind.NORMAL) -> Targets:
    """Raises `InfeasibleTargetError` for an unsafe loss or macros that leave no carbohydrate."""
    resting = bmr(profile)
    tdee = resting * ACTIVITY_FACTOR[profile.activity]
    check_safe_loss(profile, tdee)
    change = profile.rate_kg_per_week * KCAL_PER_KG / 7
    wanted = {Goal.LOSE: tdee - change, Goal.MAINTAIN: tdee, Goal.GAIN: tdee + change}[profile.goal]
    floor = ABSOLUTE_MIN_KCAL if profile.allow_below_floor else MIN_KCAL[profile.sex.value]
    floor_applied = wanted < floor
    kcal = max(wanted, floor)
    carb_boost = CARB_BOOST_G_PER_KG[day] * profile.weight_kg
    fat = profile.fat_share * kcal / KCAL_PER_G["fat"]
    kcal += carb_boost * KCAL_PER_G["carbohydrate"]
    # Between MIN_ and MAX_PROTEIN_SHARE of energy: on big days a low g/kg setting would ask for
    # less protein than real meals have, and on small days a high one for more than they can.
    per_kg = profile.protein_g_per_kg * profile.weight_kg
    most = MAX_PROTEIN_SHARE * kcal / KCAL_PER_G["protein"]
    protein = min(max(per_kg, MIN_PROTEIN_SHARE * kcal / KCAL_PER_G["protein"]), most)
    carbohydrate = (kcal - protein * 4 - fat * 9) / 4
    if carbohydrate < 50:
        raise InfeasibleTargetError(
            f"protein ({protein:.0f} g) and fat ({fat:.0f} g) leave {carbohydrate:.0f} g of "
            "carbohydrate; lower protein_g_per_kg or fat_share, or raise the energy target"
        )
    return Targets(
        bmr_kcal=round(resting, 1),
        tdee_kcal=round(tdee, 1),
        kcal=round(kcal, 1),
        protein_g=round(protein, 1),
        carbohydrate_g=round(carbohydrate, 1),
        fat_g=round(fat, 1),
        floor_applied=floor_applied,
        protein_capped=per_kg > most,
    )
