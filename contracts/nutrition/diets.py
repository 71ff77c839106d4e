"""The closed vocabularies of eating: diets, from the most to the least permissive, and the
allergens Pacer tracks on every food."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal, get_args


class Diet(StrEnum):
    OMNIVORE = "omnivore"
    PESCATARIAN = "pescatarian"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"


Allergen = Literal[
    "gluten", "dairy", "egg", "nuts", "peanuts", "soy", "fish", "shellfish", "sesame"
]
ALLERGENS: Final = frozenset(get_args(Allergen))

ADMITTED: Final = {
    Diet.OMNIVORE: frozenset(Diet),
    Diet.PESCATARIAN: frozenset({Diet.PESCATARIAN, Diet.VEGETARIAN, Diet.VEGAN}),
    Diet.VEGETARIAN: frozenset({Diet.VEGETARIAN, Diet.VEGAN}),
    Diet.VEGAN: frozenset({Diet.VEGAN}),
}
"""The foods' and recipes' diet tags (their most restrictive diet) each diet admits."""
