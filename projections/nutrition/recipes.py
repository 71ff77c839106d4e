"""The recipes read model: the shipped catalog and the athletes' own recipes and analyses, each
with its per-serving nutrition, diet and allergens, and an embedding of its search text
(pgvector) by the configured embedder, so search can match by meaning. Embedding is a pure
function of the recipe, so a rebuild gives the same vectors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from pgvector import Vector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.events import (
    CatalogRecipePublished,
    RecipeAnalysed,
    RecipeAnalysisFailed,
    RecipeDeleted,
    RecipeSubmitted,
)
from contracts.nutrition.reads import RECIPES
from contracts.nutrition.search import recipe_passage
from infra.embeddings import Embedder, embedder
from infra.settings import Settings
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

UPSERT = text(
    "INSERT INTO recipes_view (recipe_id, owner_id, kind, status, name, text, meal_types, "
    "cuisine, diet, allergens, tags, servings, ingredients, kcal, protein_g, carbohydrate_g, "
    "fat_g, fibre_g, passage, embedding_model, embedding, version) VALUES (:recipe, :owner, "
    ":kind, :status, :name, :text, :meal_types, :cuisine, :diet, :allergens, :tags, :servings, "
    "CAST(:ingredients AS jsonb), :kcal, :protein, :carbohydrate, :fat, :fibre, :passage, "
    ":model, CAST(:embedding AS vector), :version) ON CONFLICT (recipe_id) DO UPDATE SET "
    "name = EXCLUDED.name, meal_types = EXCLUDED.meal_types, cuisine = EXCLUDED.cuisine, "
    "diet = EXCLUDED.diet, allergens = EXCLUDED.allergens, tags = EXCLUDED.tags, "
    "servings = EXCLUDED.servings, ingredients = EXCLUDED.ingredients, kcal = EXCLUDED.kcal, "
    "protein_g = EXCLUDED.protein_g, carbohydrate_g = EXCLUDED.carbohydrate_g, "
    "fat_g = EXCLUDED.fat_g, fibre_g = EXCLUDED.fibre_g, passage = EXCLUDED.passage, "
    "embedding_model = EXCLUDED.embedding_model, embedding = EXCLUDED.embedding, "
    "version = EXCLUDED.version"
)
SUBMITTED = text(
    "INSERT INTO recipes_view (recipe_id, owner_id, kind, status, name, text, meal_types, "
    "allergens, tags, servings, ingredients, version) VALUES (:recipe, :owner, :kind, "
    "'submitted', :name, :text, :meal_types, '{}', '{}', :servings, '[]', :version) "
    "ON CONFLICT (recipe_id) DO NOTHING"
)
ANALYSED = text(
    "UPDATE recipes_view SET status = 'analysed', analysis = CAST(:analysis AS jsonb), "
    "diet = :diet, allergens = :allergens, ingredients = CAST(:ingredients AS jsonb), "
    "kcal = :kcal, protein_g = :protein, carbohydrate_g = :carbohydrate, fat_g = :fat, "
    "fibre_g = :fibre, passage = :passage, embedding_model = :model, "
    "embedding = CAST(:embedding AS vector), version = :version WHERE recipe_id = :recipe"
)
FAILED = text(
    "UPDATE recipes_view SET status = 'failed', reason = :reason, version = :version "
    "WHERE recipe_id = :recipe"
)
DELETED = text("DELETE FROM recipes_view WHERE recipe_id = :recipe")


class RecipesProjection(Projection):
    name = RECIPES
    tables = ("recipes_view",)

    @cached_property
    def embedder(self) -> Embedder:
        return embedder(Settings())

    async def _embed(self, passages: list[str]) -> list[str]:
        if not passages:
            return []
        vectors = await asyncio.to_thread(self.embedder.embed_documents, passages)
        return [Vector(vector).to_text() for vector in vectors]

    @on(CatalogRecipePublished)
    async def published(
        self, sql: AsyncConnection, events: Sequence[Applied[CatalogRecipePublished]]
    ) -> None:
        recipes = [e.event.recipe for e in events]
        passages = [
            recipe_passage({
                "name": r.name, "meal_types": r.meal_types, "cuisine": r.cuisine,
                "diet": r.diet.value, "tags": r.tags,
                "ingredients": [i.name for i in r.ingredients],
                "kcal": r.per_serving.kcal, "protein": r.per_serving.protein_g,
            })
            for r in recipes
        ]  # fmt: skip
        vectors = await self._embed(passages)
        await sql.execute(UPSERT, [
            {"recipe": r.recipe_id, "owner": None, "kind": "catalog", "status": "published",
             "name": r.name, "text": None, "meal_types": r.meal_types, "cuisine": r.cuisine,
             "diet": r.diet.value, "allergens": r.allergens, "tags": r.tags, "servings": 1.0,
             "ingredients": _json([i.model_dump() for i in r.ingredients]),
             **_nutrients(r.per_serving.model_dump()), "passage": passage,
             "model": self.embedder.name, "embedding": vector, "version": e.version}
            for e, r, passage, vector in zip(events, recipes, passages, vectors, strict=True)
        ])  # fmt: skip

    @on(RecipeSubmitted)
    async def submitted(
        self, sql: AsyncConnection, events: Sequence[Applied[RecipeSubmitted]]
    ) -> None:
        await sql.execute(SUBMITTED, [
            {"recipe": str(e.event.recipe_id), "owner": e.event.athlete_id,
             "kind": "own" if e.event.saved else "analysis", "name": e.event.title,
             "text": e.event.text, "meal_types": e.event.meal_types,
             "servings": e.event.servings, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(RecipeAnalysed)
    async def analysed(
        self, sql: AsyncConnection, events: Sequence[Applied[RecipeAnalysed]]
    ) -> None:
        recipe_ids = [str(e.event.recipe_id) for e in events]
        found = await sql.execute(
            text("SELECT recipe_id, name, kind, meal_types FROM recipes_view "
                 "WHERE recipe_id = ANY(:ids)"),
            {"ids": recipe_ids},
        )  # fmt: skip
        rows = {row.recipe_id: row for row in found}
        saved = [e for e in events if rows[str(e.event.recipe_id)].kind == "own"]
        passages = [_own_passage(rows[str(e.event.recipe_id)], e.event) for e in saved]
        vectors = dict(zip([e.event.recipe_id for e in saved], await self._embed(passages),
                           strict=True))  # fmt: skip
        by_passage = dict(zip([e.event.recipe_id for e in saved], passages, strict=True))
        await sql.execute(ANALYSED, [
            {"recipe": str(e.event.recipe_id), "analysis": e.event.analysis.model_dump_json(),
             "diet": e.event.analysis.diet.value, "allergens": e.event.analysis.allergens,
             "ingredients": _json([
                 {"food_id": i.food_id, "name": i.food_name, "grams": i.grams}
                 for i in e.event.analysis.ingredients
             ]),
             **_nutrients(e.event.analysis.per_serving.model_dump()),
             "passage": by_passage.get(e.event.recipe_id),
             "model": self.embedder.name if e.event.recipe_id in vectors else None,
             "embedding": vectors.get(e.event.recipe_id), "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(RecipeAnalysisFailed)
    async def failed(
        self, sql: AsyncConnection, events: Sequence[Applied[RecipeAnalysisFailed]]
    ) -> None:
        await sql.execute(FAILED, [
            {"recipe": str(e.event.recipe_id), "reason": e.event.reason, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(RecipeDeleted)
    async def deleted(self, sql: AsyncConnection, events: Sequence[Applied[RecipeDeleted]]) -> None:
        await sql.execute(DELETED, [{"recipe": str(e.event.recipe_id)} for e in events])

    erase = erasing({"recipes_view": ("owner_id",)})


def _json(value: Any) -> str:
    return json.dumps(value)


def _nutrients(per_serving: dict[str, float]) -> dict[str, float]:
    return {"kcal": per_serving["kcal"], "protein": per_serving["protein_g"],
            "carbohydrate": per_serving["carbohydrate_g"], "fat": per_serving["fat_g"],
            "fibre": per_serving["fibre_g"]}  # fmt: skip


def _own_passage(row: Any, event: RecipeAnalysed) -> str:
    analysis = event.analysis
    return recipe_passage({
        "name": row.name, "meal_types": list(row.meal_types), "diet": analysis.diet.value,
        "ingredients": [i.food_name for i in analysis.ingredients],
        "kcal": analysis.per_serving.kcal, "protein": analysis.per_serving.protein_g,
    })  # fmt: skip
