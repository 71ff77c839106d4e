"""What people write as preferences, turned into what the planner filters on.

Allergens accept everyday words ("milk", "tree nuts", "coeliac", "prawns"); an allergen that
names nothing is refused with the accepted values, because a silently ignored allergy is the
worst outcome a meal planner can have.

A food word (a dislike or a like) picks every food it names (`FoodWords`): by name or alias; by
kind, which the food table derives from USDA's descriptions ("pork" is bacon, ham and salt pork,
"cheese" every cheese, "mushrooms" shiitake too, "olives" the olives but not olive oil); by head
noun ("salmon" is farmed, wild and sockeye salmon; "butter" is not peanut butter, "milk" not
almond milk); by group ("nuts", "seafood", "meat", "red meat", "poultry", "dairy"); and through
what a food is made from ("chickpeas" is hummus too). A food word or cuisine that names nothing
is reported with the reason (the plan goes ahead), never an error."""

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

RED_MEAT = {"beef", "pork", "lamb", "veal", "goat", "venison", "bison", "mutton"}
POULTRY = {"chicken", "turkey", "duck", "goose"}
GROUPS: dict[str, Callable[[Food], bool]] = {
    "nut": lambda food: "nuts" in food.allergens,
    "tree nut": lambda food: "nuts" in food.allergens,
    "fish": lambda food: "fish" in food.allergens,
    "shellfish": lambda food: "shellfish" in food.allergens,
    "seafood": lambda food: bool({"fish", "shellfish"} & food.allergens),
    "dairy": lambda food: "dairy" in food.allergens,
    "meat": lambda food: food.diet is Diet.OMNIVORE,
    "red meat": lambda food: bool(RED_MEAT & set(food.kinds)) and food.diet is Diet.OMNIVORE,
    "poultry": lambda food: bool(POULTRY & set(food.kinds)),
    "white meat": lambda food: bool(POULTRY & set(food.kinds)),
}
"""Words that name a group of foods rather than a food, by their tags and kinds."""


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
    words = FoodWords(table)
    found: set[str] = set()
    unknown: list[tuple[str, str]] = []
    for term in terms:
        ids = {food.id for food in table.values() if words.names(normalise(term), food)}
        if not ids:
            unknown.append((term, words.why_not(term)))
        found |= ids
    return frozenset(found), tuple(unknown)


class FoodWords:
    """Whether a word names a food: its name or an alias, a group word, its kind, the head noun
    of its name ("feta cheese" is a cheese, "smooth peanut butter" is not butter), or a food it
    is made from (hummus, when the word names chickpeas)."""

    def __init__(self, table: Mapping[str, Food]) -> None:
        self.table = table
        self.spelled = {
            food.id: {normalise(name) for name in (food.name, *food.aliases, food.id)}
            for food in table.values()
        }
        self.kinds = {food.id: {normalise(kind) for kind in food.kinds} for food in table.values()}
        self.heads = {
            food.id: [_head(name) for name in (food.name, *food.aliases)] for food in table.values()
        }
        self.by_name: dict[str, list[Food]] = {}
        for food in table.values():
            for name in self.spelled[food.id]:
                self.by_name.setdefault(name, []).append(food)

    def names(self, word: str, food: Food, seen: frozenset[str] = frozenset()) -> bool:
        if word in GROUPS:
            return GROUPS[word](food)
        if word in self.spelled[food.id] or word in self.kinds[food.id]:
            return True
        if any(self._head_names(head, word, food) for head in self.heads[food.id]):
            return True
        seen = seen | {food.id}
        return any(
            normalise(source) == word
            or any(self.names(word, other, seen) for other in self._foods(source, seen))
            for source in food.made_from
        )

    def _head_names(self, head: list[str], word: str, food: Food) -> bool:
        wanted = word.split()
        if head[-len(wanted) :] != wanted:
            return False
        prefix = head[: -len(wanted)]
        # "almond milk" is almond's milk, not a kind of milk: a food of its own before the noun
        # makes it another food, unless that food is itself what the word names ("feta" is a
        # cheese, so "feta cheese" is one).
        for start in range(len(prefix)):
            for other in self.by_name.get(" ".join(prefix[start:]), []):
                if other.id != food.id and not self.names(word, other, frozenset({food.id})):
                    return False
        return True

    def _foods(self, word: str, seen: frozenset[str]) -> list[Food]:
        """The foods called `word` (by name, not kind: miso is made from soy, not from every
        kind of bean)."""
        wanted = normalise(word)
        return [
            food
            for food in self.table.values()
            if food.id not in seen and wanted in self.spelled[food.id]
        ]

    def why_not(self, term: str) -> str:
        words = normalise(term).split()
        kinds = {kind for food_kinds in self.kinds.values() for kind in food_kinds}
        if words and words[-1] in kinds | set(self.by_name):
            return (
                f"no {term!r} among Pacer's foods, so no recipe contains it "
                f"(Pacer knows {words[-1]!r})"
            )
        return f"no food in Pacer's table is called {term!r}, so nothing was left out for it"


def _head(name: str) -> list[str]:
    """The words before the first comma or bracket: "Atlantic salmon (farmed), cooked" →
    atlantic salmon."""
    return normalise(re.split(r"[,(]", name, maxsplit=1)[0]).split()


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
