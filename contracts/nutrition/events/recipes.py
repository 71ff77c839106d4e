"""Events of recipes: the catalog published, an athlete's recipe or analysis submitted, analysed
(or not), deleted."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent
from contracts.nutrition.recipes import CatalogRecipe, RecipeAnalysis
from contracts.personal import PersonalText


class CatalogRecipePublished(DomainEvent):
    """A shipped recipe, or a new revision of it."""

    recipe: CatalogRecipe


class RecipeSubmitted(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    recipe_id: UUID
    athlete_id: UUID
    text: PersonalText
    servings: float
    saved: bool = Field(description="A saved recipe (searchable, usable by plans), not a one-off.")
    title: PersonalText | None = Field(default=None, description="A saved recipe's name.")
    meal_types: list[str] = Field(default_factory=list)


class RecipeAnalysed(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    recipe_id: UUID
    athlete_id: UUID
    analysis: RecipeAnalysis


class RecipeAnalysisFailed(DomainEvent):
    recipe_id: UUID
    athlete_id: UUID
    reason: str


class RecipeDeleted(DomainEvent):
    recipe_id: UUID
    athlete_id: UUID
