"""A reply's numbers against what the coach was given: the same value or the same quantity in
another unit passes; anything else is named."""

from __future__ import annotations

from workers.nutrition.coach.grounding import numbers, unsupported

GIVEN = ["Targets: 2900 kcal, carbohydrate 420 g. Long run, 24 km, 150 min.", "Drink 400 to 800 ml"]


def test_the_same_value_however_written_is_grounded() -> None:
    assert unsupported("Eat 2,900 kcal and 420.0 g of carbohydrate for 24 km.", GIVEN) == []


def test_the_same_quantity_in_another_unit_is_grounded() -> None:
    assert unsupported("Drink 0.4 to 0.8 l an hour for 2.5 hours.", GIVEN) == []


def test_a_number_nothing_states_is_named_in_the_order_written() -> None:
    assert unsupported("Eat 90 g an hour, or 1 l, over 24 km.", GIVEN) == ["90", "1"]


def test_a_list_marker_is_not_a_number() -> None:
    assert unsupported("1. Eat 420 g.\n2) Run 24 km.", GIVEN) == []


def test_a_range_shares_its_unit_and_a_pace_is_two_numbers() -> None:
    assert numbers("30 to 60 g at 5:30/km") == [
        ("30", 30.0, "g"),
        ("60", 60.0, "g"),
        ("5", 5.0, None),
        ("30", 30.0, None),
    ]
