"""What people write as preferences, turned into what the planner filters on.

Allergens accept everyday words ("milk", "tree nuts", "coeliac", "prawns"). A food word picks
every food it is the head noun of, and every food whose id starts with it: "salmon" is farmed,
wild and sockeye salmon, raw and cooked; "chicken" is every cut; "milk" is whole, skim and
coconut milk but not almond milk (almond is a food of its own); "butter" is not peanut butter.
Group words pick by tag: "nuts", "seafood", "meat", "dairy". Cuisines ignore case. Anything that
names nothing is refused with the accepted values, because a silently ignored allergy is the
worst outcome a meal planner can have."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from contracts.nutrition.diets import ALLERGENS, Diet
from workers.nutrition.catalog import Catalog, Food, UnknownPreferenceError
from workers.nutrition.matching import normalise

__all__ = ["UnknownPreferenceError", "allergens", "cuisines", "foods"]

ALLERGEN_WORDS: dict[str, tuple[str, ...]] = {
    "milk": ("dairy",), "lactose": ("dairy",), "cheese": ("dairy",), "whey": ("dairy",),
    "casein": ("dairy",), "eggs": ("egg",), "wheat": ("gluten",), "barley": ("gluten",),
    "rye": ("gluten",), "coeliac": ("gluten",), "celiac": ("gluten",),
    "tree nut": ("nuts",), "tree nuts": ("nuts",), "tree-nuts": ("nuts",), "nut": ("nuts",),
    "almonds": ("nuts",), "walnuts": ("nuts",), "cashews": ("nuts",), "hazelnuts": ("nuts",),
    "pecans": ("nuts",), "pistachios": ("nuts",), "macadamias": ("nuts",), "peanut": ("peanuts",),
    "soya": ("soy",), "soybeans": ("soy",), "soybean": ("soy",), "sesame seeds": ("sesame",),
    "sesame seed": ("sesame",), "crustaceans": ("shellfish",), "crustacean": ("shellfish",),
    "molluscs": ("shellfish",), "mollusc": ("shellfish",), "mollusks": ("shellfish",),
    "mollusk": ("shellfish",), "shrimp": ("shellfish",), "prawns": ("shellfish",),
    "crab": ("shellfish",), "lobster": ("shellfish",), "seafood": ("fish", "shellfish"),
}  # fmt: skip

GROUPS: dict[str, Callable[[Food], bool]] = {
    "nut": lambda food: "nuts" in food.allergens,
    "tree nut": lambda food: "nuts" in food.allergens,
    "fish": lambda food: "fish" in food.allergens,
    "shellfish": lambda food: "shellfish" in food.allergens,
    "seafood": lambda food: bool({"fish", "shellfish"} & food.allergens),
    "dairy": lambda food: "dairy" in food.allergens,
    "meat": lambda food: food.diet is Diet.OMNIVORE,
}
"""Words that name a group of foods rather than a food, by their tags."""


def allergens(names: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for name in names:
        word = " ".join(name.lower().split())
        tags = (word,) if word in ALLERGENS else ALLERGEN_WORDS.get(word)
        if tags is None:
            raise UnknownPreferenceError(
                f"unknown allergen {name!r}; use one of {', '.join(sorted(ALLERGENS))}"
            )
        found.update(tags)
    return frozenset(found)


Unrecognised = tuple[tuple[str, str], ...]
"""(word, reason) for each word that named nothing."""


def foods(terms: Iterable[str], table: Mapping[str, Food]) -> frozenset[str]:
    """Every food id each term names (see the module's docstring); a term that names nothing is
    refused."""
    found, unknown = resolve_foods(terms, table)
    if unknown:
        raise UnknownPreferenceError(unknown[0][1])
    return found


def resolve_foods(
    terms: Iterable[str], table: Mapping[str, Food]
) -> tuple[frozenset[str], Unrecognised]:
    """Every food id the terms name, and the terms that name nothing with the reason."""
    known = {normalise(name) for food in table.values() for name in (food.name, *food.aliases)}
    heads = {
        food.id: [_head(name) for name in (food.name, *food.aliases)] for food in table.values()
    }
    found: set[str] = set()
    unknown: list[tuple[str, str]] = []
    for term in terms:
        wanted = normalise(term)
        if wanted in GROUPS:
            ids = {food.id for food in table.values() if GROUPS[wanted](food)}
        else:
            ids = {
                food_id
                for food_id, names in heads.items()
                if _kind_of(food_id, wanted) or any(_names(head, wanted, known) for head in names)
            }
        if not ids:
            unknown.append((term, f"no food in the table is called {term!r}"))
        found |= ids
    return frozenset(found), tuple(unknown)


def _head(name: str) -> list[str]:
    """The words before the first comma or bracket: "Atlantic salmon (farmed), cooked" →
    atlantic salmon."""
    return normalise(re.split(r"[,(]", name, maxsplit=1)[0]).split()


def _kind_of(food_id: str, wanted: str) -> bool:
    """Ids start with the kind of food: chicken_breast_raw, beef_ground_85_raw, egg_white."""
    spelled = normalise(food_id)
    return spelled == wanted or spelled.startswith(f"{wanted} ")


def _names(head: list[str], wanted: str, known: set[str]) -> bool:
    words = wanted.split()
    if head[-len(words) :] != words:
        return False
    prefix = head[: -len(words)]
    # "almond milk" and "smooth peanut butter" are almond's milk and peanut's butter, not kinds
    # of milk and butter: a food of its own right before the noun makes it another food.
    return not any(" ".join(prefix[start:]) in known for start in range(len(prefix)))


def cuisines(names: Iterable[str], catalog: Catalog) -> frozenset[str]:
    found, unknown = resolve_cuisines(names, catalog)
    if unknown:
        raise UnknownPreferenceError(unknown[0][1])
    return found


def resolve_cuisines(names: Iterable[str], catalog: Catalog) -> tuple[frozenset[str], Unrecognised]:
    """The catalog's cuisines the names give (case and hyphens aside), and the names that give
    none with the reason."""
    known = {recipe.cuisine for recipe in catalog.recipes if not recipe.own}
    found, unknown = set(), []
    for name in names:
        cuisine = "_".join(name.lower().replace("-", " ").split())
        if cuisine in known:
            found.add(cuisine)
        else:
            unknown.append((name, f"unknown cuisine; Pacer has {', '.join(sorted(known))}"))
    return frozenset(found), tuple(unknown)
