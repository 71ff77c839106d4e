"""A recipe analysis as a JSON document: each weighed line, the lines left out with the reason,
totals and per serving, and what an own recipe needs to be saved from it (food ids and grams,
the diet and allergens its foods give it)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.nutrition.diets import Diet
from workers.nutrition.catalog import Catalog, recipe_tags
from workers.nutrition.documents import NutritionDocument, nutrition_document
from workers.nutrition.ingredients import RecipeAnalysis
from workers.nutrition.own_recipes import OwnIngredient


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LineDocument(_Strict):
    text: str
    food: str = Field(description="The food's id in the catalog.")
    food_name: str
    grams: float
    nutrition: NutritionDocument


class UnmatchedDocument(_Strict):
    text: str
    reason: str = Field(description="Why the line was not weighed: never a guess.")


class AnalysisDocument(_Strict):
    servings: float
    lines: list[LineDocument]
    unmatched: list[UnmatchedDocument]
    total: NutritionDocument
    per_serving: NutritionDocument
    ingredients: list[OwnIngredient] = Field(
        description="Grams of each food for the whole recipe (lines of one food added up), as an "
        "own recipe takes them."
    )
    diet: Diet = Field(description="The most restrictive diet every weighed food fits.")
    allergens: list[str] = Field(description="The allergens of the weighed foods.")


def analysis_document(analysis: RecipeAnalysis, catalog: Catalog) -> dict[str, Any]:
    """A recipe analysis as a JSON-able document (`AnalysisDocument`)."""
    grams: dict[str, float] = {}
    for line in analysis.lines:
        grams[line.food_id] = grams.get(line.food_id, 0.0) + line.grams
    diet, allergens = recipe_tags(catalog.foods[food_id] for food_id in grams)
    return AnalysisDocument(
        servings=analysis.servings,
        lines=[
            LineDocument(
                text=line.text,
                food=line.food_id,
                food_name=catalog.foods[line.food_id].name,
                grams=line.grams,
                nutrition=nutrition_document(line.nutrition),
            )
            for line in analysis.lines
        ],
        unmatched=[UnmatchedDocument(text=u.text, reason=u.reason) for u in analysis.unmatched],
        total=nutrition_document(analysis.total),
        per_serving=nutrition_document(analysis.per_serving),
        ingredients=[OwnIngredient(food_id=f, grams=round(g, 1)) for f, g in grams.items()],
        diet=diet,
        allergens=sorted(allergens),
    ).model_dump(mode="json")
