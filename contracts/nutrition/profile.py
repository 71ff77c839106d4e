"""The nutrition profile: who eats (sex, birth date, height, weight, activity), what for (a goal
and its rate) and how (diet, allergies, dislikes and likes, cuisines, meals a day), and the
commands that set it and log weight. Targets are computed from it on the write side and recorded
(`NutritionTargetsSet`), so their history is auditable."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal, Self, get_args
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.commands import Command, CommandAccepted
from contracts.nutrition.diets import Allergen, Diet
from contracts.nutrition.targets import MAX_WEEKLY_CHANGE_KG, Activity, Goal, Sex
from contracts.types import BirthDay, Count, Day, PlainText, Quantity, Version

MIN_AGE, MAX_AGE = 18, 100
MAX_WORDS = 30
Cuisine = Literal[
    "american", "east_asian", "indian", "italian", "mediterranean", "mexican", "middle_eastern",
    "nordic", "turkish",
]  # fmt: skip
CUISINES: Final = frozenset(get_args(Cuisine))


def _lower_words(value: Any) -> Any:
    """Vocabulary words as people write them: "Vegan", "East Asian", "middle-eastern"."""
    if isinstance(value, str):
        return "_".join(value.strip().lower().replace("-", " ").split())
    return value


FoodWord = Annotated[str, PlainText(max_length=60)]
Words = Annotated[list[FoodWord], Field(max_length=MAX_WORDS)]


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class NutritionProfileBody(BaseModel):
    """Body of `PUT /nutrition/profile`."""

    model_config = ConfigDict(extra="forbid")

    sex: Sex = Field(description="For the energy equation (Mifflin-St Jeor).")
    birth_date: BirthDay = Field(description=f"Adults only: {MIN_AGE} to {MAX_AGE} years old.")
    height_cm: Annotated[float, Quantity(ge=120, le=230)]
    weight_kg: Annotated[float, Quantity(ge=35, le=250)]
    activity: Activity = Activity.MODERATE
    goal: Goal = Goal.MAINTAIN
    rate_kg_per_week: Annotated[float, Quantity(ge=0, le=MAX_WEEKLY_CHANGE_KG)] = Field(
        default=0.0, description="How fast to lose or gain (0 when maintaining)."
    )
    diet: Annotated[Diet, BeforeValidator(_lower_words)] = Diet.OMNIVORE
    allergies: Annotated[
        list[Annotated[Allergen, BeforeValidator(_lower_words)]], Field(max_length=9)
    ] = Field(default_factory=list, description="Never served, whatever the recipe.")
    dislikes: Words = Field(
        default_factory=list,
        description="Foods to leave out, in everyday words ('pork', 'blue cheese', 'olives'); "
        "a word the planner does not know is listed with the plan, not refused.",
    )
    likes: Words = Field(default_factory=list, description="Foods to favour.")
    cuisines: Annotated[
        list[Annotated[Cuisine, BeforeValidator(_lower_words)]], Field(max_length=9)
    ] = Field(default_factory=list, description="Favour these cuisines (none: any).")
    meal_slots: Annotated[int, Count(ge=2, le=6)] = Field(
        default=4, description="Meals a day: 2 lunch and dinner, 3 adds breakfast, 4+ snacks."
    )
    protein_g_per_kg: Annotated[float, Quantity(ge=0.8, le=2.5)] = 1.6
    allow_large_deficit: bool = Field(
        default=False,
        description="Explicitly accept intake below the usual minimum (1,200 kcal for women, "
        "1,500 for men): only under supervision. Recorded with the profile.",
    )
    expected_version: Version | None = Field(
        default=None, description="The profile's version this change is based on (409 if not)."
    )

    @model_validator(mode="after")
    def _rate_matches_goal(self) -> Self:
        if self.goal is Goal.MAINTAIN and self.rate_kg_per_week:
            raise PydanticCustomError("nutrition_rate", "a maintain goal has no rate")
        if self.goal is not Goal.MAINTAIN and not self.rate_kg_per_week:
            raise PydanticCustomError(
                "nutrition_rate", "a lose or gain goal needs rate_kg_per_week above 0"
            )
        return self


class SetNutritionProfile(Command[CommandAccepted], NutritionProfileBody):
    """Set or change the athlete's nutrition profile; targets are computed and recorded too."""

    athlete_id: UUID


class WeightEntry(BaseModel):
    """Body of `POST /nutrition/weights`."""

    model_config = ConfigDict(extra="forbid")

    day: Day = Field(description="The day weighed; a second entry for a day replaces it.")
    weight_kg: Annotated[float, Quantity(ge=30, le=300)]


class LogWeight(Command[CommandAccepted], WeightEntry):
    athlete_id: UUID


class TargetUpdateDecision(BaseModel):
    """Body of `POST /nutrition/target-proposals/{proposal_id}/accept`."""

    model_config = ConfigDict(extra="forbid")

    expected_version: Version


class AcceptTargetUpdate(Command[CommandAccepted], TargetUpdateDecision):
    """Take the adaptive estimate's proposed energy target."""

    athlete_id: UUID
    proposal_id: UUID
