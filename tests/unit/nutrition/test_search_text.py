"""Recipe search text: the passage a recipe is embedded as, and a free-text search split into the
words matched by meaning and the filters it states."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.nutrition.diets import Diet
from contracts.nutrition.search import ParsedSearch, parse_search, recipe_passage

SALMON = {
    "name": "Baked salmon with potatoes and broccoli",
    "slot": "dinner",
    "cuisine": "nordic",
    "diet": "pescatarian",
    "tags": ["quick"],
    "ingredients": {"salmon_farmed_cooked": 150, "potato_baked": 200, "broccoli": 100},
    "kcal": 593.4,
    "protein": 42.2,
}


def test_a_passage_names_the_recipe_its_meal_cuisine_diet_tags_and_ingredients() -> None:
    passage = recipe_passage(SALMON)
    assert passage.startswith("Baked salmon with potatoes and broccoli. Dinner, Nordic cuisine")
    for words in ["pescatarian", "quick", "salmon farmed cooked, potato baked, broccoli"]:
        assert words in passage
    assert "593 kcal and 42 g protein per serving." in passage


def test_protein_and_energy_are_described_in_words_a_search_uses() -> None:
    assert "high-protein" in recipe_passage(SALMON)
    light = recipe_passage({"name": "Salad", "slot": "lunch", "kcal": 380, "protein": 12})
    assert "light, low-calorie" in light
    assert "protein" not in light.split(".")[1]
    hearty = recipe_passage({"name": "Pasta bake", "meal_types": ["dinner"], "kcal": 720})
    assert "hearty" in hearty


def test_a_snack_is_light_or_protein_rich_at_a_snack_s_size() -> None:
    seitan = recipe_passage({"name": "Seitan bites", "slot": "snack", "kcal": 122, "protein": 23})
    assert "high-protein" in seitan
    assert "light, low-calorie" in seitan
    nuts = recipe_passage({"name": "Trail mix", "slot": "snack", "kcal": 330, "protein": 8})
    assert "hearty" in nuts


def test_a_passage_needs_only_a_name() -> None:
    assert recipe_passage({"name": "Toast"}) == "Toast."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("high-protein breakfast without eggs",
         ParsedSearch(text="high-protein", excluded_allergens=frozenset({"egg"}),
                      meal_type="breakfast")),
        ("vegan dinner no nuts under 500 kcal",
         ParsedSearch(excluded_allergens=frozenset({"nuts"}), diet=Diet.VEGAN,
                      meal_type="dinner", max_kcal=500)),
        ("gluten-free snack with at least 20 g protein",
         ParsedSearch(excluded_allergens=frozenset({"gluten"}), meal_type="snack",
                      min_protein_g=20)),
        ("something with salmon", ParsedSearch(text="something with salmon")),
        ("light dinner", ParsedSearch(text="light", meal_type="dinner")),
        ("no cheese or mushrooms, quick lunch",
         ParsedSearch(text="quick", excluded_ingredients=frozenset({"cheese", "mushrooms"}),
                      meal_type="lunch")),
        ("Vegetarian lunch under 1,200 calories with 30g protein",
         ParsedSearch(diet=Diet.VEGETARIAN, meal_type="lunch", max_kcal=1200, min_protein_g=30)),
        ("dairy free dinner, no peanut butter and high protein",
         ParsedSearch(text="high protein", excluded_allergens=frozenset({"dairy"}),
                      excluded_ingredients=frozenset({"peanut butter"}), meal_type="dinner")),
        ("plant-based curry", ParsedSearch(text="curry", diet=Diet.VEGAN)),
        ("no seafood", ParsedSearch(excluded_allergens=frozenset({"fish", "shellfish"}))),
        ("peanut allergy snack",
         ParsedSearch(excluded_allergens=frozenset({"peanuts"}), meal_type="snack")),
        ("free of soy and sesame please",
         ParsedSearch(excluded_allergens=frozenset({"soy", "sesame"}))),
        ("pescatarian supper, 600 kcal or less",
         ParsedSearch(diet=Diet.PESCATARIAN, meal_type="dinner", max_kcal=600)),
        ("breakfast with 25 grams of protein or more, no milk",
         ParsedSearch(meal_type="breakfast", min_protein_g=25,
                      excluded_allergens=frozenset({"dairy"}))),
    ],
)  # fmt: skip
def test_a_search_is_split_into_meaning_and_filters(query: str, expected: ParsedSearch) -> None:
    assert parse_search(query) == expected


@pytest.mark.parametrize(
    ("query", "allergens", "ingredients"),
    [
        ("without eggs, nuts and soy", {"egg", "nuts", "soy"}, set()),
        ("no eggs, no dairy", {"egg", "dairy"}, set()),
        ("egg-free", {"egg"}, set()),
        ("lactose-free smoothie", {"dairy"}, set()),
        ("avoid shellfish", {"shellfish"}, set()),
        ("allergic to tree nuts", {"nuts"}, set()),
        ("excluding tofu", set(), {"tofu"}),
        ("no cheese", set(), {"cheese"}),
        ("without butter or yogurt", set(), {"butter", "yogurt"}),
        ("sugar-free dessert", set(), {"sugar"}),
        ("hold the onions", set(), {"onions"}),
        ("no sesame or coriander", {"sesame"}, {"coriander"}),
    ],
)  # fmt: skip
def test_allergens_and_unwanted_ingredients_are_kept_apart(
    query: str, allergens: set[str], ingredients: set[str]
) -> None:
    parsed = parse_search(query)
    assert parsed.excluded_allergens == allergens
    assert parsed.excluded_ingredients == ingredients


@pytest.mark.parametrize(
    "query", ["no-bake energy balls", "peanut butter on toast", "nutty granola"]
)
def test_words_that_only_look_like_filters_stay_in_the_text(query: str) -> None:
    parsed = parse_search(query)
    assert parsed.text == query
    assert not parsed.excluded_allergens
    assert not parsed.excluded_ingredients


def test_a_list_of_unwanted_things_ends_where_the_search_goes_on() -> None:
    parsed = parse_search("without eggs and high protein")
    assert parsed.excluded_allergens == {"egg"}
    assert parsed.text == "high protein"


@pytest.mark.parametrize(
    ("query", "max_kcal", "min_protein"),
    [
        ("below 450 calories", 450, None),
        ("less than 300 cal", 300, None),
        ("at most 700 kcal", 700, None),
        ("<400kcal", 400, None),
        ("over 30 g protein", None, 30),
        ("20g+ protein", None, 20),
        ("minimum 35 grams of protein", None, 35),
        ("at least 22.5 g protein under 550 kcal", 550, 22.5),
    ],
)
def test_limits_are_read_in_many_phrasings(
    query: str, max_kcal: float | None, min_protein: float | None
) -> None:
    parsed = parse_search(query)
    assert (parsed.max_kcal, parsed.min_protein_g) == (max_kcal, min_protein)
    assert parsed.text == ""


@given(st.text(max_size=300))
def test_any_text_parses(text: str) -> None:
    assert isinstance(parse_search(text), ParsedSearch)


WORDS = ["no", "without", "free", "-free", "and", "or", ",", "eggs", "milk", "gluten", "under",
         "500", "kcal", "at", "least", "20", "g", "protein", "vegan", "dinner", "with", "allergy",
         "99999999", "1,000", "free of", "hold the", "", " ", "."]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_any_arrangement_of_filter_words_parses(words: list[str]) -> None:
    parsed = parse_search(" ".join(words))
    assert parsed.max_kcal is None or parsed.max_kcal >= 0
