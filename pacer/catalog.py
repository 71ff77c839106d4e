"""Publishing the shipped recipe catalog and the coach's knowledge base: each recipe the engine
ships and each guide goes through the command bus (`PublishCatalogRecipe`, `PublishCoachGuide`, as
Pacer's own actor), so what search and the coach retrieve from are read models built from events
like any other. Publishing again records only what changed."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.nutrition.coach import CoachGuide, PublishCoachGuide
from contracts.nutrition.recipes import CatalogRecipe, PublishCatalogRecipe
from workers.nutrition import service
from workers.nutrition.coach.guides import guides

PUBLISHER = Actor.system("catalog")


def shipped_recipes() -> list[CatalogRecipe]:
    return [
        CatalogRecipe.model_validate({
            "recipe_id": found["id"], "name": found["name"], "meal_types": found["slots"],
            "cuisine": found["cuisine"], "diet": found["diet"], "allergens": found["allergens"],
            "tags": found["tags"], "ingredients": found["ingredients"],
            "per_serving": {
                "kcal": found["per_serving"]["kcal"],
                "protein_g": found["per_serving"]["protein"],
                "carbohydrate_g": found["per_serving"]["carbohydrate"],
                "fat_g": found["per_serving"]["fat"], "fibre_g": found["per_serving"]["fibre"],
            },
        })
        for found in service.catalog_recipes()
    ]  # fmt: skip


def shipped_guides() -> list[CoachGuide]:
    return [
        CoachGuide(guide_id=guide.id, title=guide.title, text=guide.text,
                   topics=list(guide.topics), source=guide.source, urls=list(guide.urls))
        for guide in guides()
    ]  # fmt: skip


def _key(kind: str, name: str, content: BaseModel) -> str:
    digest = hashlib.sha256(json.dumps(content.model_dump(mode="json"), sort_keys=True).encode())
    return f"{kind}:{name}:{digest.hexdigest()[:16]}"


async def publish_catalog(bus: CommandBus) -> int:
    """Publish every shipped recipe and every guide of the coach's knowledge base; the number of
    recipes sent (a revision already published changes nothing)."""
    recipes = shipped_recipes()
    for recipe in recipes:
        key = _key("catalog", recipe.recipe_id, recipe)
        await bus.dispatch(PublishCatalogRecipe(recipe=recipe), PUBLISHER, key)
    for guide in shipped_guides():
        key = _key("guide", guide.guide_id, guide)
        await bus.dispatch(PublishCoachGuide(guide=guide), PUBLISHER, key)
    return len(recipes)
