"""Foods and recipes. A recipe is ingredients in grams per serving; its nutrition is always
computed from the food table, never typed in, and an unknown food is an error on load."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from contracts.nutrition.diets import ALLERGENS, Diet
from workers.nutrition.errors import NutritionInputError

# What each diet admits, by the food's most restrictive diet tag.
ADMITS = {
    Diet.OMNIVORE: {Diet.OMNIVORE, Diet.PESCATARIAN, Diet.VEGETARIAN, Diet.VEGAN},
    Diet.PESCATARIAN: {Diet.PESCATARIAN, Diet.VEGETARIAN, Diet.VEGAN},
    Diet.VEGETARIAN: {Diet.VEGETARIAN, Diet.VEGAN},
    Diet.VEGAN: {Diet.VEGAN},
}


AISLES = (
    "produce", "meat & fish", "dairy & eggs", "bakery", "grains & pasta", "canned & jars",
    "oils & condiments", "spices", "baking", "nuts & seeds", "frozen", "drinks", "other",
)  # fmt: skip
"""A shop's aisles, in the order a shopping list walks them."""


class CatalogError(ValueError):
    """The food table or the recipe catalog is inconsistent; the message says where. A fault of
    the shipped data, not of a request."""


class UnknownPreferenceError(NutritionInputError):
    """A preference names no allergen, food or cuisine Pacer knows; the message lists them."""


@dataclass(frozen=True)
class Nutrition:
    kcal: float = 0.0
    protein: float = 0.0
    carbohydrate: float = 0.0
    fat: float = 0.0
    fibre: float = 0.0

    def scaled(self, factor: float) -> Nutrition:
        return Nutrition(*(value * factor for value in self.values()))

    def __add__(self, other: Nutrition) -> Nutrition:
        return Nutrition(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[float, float, float, float, float]:
        return (self.kcal, self.protein, self.carbohydrate, self.fat, self.fibre)


@dataclass(frozen=True)
class Food:
    id: str
    name: str
    fdc_id: int | None
    per_100g: Nutrition
    diet: Diet
    """The most restrictive diet the food fits (vegan food fits every diet)."""
    allergens: frozenset[str] = frozenset()
    density_g_per_ml: float | None = None
    piece_g: float | None = None
    aliases: tuple[str, ...] = ()
    """Other names people write in recipes ("rolled oats", "aubergine")."""
    sizes: tuple[tuple[str, float], ...] = ()
    """USDA's grams for a named piece size, e.g. (("small", 38.0), ("large", 50.0))."""
    aisle: str = "other"
    """Where a shop keeps it: one of `AISLES`."""
    kinds: tuple[str, ...] = ()
    """What the food is a kind of: the head of its USDA description ("Pork, cured, bacon" is
    pork, "Cheese, feta" cheese, "Oil, olive" oil) and any kinds the table adds (ham is pork)."""
    made_from: tuple[str, ...] = ()
    """Foods it is visibly made from (hummus from chickpeas and tahini), as words: a dislike of
    those is a dislike of it. Extracts (olive oil) are not listed."""

    def size_g(self, size: str) -> float | None:
        return dict(self.sizes).get(size)


@dataclass(frozen=True)
class Recipe:
    id: str
    name: str
    slot: str
    """breakfast, lunch, dinner or snack: the recipe's main kind of meal."""
    cuisine: str
    ingredients: Mapping[str, float]
    """Food id → grams in one serving."""
    nutrition: Nutrition
    diet: Diet
    allergens: frozenset[str]
    foods: frozenset[str] = field(default_factory=frozenset)
    meal_types: frozenset[str] = field(default_factory=frozenset)
    """Every kind of meal the recipe may be planned for (its `slot` and any others)."""
    own: bool = False
    """A user's own recipe rather than one of the catalog's."""

    def serves(self, kind: str) -> bool:
        return kind == self.slot or kind in self.meal_types


def recipe_tags(foods: Iterable[Food]) -> tuple[Diet, frozenset[str]]:
    """The most restrictive diet every food fits, and all their allergens."""
    order = [Diet.OMNIVORE, Diet.PESCATARIAN, Diet.VEGETARIAN, Diet.VEGAN]
    used = list(foods)
    diet = min((food.diet for food in used), key=order.index, default=Diet.VEGAN)
    return diet, frozenset().union(*(food.allergens for food in used))


def build_recipe(
    foods: Mapping[str, Food],
    *,
    id: str,
    name: str,
    slot: str,
    cuisine: str,
    ingredients: Mapping[str, float],
    meal_types: Iterable[str] = (),
    own: bool = False,
) -> Recipe:
    unknown = sorted(set(ingredients) - set(foods))
    if unknown:
        raise CatalogError(f"recipe {id!r} uses unknown food(s): {', '.join(unknown)}")
    if any(grams <= 0 for grams in ingredients.values()):
        raise CatalogError(f"recipe {id!r} has an ingredient of zero or negative grams")
    total = Nutrition()
    for food_id, grams in ingredients.items():
        total = total + foods[food_id].per_100g.scaled(grams / 100)
    diet, allergens = recipe_tags(foods[f] for f in ingredients)
    return Recipe(
        id=id,
        name=name,
        slot=slot,
        cuisine=cuisine,
        ingredients=dict(ingredients),
        nutrition=total,
        diet=diet,
        allergens=allergens,
        foods=frozenset(ingredients),
        meal_types=frozenset({slot, *meal_types}),
        own=own,
    )


@dataclass(frozen=True)
class Catalog:
    foods: Mapping[str, Food]
    recipes: tuple[Recipe, ...]

    def for_slot(self, kind: str) -> list[Recipe]:
        """The recipes for a kind of meal (breakfast, lunch, dinner or snack)."""
        return [recipe for recipe in self.recipes if recipe.serves(kind)]

    def with_recipes(self, recipes: Iterable[Recipe]) -> Catalog:
        """This catalog and more recipes; an id the catalog already has is an error."""
        added = tuple(recipes)
        if not added:
            return self
        taken = {recipe.id for recipe in self.recipes}
        if clash := sorted(recipe.id for recipe in added if recipe.id in taken):
            raise CatalogError(f"recipe id(s) already in the catalog: {', '.join(clash)}")
        return Catalog(self.foods, self.recipes + added)


def load_foods(path: Path) -> dict[str, Food]:
    foods: dict[str, Food] = {}
    with path.open(newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                allergens = frozenset(filter(None, row["allergens"].split("|")))
                if not allergens <= ALLERGENS:
                    raise CatalogError(f"unknown allergen(s) {sorted(allergens - ALLERGENS)}")
                food = Food(
                    id=row["id"],
                    name=row["name"],
                    fdc_id=int(row["fdc_id"]) if row["fdc_id"] else None,
                    per_100g=Nutrition(*(float(row[k]) for k in
                                         ("kcal", "protein", "carbohydrate", "fat", "fibre"))),
                    diet=Diet(row["diet"]),
                    allergens=allergens,
                    density_g_per_ml=float(row["density"]) if row.get("density") else None,
                    piece_g=float(row["piece_g"]) if row.get("piece_g") else None,
                    aliases=tuple(filter(None, row.get("aliases", "").split("|"))),
                    sizes=_sizes(row.get("sizes", "")),
                    aisle=row.get("aisle") or "other",
                    kinds=_kinds(row),
                    made_from=tuple(filter(None, row.get("made_from", "").split("|"))),
                )  # fmt: skip
                if food.aisle not in AISLES:
                    raise CatalogError(f"unknown aisle {food.aisle!r}")
            except (KeyError, ValueError) as error:
                raise CatalogError(f"{path}:{line}: {error}") from None
            if food.id in foods:
                raise CatalogError(f"{path}:{line}: duplicate food id {food.id!r}")
            foods[food.id] = food
    _check_names_are_unique(path, foods.values())
    return foods


def _kinds(row: dict[str, str]) -> tuple[str, ...]:
    """ "Chickpeas (garbanzo beans), mature seeds" → chickpeas; plus the `kinds` column."""
    head = re.split(r"[,(]", row.get("usda_description", ""), maxsplit=1)[0].strip().lower()
    return tuple(filter(None, (head, *row.get("kinds", "").split("|"))))


def _sizes(text: str) -> tuple[tuple[str, float], ...]:
    """`small=38|large=50` → (("small", 38.0), ("large", 50.0))."""
    pairs = [item.partition("=") for item in text.split("|") if item]
    return tuple((name.strip(), float(grams)) for name, _, grams in pairs)


def _check_names_are_unique(path: Path, foods: Iterable[Food]) -> None:
    """A name or alias that points at two foods would make recipe text ambiguous."""
    owner: dict[str, str] = {}
    for food in foods:
        for name in {food.name.lower(), *(alias.lower() for alias in food.aliases)}:
            if owner.setdefault(name, food.id) != food.id:
                raise CatalogError(f"{path}: {name!r} names both {owner[name]!r} and {food.id!r}")


def load_recipes(path: Path, foods: Mapping[str, Food]) -> tuple[Recipe, ...]:
    document = json.loads(path.read_text())
    return tuple(build_recipe(foods, **entry) for entry in document["recipes"])


DATA = Path(__file__).resolve().parent / "data"


def default_catalog() -> Catalog:
    """The shipped USDA food table and recipe catalog."""
    foods = load_foods(DATA / "foods.csv")
    return Catalog(foods, load_recipes(DATA / "recipes.json", foods))
