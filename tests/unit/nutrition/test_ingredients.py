"""Recipe analysis: ingredient lines to grams and nutrition, against hand-computed values."""

from __future__ import annotations

import pytest

from contracts.nutrition.diets import Diet
from tests.unit.nutrition.fixture_catalog import FOODS
from workers.nutrition.catalog import Food, Nutrition
from workers.nutrition.ingredients import analyse
from workers.nutrition.lines import parse
from workers.nutrition.matching import FoodIndex

CUP_ML, TBSP_ML = 236.588, 14.787


@pytest.mark.parametrize(
    ("line", "food", "grams"),
    [
        ("2 cups rolled oats", "oats", 2 * CUP_ML * 0.34),
        ("1 large banana", "banana", 118 * 1.25),
        ("200 ml milk", "milk", 200 * 1.03),
        ("1 1/2 tbsp olive oil", "olive_oil", 1.5 * TBSP_ML * 0.91),
        ("½ cup rice (cooked)", "rice", 0.5 * CUP_ML * 0.67),
        ("2-3 eggs, beaten", "egg", 2.5 * 50),
        ("150 g salmon fillet", "salmon", 150),
        ("4 oz chicken breast", "chicken", 4 * 28.3495),
        ("1 slice bread", "bread", 32),
        ("3 medium potatoes", "potato", 3 * 213),
    ],
)
def test_lines_are_weighed_like_a_person_would(line: str, food: str, grams: float) -> None:
    analysis = analyse(line, FOODS)
    assert analysis.unmatched == []
    [parsed] = analysis.lines
    assert parsed.food_id == food
    assert parsed.grams == pytest.approx(grams, rel=0.01)


def test_a_whole_recipe_totals_and_divides_into_servings() -> None:
    text = "2 cups rolled oats\n500 ml milk\n2 medium bananas\n1 tbsp olive oil\nsalt to taste"
    analysis = analyse(text, FOODS, servings=4)
    oats, milk, bananas, oil = 2 * CUP_ML * 0.34, 500 * 1.03, 2 * 118, TBSP_ML * 0.91
    kcal = oats * 3.89 + milk * 0.61 + bananas * 0.89 + oil * 8.84
    protein = oats * 0.169 + milk * 0.032 + bananas * 0.011
    assert analysis.total.kcal == pytest.approx(kcal, rel=0.01)
    assert analysis.total.protein == pytest.approx(protein, rel=0.01)
    assert analysis.per_serving.kcal == pytest.approx(kcal / 4, rel=0.01)
    assert [u.text for u in analysis.unmatched] == ["salt to taste"]


def test_unknown_foods_and_unweighable_units_are_reported_not_guessed() -> None:
    analysis = analyse("3 dragon fruits\n1 cup almonds\n2 salmon", FOODS)
    reasons = {u.text: u.reason for u in analysis.unmatched}
    assert "no food like" in reasons["3 dragon fruits"]
    assert "cannot weigh" in reasons["1 cup almonds"]
    assert "cannot weigh" in reasons["2 salmon"]
    assert analysis.lines == []


def _food(id: str, name: str, density: float | None = None, piece: float | None = None) -> Food:
    return Food(id, name, None, Nutrition(100, 1, 1, 1, 0), Diet.VEGAN, frozenset(), density, piece)


FORMS = FoodIndex(
    {
        f.id: f
        for f in [
            _food("tomato", "Tomato", piece=123),
            _food("tomatoes_crushed", "Crushed tomatoes", density=1.0),
            _food("beans_cooked", "Beans, cooked"),
            _food("beans_canned", "Beans, canned"),
            _food("banana", "Banana", piece=118),
        ]
    }
)


@pytest.mark.parametrize(
    ("words", "state", "food"),
    [
        (("crushed", "tomatoes"), None, "tomatoes_crushed"),  # the form is a food of its own
        (("tomatoes", "crushed"), None, "tomatoes_crushed"),
        (("tomatoes",), None, "tomato"),
        (("beans",), "canned", "beans_canned"),  # a can names the canned food, not the cooked
        (("canned", "beans"), None, "beans_canned"),
        (("cooked", "beans"), None, "beans_cooked"),
        (("frozen", "banana"), None, "banana"),  # no frozen banana: the banana
        (("baby", "tomatoes"), None, "tomato"),
    ],
)
def test_the_food_of_the_written_form_wins(
    words: tuple[str, ...], state: str | None, food: str
) -> None:
    found = FORMS.find(words, state)
    assert isinstance(found, Food)
    assert found.id == food


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("1 lime, juiced", ("lime", "juice")),
        ("2 juiced limes", ("limes", "juice")),
        ("juice of 1 lime", ("lime", "juice")),
        ("1 cup tinned beans", ("canned", "beans")),  # British for canned
    ],
)
def test_a_juiced_fruit_is_its_juice_and_a_tinned_food_canned(
    line: str, words: tuple[str, ...]
) -> None:
    assert parse(line).words == words


def test_a_baby_size_is_read_but_never_scaled_from_the_medium_piece() -> None:
    line = parse("10 baby tomatoes")
    assert line.size == "baby"
    assert analyse("10 baby tomatoes", FORMS.foods).unmatched[0].reason.startswith("cannot weigh")
