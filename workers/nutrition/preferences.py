"""What people write as preferences, turned into what the planner filters on.

Allergens accept everyday words ("milk", "tree nuts", "wheat"); foods to avoid or favour are
words that pick every food they name ("salmon" is farmed, wild and sockeye salmon, raw and
cooked); cuisines ignore case. Anything that names nothing is refused with the accepted values,
because a silently ignored allergy is the worst outcome a meal planner can have."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from workers.nutrition.catalog import ALLERGENS, Catalog, Food
from workers.nutrition.matching import normalise

ALLERGEN_WORDS = {
    "milk": "dairy", "lactose": "dairy", "cheese": "dairy", "eggs": "egg", "wheat": "gluten",
    "tree nut": "nuts", "tree nuts": "nuts", "nut": "nuts", "peanut": "peanuts",
    "soya": "soy", "sesame seeds": "sesame", "crustaceans": "shellfish", "crustacean": "shellfish",
    "molluscs": "shellfish", "mollusks": "shellfish",
}  # fmt: skip


class UnknownPreferenceError(ValueError):
    """A preference names no allergen, food or cuisine Pacer knows; the message lists them."""


def allergens(names: Iterable[str]) -> frozenset[str]:
    found = set()
    for name in names:
        word = " ".join(name.lower().split())
        allergen = word if word in ALLERGENS else ALLERGEN_WORDS.get(word)
        if allergen is None:
            raise UnknownPreferenceError(
                f"unknown allergen {name!r}; use one of {', '.join(sorted(ALLERGENS))}"
            )
        found.add(allergen)
    return frozenset(found)


def foods(terms: Iterable[str], table: Mapping[str, Food]) -> frozenset[str]:
    """Every food id each term names, by its id, name or an alias, as whole words."""
    names = {
        food.id: [f" {normalise(name)} " for name in (food.id, food.name, *food.aliases)]
        for food in table.values()
    }
    found: set[str] = set()
    for term in terms:
        wanted = f" {normalise(term)} "
        ids = {food_id for food_id, spelled in names.items() if any(wanted in s for s in spelled)}
        if not ids:
            raise UnknownPreferenceError(f"no food in the table is called {term!r}")
        found |= ids
    return frozenset(found)


def cuisines(names: Iterable[str], catalog: Catalog) -> frozenset[str]:
    known = {recipe.cuisine for recipe in catalog.recipes}
    found = set()
    for name in names:
        cuisine = "_".join(name.lower().replace("-", " ").split())
        if cuisine not in known:
            raise UnknownPreferenceError(
                f"unknown cuisine {name!r}; use one of {', '.join(sorted(known))}"
            )
        found.add(cuisine)
    return frozenset(found)
