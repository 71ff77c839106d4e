"""Publishing the shipped recipe catalog: each recipe the engine ships goes through the command
bus as `PublishCatalogRecipe` (Pacer's own actor), so the searchable catalog is a read model built
from events like any other. Publishing again records only recipes that changed."""

from __future__ import annotations

import hashlib
import json

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.nutrition.recipes import CatalogRecipe, PublishCatalogRecipe
from workers.nutrition import service

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


async def publish_catalog(bus: CommandBus) -> int:
    """Publish every shipped recipe; the number sent (a revision already published changes
    nothing)."""
    recipes = shipped_recipes()
    for recipe in recipes:
        content = json.dumps(recipe.model_dump(mode="json"), sort_keys=True).encode()
        key = f"catalog:{recipe.recipe_id}:{hashlib.sha256(content).hexdigest()[:16]}"
        await bus.dispatch(PublishCatalogRecipe(recipe=recipe), PUBLISHER, key)
    return len(recipes)
