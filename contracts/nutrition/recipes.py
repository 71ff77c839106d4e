"""Recipes: the shipped catalog (published as events, so the searchable catalog is a read model
like any other), the athlete's own recipes (free text, analysed by the recipe worker into
ingredients and nutrition) and one-off recipe analyses."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.nutrition.diets import Allergen, Diet
from contracts.nutrition.plans import Nutrients
from contracts.personal import Personal
from contracts.types import PlainText, Quantity

MealType = Literal["breakfast", "lunch", "dinner", "snack"]
RecipeText = Annotated[str, PlainText(max_length=5000, multiline=True)]
Servings = Annotated[float, Quantity(gt=0, le=50)]


class AnalysisBody(BaseModel):
    """Body of `POST /nutrition/recipe-analyses`."""

    model_config = ConfigDict(extra="forbid")

    text: RecipeText = Field(description="Ingredient lines, one per line: '2 large eggs'.")
    servings: Servings = 1.0


class RecipeBody(AnalysisBody):
    """Body of `POST /nutrition/recipes`."""

    name: Annotated[str, PlainText(max_length=120)]
    meal_types: list[MealType] = Field(
        min_length=1, max_length=4, description="The meals your plans may use it for."
    )


class AnalyseRecipe(Command[CommandAccepted], AnalysisBody):
    """Weigh free-text ingredient lines and add up their nutrition (nothing is saved)."""

    recipe_id: UUID
    athlete_id: UUID


class SaveRecipe(Command[CommandAccepted], RecipeBody):
    """Save one of your recipes: analysed, then searchable by you and usable by your plans."""

    recipe_id: UUID
    athlete_id: UUID


class DeleteRecipe(Command[CommandAccepted]):
    recipe_id: UUID
    athlete_id: UUID


class AnalysedIngredient(BaseModel):
    line: Annotated[str, PlainText(max_length=500), Personal()]
    food_id: Annotated[str, PlainText(max_length=80)]
    food_name: Annotated[str, PlainText(max_length=160)]
    grams: Annotated[float, Quantity(gt=0, le=100_000)]
    nutrition: Nutrients


class UnreadLine(BaseModel):
    line: Annotated[str, PlainText(max_length=500), Personal()]
    reason: Annotated[str, PlainText(max_length=300)]


class RecipeAnalysis(BaseModel):
    ingredients: list[AnalysedIngredient] = Field(max_length=200)
    unread: list[UnreadLine] = Field(max_length=200)
    total: Nutrients
    per_serving: Nutrients
    diet: Diet = Field(description="The most restrictive diet every ingredient fits.")
    allergens: list[Allergen] = Field(max_length=9)


class CompleteRecipeAnalysis(Command[CommandAccepted]):
    recipe_id: UUID
    analysis: RecipeAnalysis


class FailRecipeAnalysis(Command[CommandAccepted]):
    recipe_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]


class CatalogIngredient(BaseModel):
    food_id: Annotated[str, PlainText(max_length=80)]
    name: Annotated[str, PlainText(max_length=160)]
    grams: Annotated[float, Quantity(gt=0, le=10_000)]


class CatalogRecipe(BaseModel):
    """A shipped recipe, per serving."""

    recipe_id: Annotated[str, PlainText(max_length=80)]
    name: Annotated[str, PlainText(max_length=160)]
    meal_types: list[Annotated[str, PlainText(max_length=20)]] = Field(min_length=1)
    cuisine: Annotated[str, PlainText(max_length=40)]
    diet: Diet
    allergens: list[Allergen] = Field(max_length=9)
    tags: list[Annotated[str, PlainText(max_length=40)]] = Field(
        default_factory=list, max_length=30
    )
    ingredients: list[CatalogIngredient] = Field(min_length=1)
    per_serving: Nutrients


class PublishCatalogRecipe(Command[CommandAccepted]):
    """Publish a shipped recipe (or its new revision) to the catalog; the same recipe again
    changes nothing. Sent by Pacer itself (`pacer nutrition publish-catalog`)."""

    recipe: CatalogRecipe
