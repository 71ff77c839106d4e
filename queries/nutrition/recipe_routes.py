"""Recipe queries over HTTP: search the catalog and your own recipes by meaning within hard
filters, recipes like one, one recipe, your own recipes, and your recipe analyses."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from contracts.nutrition.diets import Allergen, Diet
from contracts.nutrition.reads import RECIPES, RecipeHit, RecipePublic, RecipeSearch
from contracts.nutrition.search import MealType, ParsedSearch, parse_search
from infra.embeddings import Embedder, embedder
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.http import Connection, Consistent, NotFoundError
from queries.nutrition import recipe_views as views

router = APIRouter(prefix="/nutrition", tags=["nutrition"], dependencies=[Consistent(RECIPES)])
Limit = Annotated[int, Query(ge=1, le=50)]


def _embedder(request: Request) -> Embedder:
    return embedder(request.app.state.settings)


@router.get("/recipes/search", response_model=RecipeSearch)
async def search_recipes(
    principal: CurrentPrincipal, conn: Connection, request: Request,
    q: Annotated[str, Query(max_length=300, description="Free text: 'high-protein breakfast "
                            "without eggs', 'vegan dinner under 500 kcal'.")] = "",
    diet: Diet | None = None,
    exclude_allergens: Annotated[list[Allergen], Query(max_length=9)] = [],  # noqa: B006
    meal_type: MealType | None = None,
    max_kcal: Annotated[float | None, Query(ge=0, le=5000)] = None,
    min_protein_g: Annotated[float | None, Query(ge=0, le=300)] = None,
    limit: Limit = 10,
) -> RecipeSearch:  # fmt: skip
    """The catalog's recipes and your own, closest in meaning to `q` first. Filters written in
    `q` ("without eggs", "vegan", "under 500 kcal", "at least 20 g protein") and those given as
    parameters both apply; every hit passes all of them (`understood` shows what was read)."""
    read = parse_search(q)
    wanted = ParsedSearch(
        text=read.text,
        excluded_allergens=read.excluded_allergens | set(exclude_allergens),
        excluded_ingredients=read.excluded_ingredients,
        diet=diet or read.diet, meal_type=meal_type or read.meal_type,
        max_kcal=min((v for v in (max_kcal, read.max_kcal) if v is not None), default=None),
        min_protein_g=max(
            (v for v in (min_protein_g, read.min_protein_g) if v is not None), default=None
        ),
    )  # fmt: skip
    model = _embedder(request)
    vector = await asyncio.to_thread(model.embed_query, wanted.text or q or "a recipe")
    hits = await views.search(conn, principal.account_id, vector, model.name, wanted, limit=limit)
    understood = wanted.model_dump(mode="json", exclude_defaults=True)
    return RecipeSearch(query=q, understood=understood, hits=hits)


@router.get("/recipes/{recipe_id}/similar", response_model=list[RecipeHit],
            responses=problems(404))  # fmt: skip
async def similar_recipes(
    recipe_id: str, principal: CurrentPrincipal, conn: Connection, request: Request,
    diet: Diet | None = None,
    exclude_allergens: Annotated[list[Allergen], Query(max_length=9)] = [],  # noqa: B006
    limit: Limit = 10,
) -> list[RecipeHit]:  # fmt: skip
    """Recipes most like this one (the catalog's or yours), within the filters given."""
    stored = await views.stored_embedding(conn, principal.account_id, recipe_id)
    if stored is None:
        raise NotFoundError(f"recipe {recipe_id} not found")
    vector, model = stored
    wanted = ParsedSearch(diet=diet, excluded_allergens=frozenset(exclude_allergens))
    return await views.search(conn, principal.account_id, vector, model, wanted, limit=limit,
                              not_ids=(recipe_id,))  # fmt: skip


@router.get("/recipes", response_model=list[RecipePublic])
async def my_recipes(
    principal: CurrentPrincipal, conn: Connection, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[RecipePublic]:
    """Your saved recipes, with their analysis."""
    return await views.mine(conn, principal.account_id, "own", limit)


@router.get("/recipes/{recipe_id}", response_model=RecipePublic, responses=problems(404))
async def get_recipe(recipe_id: str, principal: CurrentPrincipal, conn: Connection) -> RecipePublic:
    """A catalog recipe, or one of yours (404 if it is someone else's)."""
    found = await views.recipe(conn, principal.account_id, recipe_id)
    if found is None or found.kind == "analysis":
        raise NotFoundError(f"recipe {recipe_id} not found")
    return found


@router.get("/recipe-analyses/{analysis_id}", response_model=RecipePublic, responses=problems(404))
async def get_recipe_analysis(
    analysis_id: UUID, principal: CurrentPrincipal, conn: Connection
) -> RecipePublic:
    """One of your recipe analyses: submitted, analysed (each ingredient's grams and nutrition,
    totals, per serving, lines that could not be read and why) or failed."""
    found = await views.recipe(conn, principal.account_id, str(analysis_id))
    if found is None or found.kind != "analysis":
        raise NotFoundError(f"recipe analysis {analysis_id} not found")
    return found
