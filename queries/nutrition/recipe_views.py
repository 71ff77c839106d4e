"""Recipe views: one recipe, your own, and search — by meaning (the query's embedding against
each recipe's, pgvector's cosine distance) within hard filters (diet, allergens, ingredients,
meal type, energy and protein per serving) that every hit passes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pgvector import Vector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.diets import ADMITTED
from contracts.nutrition.reads import RecipeHit, RecipePublic
from contracts.nutrition.search import ParsedSearch

COLUMNS = (
    "recipe_id, kind, status, name, meal_types, cuisine, diet, allergens, servings, kcal, "
    "protein_g, carbohydrate_g, fat_g, fibre_g, ingredients, analysis, reason, version"
)
VISIBLE = "(kind = 'catalog' OR owner_id = :athlete)"
RECIPE = text(f"SELECT {COLUMNS} FROM recipes_view WHERE recipe_id = :recipe AND {VISIBLE}")  # noqa: S608
MINE = text(
    f"SELECT {COLUMNS} FROM recipes_view WHERE owner_id = :athlete AND kind = :kind "  # noqa: S608
    "ORDER BY name, recipe_id LIMIT :limit"
)
EMBEDDING = text(
    f"SELECT embedding, embedding_model FROM recipes_view WHERE recipe_id = :recipe AND {VISIBLE}"  # noqa: S608
)
FILTERS = (
    f"{VISIBLE} AND kind IN ('catalog', 'own') AND status IN ('published', 'analysed') "  # noqa: S608
    "AND embedding_model = :model AND diet = ANY(CAST(:diets AS text[])) "
    "AND NOT (allergens && CAST(:allergens AS text[])) "
    "AND (CAST(:meal_type AS text) IS NULL OR :meal_type = ANY(meal_types)) "
    "AND (CAST(:max_kcal AS float8) IS NULL OR kcal <= :max_kcal) "
    "AND (CAST(:min_protein AS float8) IS NULL OR protein_g >= :min_protein) "
    "AND recipe_id <> ALL(CAST(:not_ids AS text[])) AND NOT EXISTS (SELECT 1 FROM "
    "jsonb_array_elements(ingredients) AS i WHERE i->>'name' ILIKE ANY(CAST(:words AS text[])) "
    "OR i->>'food_id' ILIKE ANY(CAST(:words AS text[])))"
)
SEARCH = text(
    "SELECT recipe_id, name, kind, meal_types, cuisine, diet, allergens, kcal, protein_g, "  # noqa: S608
    "1 - (embedding <=> CAST(:query AS vector)) AS score FROM recipes_view "
    f"WHERE {FILTERS} ORDER BY embedding <=> CAST(:query AS vector), recipe_id LIMIT :limit"
)


async def recipe(conn: AsyncConnection, athlete: UUID, recipe_id: str) -> RecipePublic | None:
    row = (await conn.execute(RECIPE, {"recipe": recipe_id, "athlete": athlete})).first()
    return RecipePublic(**row._mapping) if row else None


async def mine(conn: AsyncConnection, athlete: UUID, kind: str, limit: int) -> list[RecipePublic]:
    rows = await conn.execute(MINE, {"athlete": athlete, "kind": kind, "limit": limit})
    return [RecipePublic(**row._mapping) for row in rows]


async def stored_embedding(
    conn: AsyncConnection, athlete: UUID, recipe_id: str
) -> tuple[list[float], str] | None:
    row = (await conn.execute(EMBEDDING, {"recipe": recipe_id, "athlete": athlete})).first()
    if row is None or row.embedding is None:
        return None
    vector = row.embedding if isinstance(row.embedding, Vector) else Vector.from_text(row.embedding)
    return [float(value) for value in vector.to_list()], row.embedding_model


async def search(
    conn: AsyncConnection,
    athlete: UUID,
    query: list[float],
    model: str,
    wanted: ParsedSearch,
    *,
    limit: int,
    not_ids: tuple[str, ...] = (),
) -> list[RecipeHit]:
    diets = sorted(ADMITTED[wanted.diet] if wanted.diet else {d for ds in ADMITTED.values()
                                                              for d in ds})  # fmt: skip
    values: dict[str, Any] = {
        "athlete": athlete, "model": model, "query": Vector(query).to_text(),
        "diets": [diet.value for diet in diets], "allergens": sorted(wanted.excluded_allergens),
        "meal_type": wanted.meal_type, "max_kcal": wanted.max_kcal,
        "min_protein": wanted.min_protein_g, "not_ids": list(not_ids),
        "words": [f"%{word}%" for word in sorted(wanted.excluded_ingredients)],
        "limit": limit,
    }  # fmt: skip
    rows = await conn.execute(SEARCH, values)
    return [RecipeHit(**{**row._mapping, "score": max(0.0, min(1.0, row.score))}) for row in rows]
