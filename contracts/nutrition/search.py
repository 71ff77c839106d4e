"""Recipe search as text: what is embedded for a recipe, and a free-text query split into the
words to match by meaning and the hard filters it states ("vegan dinner without nuts under
500 kcal": diet, meal type, allergens, calories). Pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.nutrition.diets import ALLERGENS, Allergen, Diet

T = TypeVar("T")
MealType = Literal["breakfast", "lunch", "dinner", "snack"]

# Per serving. A meal and a snack are light or hearty at different sizes.
HIGH_PROTEIN_G: Final = 25.0
HIGH_PROTEIN_SHARE: Final = 0.30  # of energy, for small servings rich in protein
SOME_PROTEIN_G: Final = 15.0
LIGHT_KCAL: Final = {"meal": 500.0, "snack": 180.0}
HEARTY_KCAL: Final = {"meal": 650.0, "snack": 300.0}


class ParsedSearch(BaseModel):
    """A recipe search: `text` to match by meaning, and filters every result must pass."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(default="", description="What is left to match by meaning.")
    excluded_allergens: frozenset[Allergen] = Field(
        default=frozenset(), description="Allergens named as unwanted (no nuts, gluten-free)."
    )
    excluded_ingredients: frozenset[str] = Field(
        default=frozenset(),
        description="Other words named as unwanted (no cheese, without mushrooms), lower case.",
    )
    diet: Diet | None = None
    meal_type: MealType | None = None
    max_kcal: float | None = Field(default=None, ge=0, description="Per serving.")
    min_protein_g: float | None = Field(default=None, ge=0, description="Per serving.")


def recipe_passage(recipe: Mapping[str, Any]) -> str:
    """The text embedded for a recipe. Keys used, all optional but `name`: `slot` or
    `meal_types`, `cuisine`, `diet`, `tags`, `ingredients` (names, or names to grams),
    `kcal` and `protein` (grams) per serving. Words like "high-protein" or "light" are written
    from the numbers, so a query using them finds the recipes they fit."""
    slots = _words(recipe.get("meal_types") or recipe.get("slot"))
    about = [
        *(slot.capitalize() for slot in slots),
        *([f"{_title(recipe['cuisine'])} cuisine"] if recipe.get("cuisine") else []),
        *_words(recipe.get("diet")),
        *_words(recipe.get("tags")),
        *_descriptors(recipe.get("kcal"), recipe.get("protein"), snack_only=slots == ["snack"]),
    ]
    sentences = [str(recipe["name"]).strip(), ", ".join(about)]
    ingredients = [name.replace("_", " ") for name in _words(recipe.get("ingredients"))]
    if ingredients:
        sentences.append("Ingredients: " + ", ".join(ingredients))
    amounts = []
    if recipe.get("kcal") is not None:
        amounts.append(f"{float(recipe['kcal']):.0f} kcal")
    if recipe.get("protein") is not None:
        amounts.append(f"{float(recipe['protein']):.0f} g protein")
    if amounts:
        sentences.append(" and ".join(amounts) + " per serving")
    return ". ".join(sentence for sentence in sentences if sentence) + "."


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(item) for item in value if str(item).strip()]  # a mapping gives its keys


def _title(value: object) -> str:
    return str(value).replace("_", " ").title()


def _descriptors(kcal: float | None, protein: float | None, *, snack_only: bool) -> list[str]:
    size = "snack" if snack_only else "meal"
    found = []
    if protein is not None:
        share = protein * 4 / kcal if kcal else 0.0
        if protein >= HIGH_PROTEIN_G or (protein >= SOME_PROTEIN_G and share >= HIGH_PROTEIN_SHARE):
            found.append("high-protein, protein-rich")
        elif protein >= SOME_PROTEIN_G or (snack_only and share >= HIGH_PROTEIN_SHARE):
            found.append("a good source of protein")
    if kcal is not None:
        if kcal <= LIGHT_KCAL[size]:
            found.append("light, low-calorie")
        elif kcal >= HEARTY_KCAL[size]:
            found.append("hearty, high-calorie")
    return found


# --- parsing a query -----------------------------------------------------------------------

ALLERGEN_WORDS: Final[Mapping[str, frozenset[Allergen]]] = {
    **{name: frozenset({name}) for name in ALLERGENS},
    "eggs": frozenset({"egg"}),
    "milk": frozenset({"dairy"}),
    "lactose": frozenset({"dairy"}),
    "nut": frozenset({"nuts"}),
    "tree nut": frozenset({"nuts"}),
    "tree nuts": frozenset({"nuts"}),
    "peanut": frozenset({"peanuts"}),
    "soya": frozenset({"soy"}),
    "crustaceans": frozenset({"shellfish"}),
    "seafood": frozenset({"fish", "shellfish"}),
}
DIET_WORDS: Final = {
    "vegan": Diet.VEGAN,
    "plant-based": Diet.VEGAN,
    "plant based": Diet.VEGAN,
    "vegetarian": Diet.VEGETARIAN,
    "veggie": Diet.VEGETARIAN,
    "pescatarian": Diet.PESCATARIAN,
    "pescetarian": Diet.PESCATARIAN,
}
MEAL_WORDS: Final[Mapping[str, MealType]] = {
    "breakfast": "breakfast",
    "brunch": "breakfast",
    "lunch": "lunch",
    "dinner": "dinner",
    "supper": "dinner",
    "snack": "snack",
    "snacks": "snack",
}
# Words that end a list of unwanted things: what follows is another part of the query.
LIST_STOPS: Final = {
    "with", "for", "under", "below", "less", "over", "at", "high", "low", "rich", "quick",
    "easy", "light", "please", "that", "which", "but", "in", "on", "to", "before", "after",
    *DIET_WORDS, *MEAL_WORDS,
}  # fmt: skip
FILLERS: Final = {"and", "or", "nor", "with", "a", "an", "some", "any", "of", "for", "the"}
FILLERS_AT_ENDS: Final = {*FILLERS, "please"}

NUMBER = r"(\d{1,3}(?:,\d{3})+|\d{1,6}(?:\.\d{1,2})?)"
KCAL = r"(?:k?cals?|kilocalories|calories)\b"
PROTEIN = r"(?:g|gr|grams?)\s*(?:of\s+)?protein\b"
AT_MOST = r"(?:under|below|less than|fewer than|at most|max(?:imum)?|up to|<=?)"
AT_LEAST = r"(?:at least|over|more than|min(?:imum)?|above|>=?)"
LIMITS: Final = [
    ("max_kcal", rf"{AT_MOST}\s*{NUMBER}\s*{KCAL}"),
    ("max_kcal", rf"{NUMBER}\s*{KCAL}\s*(?:or less|or fewer|or under|max(?:imum)?)"),
    ("min_protein_g", rf"{AT_LEAST}\s*{NUMBER}\s*{PROTEIN}"),
    ("min_protein_g", rf"{NUMBER}\s*(?:g|gr|grams?)\s*\+\s*(?:of\s+)?protein\b"),
    ("min_protein_g", rf"{NUMBER}\s*{PROTEIN}\s*(?:or more|at least|min(?:imum)?|\+)"),
    ("min_protein_g", rf"\b(?:with|has|having|containing)\s+{NUMBER}\s*{PROTEIN}"),
]
LETTERS = r"[^\W\d_][\w'-]*"
# "gluten-free", "nut free", "peanut allergy": one word names what is unwanted.
FREE_OF = re.compile(rf"(?<![\w-])({LETTERS})(?:[\s-]+free\b|\s+allerg(?:y|ies|ic)\b)")
NEGATION = re.compile(
    r"(?<![\w-])(?:without|no|excluding|except|minus|hold the|avoid(?:ing)?|allergic to|"
    r"free (?:of|from))\s+"
)
CONNECTOR = re.compile(r"\s*(?:,|\band\b|\bor\b|\bnor\b|&)\s*(?:(?:no|without)\s+)?")
WORD = re.compile(LETTERS)


def parse_search(text: str) -> ParsedSearch:
    """Split a free-text recipe search into the text to match by meaning and its filters.
    Never raises: what it does not understand stays in `text`."""
    query = " " + " ".join(str(text).lower().replace("\u2011", "-").split()) + " "
    limits: dict[str, float] = {}
    for field, pattern in LIMITS:
        for match in re.finditer(pattern, query):
            limits.setdefault(field, float(match.group(1).replace(",", "")))
        query = re.sub(pattern, " ", query)
    unwanted: list[str] = []
    query = FREE_OF.sub(lambda match: _drop(unwanted, match.group(1)), query)
    query = _take_negations(query, unwanted)
    allergens: set[Allergen] = set()
    ingredients: set[str] = set()
    for item in unwanted:
        if item in ALLERGEN_WORDS:
            allergens |= ALLERGEN_WORDS[item]
        else:
            ingredients.add(item)
    diet, query = _take(DIET_WORDS, query)
    meal_type, query = _take(MEAL_WORDS, query)
    return ParsedSearch(
        text=_tidy(query),
        excluded_allergens=frozenset(allergens),
        excluded_ingredients=frozenset(ingredients),
        diet=diet,
        meal_type=meal_type,
        max_kcal=limits.get("max_kcal"),
        min_protein_g=limits.get("min_protein_g"),
    )


def _drop(unwanted: list[str], item: str) -> str:
    unwanted.append(item)
    return " "


def _take_negations(query: str, unwanted: list[str]) -> str:
    """Removes each "no X, Y or Z" from the query, adding X, Y and Z to `unwanted`."""
    while match := NEGATION.search(query):
        position = match.end()
        while item := _item_at(query, position):
            unwanted.append(" ".join(word for word, _ in item))
            position = item[-1][1]
            connector = CONNECTOR.match(query, position)
            if not connector or not _item_at(query, connector.end()):
                break
            position = connector.end()
        query = query[: match.start()] + " " + query[position:]
    return query


def _item_at(query: str, position: int) -> list[tuple[str, int]]:
    """The one or two words at `position` naming an unwanted thing, each with where it ends;
    none if a stop word comes first."""
    words: list[tuple[str, int]] = []
    while len(words) < 2:
        match = WORD.match(query, position)
        if not match or match.group() in LIST_STOPS or match.group() in FILLERS:
            break
        words.append((match.group(), match.end()))
        if query[match.end() : match.end() + 1] != " ":
            break
        position = match.end() + 1
    return words


def _take(table: Mapping[str, T], query: str) -> tuple[T | None, str]:
    """The value of the first of `table`'s phrases found, and the query without any of them."""
    found = None
    for phrase, value in table.items():
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        if found is None and re.search(pattern, query):
            found = value
        query = re.sub(pattern, " ", query)
    return found, query


def _tidy(query: str) -> str:
    words = re.findall(r"\w[\w'+-]*", query)
    while words and words[0] in FILLERS_AT_ENDS:
        words.pop(0)
    while words and words[-1] in FILLERS_AT_ENDS:
        words.pop()
    return " ".join(words)
