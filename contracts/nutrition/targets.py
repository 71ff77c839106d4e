"""Daily energy and macro targets from a profile.

BMR by Mifflin-St Jeor (1990): 10·kg + 6.25·cm - 5·years + 5 (men) or - 161 (women). TDEE is BMR
times an activity factor. A weight goal changes energy by the rate asked for (7,700 kcal per kg of
body mass), never below a floor without an explicit override. Protein is set per kg of body
weight (and at least 15 % of energy), fat as a share of energy, carbohydrate takes the rest; days
with a long run or a hard session carry more carbohydrate."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

KCAL_PER_KG = 7700.0
KCAL_PER_G = {"protein": 4.0, "carbohydrate": 4.0, "fat": 9.0}
# Common clinical floors for unsupervised diets.
MIN_KCAL = {"male": 1500.0, "female": 1200.0}
MAX_WEEKLY_CHANGE_KG = 1.0
MIN_PROTEIN_SHARE = 0.15


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
        default=False, description="Explicit override of the minimum intake (supervised diets)."
    )

    @model_validator(mode="after")
    def _rate_matches_goal(self) -> Profile:
        if self.goal is Goal.MAINTAIN and self.rate_kg_per_week:
            raise ValueError("a maintain goal has no rate")
        if self.goal is not Goal.MAINTAIN and not self.rate_kg_per_week:
            raise ValueError(f"a {self.goal.value} goal needs rate_kg_per_week > 0")
        return self


class Targets(BaseModel):
    bmr_kcal: float
    tdee_kcal: float
    kcal: float
    protein_g: float
    carbohydrate_g: float
    fat_g: float
    floor_applied: bool = Field(description="True when the goal was limited by the floor.")


def bmr(profile: Profile) -> float:
    base = 10 * profile.weight_kg + 6.25 * profile.height_cm - 5 * profile.age
    return base + (5 if profile.sex is Sex.MALE else -161)


def daily_targets(profile: Profile, day: DayKind = DayKind.NORMAL) -> Targets:
    resting = bmr(profile)
    tdee = resting * ACTIVITY_FACTOR[profile.activity]
    change = profile.rate_kg_per_week * KCAL_PER_KG / 7
    wanted = {Goal.LOSE: tdee - change, Goal.MAINTAIN: tdee, Goal.GAIN: tdee + change}[profile.goal]
    floor = MIN_KCAL[profile.sex.value]
    floor_applied = wanted < floor and not profile.allow_below_floor
    kcal = max(wanted, floor) if not profile.allow_below_floor else wanted
    carb_boost = CARB_BOOST_G_PER_KG[day] * profile.weight_kg
    fat = profile.fat_share * kcal / KCAL_PER_G["fat"]
    kcal += carb_boost * KCAL_PER_G["carbohydrate"]
    # Never less than MIN_PROTEIN_SHARE of energy: on big days a low g/kg setting would otherwise
    # ask for a protein share that real meals cannot go below.
    protein = max(
        profile.protein_g_per_kg * profile.weight_kg,
        MIN_PROTEIN_SHARE * kcal / KCAL_PER_G["protein"],
    )
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
    )
