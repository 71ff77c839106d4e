"""A user's own recipes, usable in their plans beside the catalog's.

An own recipe is written for the whole dish (`servings` portions, grams of each food id for all
of them), as the write side stores it; the planner takes one serving of it like any other
recipe. Its nutrition, diet and allergens come from the food table, as for every recipe."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workers.nutrition.catalog import Catalog, CatalogError, Recipe, build_recipe
from workers.nutrition.errors import NutritionInputError
from workers.nutrition.slots import UnknownSlotError, kind_of

OWN_CUISINE = "own"


class OwnRecipeError(NutritionInputError):
    """An own recipe names a food the table does not have, a slot Pacer does not plan, or an
    id the catalog already uses."""


class OwnIngredient(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    food_id: str
    grams: float = Field(gt=0, description="For the whole recipe (every serving).")


class OwnRecipe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recipe_id: str = Field(min_length=1)
    name: str
    slots: tuple[str, ...] = Field(min_length=1, description="breakfast, lunch, dinner, snack.")
    servings: float = Field(gt=0)
    ingredients: tuple[OwnIngredient, ...] = Field(min_length=1)

    @field_validator("slots")
    @classmethod
    def _known_slots(cls, slots: tuple[str, ...]) -> tuple[str, ...]:
        try:
            return tuple(dict.fromkeys(kind_of(slot) for slot in slots))
        except UnknownSlotError as error:
            raise ValueError(str(error)) from None


def own_recipe(catalog: Catalog, own: OwnRecipe) -> Recipe:
    """One serving of `own`, as a recipe of `catalog`'s foods."""
    per_serving: dict[str, float] = {}
    for item in own.ingredients:
        per_serving[item.food_id] = per_serving.get(item.food_id, 0) + item.grams / own.servings
    try:
        return build_recipe(
            catalog.foods,
            id=own.recipe_id,
            name=own.name,
            slot=own.slots[0],
            cuisine=OWN_CUISINE,
            ingredients=per_serving,
            meal_types=own.slots,
            own=True,
        )
    except CatalogError as error:
        raise OwnRecipeError(f"own recipe {own.recipe_id!r}: {error}") from None


def with_own_recipes(catalog: Catalog, recipes: Iterable[OwnRecipe]) -> Catalog:
    """`catalog` and the user's recipes; an id the catalog already uses is refused."""
    try:
        return catalog.with_recipes(own_recipe(catalog, own) for own in recipes)
    except CatalogError as error:
        raise OwnRecipeError(str(error)) from None
