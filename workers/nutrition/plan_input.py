"""What a worker asks a week plan for, from events: the week's targets, the slots, the diet and
allergens, free words for dislikes and likes, cuisines and the user's own recipes.

Allergens are a closed vocabulary (a misread allergy is dangerous, so an unknown one is
refused); dislikes, likes and cuisines are free words, and one that names nothing is listed in
the plan's `unrecognised` instead of failing the plan."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from workers.nutrition import preferences
from workers.nutrition.catalog import Catalog
from workers.nutrition.errors import Document, NutritionInputError, validated
from workers.nutrition.own_recipes import OwnRecipe
from workers.nutrition.planner import DAYS, Request
from workers.nutrition.slots import UnknownSlotError, kind_of, slots_for


class PlanInputError(NutritionInputError):
    """A plan request is malformed: a missing field, a value of the wrong kind, an unknown slot."""


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _none_is_empty(value: Any) -> Any:
    if isinstance(value, str):  # never read letter by letter
        raise ValueError(f"a list of words, e.g. [{value!r}], not a bare string")
    return [] if value is None else value


Words = Annotated[list[str], BeforeValidator(_none_is_empty)]


class MealPlanInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    targets: list[Targets] = Field(
        min_length=DAYS, max_length=DAYS, description="Monday..Sunday, or the plan's 7 dates."
    )
    slots: list[str] = Field(default_factory=lambda: slots_for(4), min_length=1)
    diet: Annotated[Diet, BeforeValidator(_lower)] = Diet.OMNIVORE
    allergens: Words = []
    dislikes: Words = []
    likes: Words = []
    cuisines: Words = []
    own_recipes: Annotated[list[OwnRecipe], BeforeValidator(_none_is_empty)] = []
    seed: int = 0

    @field_validator("slots")
    @classmethod
    def _known_slots(cls, slots: list[str]) -> list[str]:
        if len(set(slots)) != len(slots):
            raise ValueError(f"a slot is listed twice: {', '.join(slots)}")
        try:
            for slot in slots:
                kind_of(slot)
        except UnknownSlotError as error:
            raise ValueError(str(error)) from None
        return slots

    @classmethod
    def read(cls, document: Document | MealPlanInput) -> MealPlanInput:
        if isinstance(document, MealPlanInput):
            return document
        return validated(cls, document, PlanInputError)


def request_from(wanted: MealPlanInput, catalog: Catalog) -> Request:
    """The planner's request; raises `UnknownPreferenceError` for an unknown allergen only."""
    excluded, unknown_dislikes = preferences.resolve_foods(wanted.dislikes, catalog.foods)
    liked, unknown_likes = preferences.resolve_foods(wanted.likes, catalog.foods)
    cuisines, unknown_cuisines = preferences.resolve_cuisines(wanted.cuisines, catalog)
    return Request(
        targets=wanted.targets,
        slots=wanted.slots,
        diet=wanted.diet,
        allergens=preferences.allergens(wanted.allergens),
        excluded_foods=excluded,
        liked_foods=liked - excluded,
        cuisines=cuisines,
        seed=wanted.seed,
        own_recipes=tuple(wanted.own_recipes),
        unrecognised=unknown_dislikes + unknown_likes + unknown_cuisines,
    )
