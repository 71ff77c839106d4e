"""Recipes on the write side: an athlete's recipe (saved, or a one-off analysis) from submitted to
analysed, a shipped catalog recipe published once per revision, and the store of the recipes an
athlete's meal plans may use (their saved, analysed recipes, from the recipes read model)."""

from __future__ import annotations

from typing import Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

import asyncpg

from commands.aggregate import Aggregate, Owned
from commands.errors import ConflictError
from contracts.events import DomainEvent
from contracts.nutrition.coach import CoachGuide
from contracts.nutrition.events.coach import CoachGuidePublished
from contracts.nutrition.events.recipes import (
    CatalogRecipePublished,
    RecipeAnalysed,
    RecipeAnalysisFailed,
    RecipeDeleted,
    RecipeSubmitted,
)
from contracts.nutrition.plans import OwnRecipe
from contracts.nutrition.recipes import (
    AnalyseRecipe,
    CatalogRecipe,
    CompleteRecipeAnalysis,
    FailRecipeAnalysis,
    SaveRecipe,
)

MAX_OWN_RECIPES = 200


class Recipe(Owned):
    stream_type = "recipe"
    noun = "recipe"
    outcome: str | None = None

    @classmethod
    def submitted(cls, cmd: AnalyseRecipe | SaveRecipe) -> Recipe:
        recipe = cls(str(cmd.recipe_id))
        saved = cmd if isinstance(cmd, SaveRecipe) else None
        recipe.record(RecipeSubmitted(
            recipe_id=cmd.recipe_id, athlete_id=cmd.athlete_id, text=cmd.text,
            servings=cmd.servings, saved=saved is not None, title=saved and saved.name,
            meal_types=list(saved.meal_types) if saved else [],
        ))  # fmt: skip
        return recipe

    def analysed(self, cmd: CompleteRecipeAnalysis) -> None:
        if not self._settled("analysed"):
            self.record(RecipeAnalysed(recipe_id=cmd.recipe_id, athlete_id=self.athlete_id,
                                       analysis=cmd.analysis))  # fmt: skip

    def failed(self, cmd: FailRecipeAnalysis) -> None:
        if not self._settled("failed"):
            self.record(RecipeAnalysisFailed(recipe_id=cmd.recipe_id, athlete_id=self.athlete_id,
                                             reason=cmd.reason))  # fmt: skip

    def delete(self, athlete_id: UUID) -> None:
        self.check_owned_by(athlete_id)
        if not self.deleted:
            self.record(RecipeDeleted(recipe_id=UUID(self.id), athlete_id=athlete_id))

    def _settled(self, outcome: str) -> bool:
        if self.outcome is None or self.deleted:
            return self.deleted
        if self.outcome == outcome:
            return True
        raise ConflictError(f"recipe {self.id} was already {self.outcome}")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case RecipeSubmitted():
                self.athlete_id = event.athlete_id
            case RecipeAnalysed():
                self.outcome = "analysed"
            case RecipeAnalysisFailed():
                self.outcome = "failed"
            case RecipeDeleted():
                self.deleted = True


class CatalogEntry(Aggregate):
    """One shipped recipe in the catalog, by its catalog id."""

    stream_type = "catalog_recipe"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.recipe: CatalogRecipe | None = None

    def publish(self, recipe: CatalogRecipe) -> None:
        if recipe != self.recipe:
            self.record(CatalogRecipePublished(recipe=recipe))

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, CatalogRecipePublished):
            self.recipe = event.recipe


def catalog_stream(recipe_id: str) -> str:
    return str(uuid5(NAMESPACE_URL, f"pacer:catalog-recipe:{recipe_id}"))


class GuideEntry(Aggregate):
    """One passage of the coach's knowledge base, by its id."""

    stream_type = "coach_guide"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.guide: CoachGuide | None = None

    def publish(self, guide: CoachGuide) -> None:
        if guide != self.guide:
            self.record(CoachGuidePublished(guide=guide))

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, CoachGuidePublished):
            self.guide = event.guide


def guide_stream(guide_id: str) -> str:
    return str(uuid5(NAMESPACE_URL, f"pacer:coach-guide:{guide_id}"))


OWN_RECIPES = (
    "SELECT recipe_id, name, meal_types, servings, ingredients FROM recipes_view "
    "WHERE owner_id = $1 AND status = 'analysed' AND jsonb_array_length(ingredients) > 0 "
    "ORDER BY recipe_id LIMIT $2"
)


class OwnRecipes(Protocol):
    async def usable_by(self, athlete_id: UUID) -> list[OwnRecipe]: ...


class PostgresOwnRecipes:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def usable_by(self, athlete_id: UUID) -> list[OwnRecipe]:
        rows = await self.connection.fetch(OWN_RECIPES, athlete_id, MAX_OWN_RECIPES)
        return [OwnRecipe.model_validate({
            "recipe_id": row["recipe_id"], "name": row["name"], "slots": row["meal_types"],
            "servings": row["servings"], "ingredients": row["ingredients"],
        }) for row in rows]  # fmt: skip
