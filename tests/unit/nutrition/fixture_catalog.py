"""A small catalog for planner tests: a dozen foods with round, plausible per-100 g values (a
test fixture, not the shipped food table) and eight recipes per meal slot."""

from __future__ import annotations

from contracts.nutrition.diets import Diet
from workers.nutrition.catalog import Catalog, Food, Nutrition, build_recipe

# Density (g/ml) and piece weight (g) of the foods recipes measure by volume or by the piece.
MEASURES = {"oats": (0.34, None), "milk": (1.03, None), "soy_milk": (1.03, None),
            "olive_oil": (0.91, None), "rice": (0.67, None), "yogurt": (1.03, None),
            "banana": (None, 118), "egg": (None, 50), "apple": (None, 182),
            "potato": (None, 213), "bread": (None, 32)}  # fmt: skip
# Names recipe text uses for them.
ALIASES = {"oats": ("rolled oats",), "salmon": ("salmon fillet",),
           "chicken": ("chicken breast",), "egg": ("eggs",)}  # fmt: skip


def food(id: str, kcal: float, p: float, c: float, f: float, fibre: float, diet: Diet,
         allergens: tuple[str, ...] = ()) -> Food:  # fmt: skip
    density, piece = MEASURES.get(id, (None, None))
    return Food(id, id.replace("_", " "), None, Nutrition(kcal, p, c, f, fibre), diet,
                frozenset(allergens), density, piece, ALIASES.get(id, ()))  # fmt: skip


FOODS = {
    f.id: f
    for f in [
        food("oats", 389, 16.9, 66.3, 6.9, 10.6, Diet.VEGAN, ("gluten",)),
        food("milk", 61, 3.2, 4.8, 3.3, 0, Diet.VEGETARIAN, ("dairy",)),
        food("soy_milk", 43, 3.6, 1.6, 2.0, 0.6, Diet.VEGAN, ("soy",)),
        food("banana", 89, 1.1, 22.8, 0.3, 2.6, Diet.VEGAN),
        food("egg", 143, 12.6, 0.7, 9.5, 0, Diet.VEGETARIAN, ("egg",)),
        food("bread", 247, 13.0, 41.0, 3.4, 7.0, Diet.VEGAN, ("gluten",)),
        food("rice", 130, 2.7, 28.2, 0.3, 0.4, Diet.VEGAN),
        food("chicken", 165, 31.0, 0, 3.6, 0, Diet.OMNIVORE),
        food("salmon", 208, 20.4, 0, 13.4, 0, Diet.PESCATARIAN, ("fish",)),
        food("tofu", 144, 17.3, 2.8, 8.7, 2.3, Diet.VEGAN, ("soy",)),
        food("lentils", 116, 9.0, 20.1, 0.4, 7.9, Diet.VEGAN),
        food("broccoli", 34, 2.8, 6.6, 0.4, 2.6, Diet.VEGAN),
        food("olive_oil", 884, 0, 0, 100, 0, Diet.VEGAN),
        food("almonds", 579, 21.2, 21.6, 49.9, 12.5, Diet.VEGAN, ("nuts",)),
        food("yogurt", 97, 9.0, 3.9, 5.0, 0, Diet.VEGETARIAN, ("dairy",)),
        food("apple", 52, 0.3, 13.8, 0.2, 2.4, Diet.VEGAN),
        food("pasta", 158, 5.8, 30.9, 0.9, 1.8, Diet.VEGAN, ("gluten",)),
        food("potato", 87, 1.9, 20.1, 0.1, 1.8, Diet.VEGAN),
    ]
}

BASES = {
    "breakfast": [
        {"oats": 60, "milk": 200, "banana": 60}, {"oats": 60, "soy_milk": 220, "apple": 80},
        {"egg": 120, "bread": 70}, {"yogurt": 200, "oats": 40, "banana": 50},
        {"bread": 80, "tofu": 100, "olive_oil": 5}, {"oats": 50, "almonds": 20, "soy_milk": 200},
        {"egg": 100, "potato": 150, "olive_oil": 5}, {"yogurt": 170, "apple": 120, "almonds": 15},
    ],
    "lunch": [
        {"rice": 180, "chicken": 120, "broccoli": 100, "olive_oil": 8},
        {"lentils": 250, "rice": 120, "olive_oil": 8}, {"pasta": 220, "salmon": 100},
        {"tofu": 150, "rice": 180, "broccoli": 120, "olive_oil": 8},
        {"bread": 100, "egg": 100, "broccoli": 100}, {"potato": 300, "chicken": 120},
        {"pasta": 250, "lentils": 120, "olive_oil": 8}, {"rice": 200, "salmon": 110},
    ],
    "dinner": [
        {"salmon": 150, "potato": 250, "broccoli": 120}, {"chicken": 150, "pasta": 200},
        {"tofu": 180, "pasta": 200, "olive_oil": 10}, {"lentils": 300, "bread": 60},
        {"chicken": 140, "rice": 200, "olive_oil": 10}, {"egg": 150, "potato": 250},
        {"tofu": 160, "potato": 250, "broccoli": 150}, {"salmon": 140, "rice": 200},
    ],
    "snack": [
        {"apple": 150, "almonds": 20}, {"yogurt": 150, "banana": 60}, {"banana": 120},
        {"bread": 50, "egg": 50}, {"soy_milk": 250, "banana": 80}, {"almonds": 30},
        {"yogurt": 200}, {"tofu": 80, "apple": 100},
    ],
}  # fmt: skip


# Each base also comes richer in protein, in carbohydrate and in fat, so days can be balanced.
EXTRAS = {"": {}, "protein": {"tofu": 80}, "carbs": {"rice": 120}, "fat": {"olive_oil": 10}}


def catalog() -> Catalog:
    recipes = []
    for slot, bases in BASES.items():
        for i, base in enumerate(bases):
            for extra, added in EXTRAS.items():
                ingredients = {**base}
                for food_id, grams in added.items():
                    ingredients[food_id] = ingredients.get(food_id, 0) + grams
                recipes.append(
                    build_recipe(FOODS, id=f"{slot}-{i}{extra and '-' + extra}",
                                 name=f"{slot} {i} {extra}".strip(), slot=slot,
                                 cuisine="mediterranean" if i % 2 else "nordic",
                                 ingredients=ingredients)
                )  # fmt: skip
    return Catalog(FOODS, tuple(recipes))
