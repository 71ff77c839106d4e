"""A profile document becomes a week of targets and a planner request, or a clear refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import DayKind, daily_targets
from tests.unit.nutrition.fixture_catalog import catalog
from workers.nutrition import NutritionInputError, ProfileDocumentError, UnknownPreferenceError
from workers.nutrition.requests import ProfileDocument, request_for

CATALOG = catalog()
PERSON: dict[str, Any] = {"sex": "female", "age": 34, "height_cm": 168, "weight_kg": 62,
                          "activity": "moderate"}  # fmt: skip


def readme_example() -> str:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    return readme.split("holds the profile", 1)[1].split("```json", 1)[1].split("```")[0]


def test_the_readme_example_reads_with_its_preferences_and_days() -> None:
    profile = ProfileDocument.read(readme_example())
    assert profile.diet is Diet.VEGETARIAN
    assert profile.allergens == ("tree nuts",)
    assert profile.long_run_days == {6}
    assert profile.hard_days == {1, 3}


def test_days_are_numbers_digits_or_weekday_names() -> None:
    profile = ProfileDocument.read(
        PERSON | {"long_run_days": ["Saturday"], "hard_days": [0, "1", " WED ", "thu"]}
    )
    assert profile.long_run_days == {5}
    assert profile.hard_days == {0, 1, 2, 3}


def test_hard_and_long_run_days_carry_their_extra_carbohydrate() -> None:
    profile = ProfileDocument.read(PERSON | {"long_run_days": ["sat"], "hard_days": ["tue"]})
    week = profile.week_targets()
    assert week[5] == daily_targets(profile, DayKind.LONG_RUN)
    assert week[1] == daily_targets(profile, DayKind.HARD_SESSION)
    assert week[0] == daily_targets(profile, DayKind.NORMAL)
    assert week[5].carbohydrate_g > week[1].carbohydrate_g > week[0].carbohydrate_g


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"long_run_days": [7]}, "long_run_days.0: unknown day 7"),
        ({"hard_days": ["sunburn"]}, "hard_days.0: unknown day 'sunburn'"),
        ({"long_run_days": ["sat"], "hard_days": [5]}, "either a hard day or a long-run day"),
        ({"age": "34"}, "age: Input should be a valid integer"),
        ({"allergens": "nuts"}, "allergens: a list of words, e.g. \\['nuts'\\]"),
        ({"diet": "carnivore"}, "diet: Input should be 'omnivore'"),
        ({"favourite_colour": "red"}, "favourite_colour: Extra inputs are not permitted"),
        ({"sex": None}, "sex: Input should be 'male' or 'female'"),
        ({"goal": "lose"}, "a lose goal needs rate_kg_per_week > 0"),
    ],
)
def test_a_malformed_profile_document_is_refused_field_by_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ProfileDocumentError, match=message):
        ProfileDocument.read(PERSON | change)


@pytest.mark.parametrize("text", ["[1, 2]", "{not json", '{"sex": "female"}'])
def test_a_document_that_is_no_profile_is_refused(text: str) -> None:
    with pytest.raises(ProfileDocumentError):
        ProfileDocument.read(text)


def test_preference_words_become_catalog_ids() -> None:
    profile = ProfileDocument.read(
        PERSON | {"diet": "vegetarian", "allergens": ["tree nuts"], "excluded_foods": ["Tofu"],
                  "liked_foods": ["bananas"], "cuisines": ["Nordic"], "long_run_days": [6]}
    )  # fmt: skip
    request = request_for(profile, CATALOG, seed=4)
    assert request.diet is Diet.VEGETARIAN
    assert request.allergens == {"nuts"}
    assert request.excluded_foods == {"tofu"}
    assert request.liked_foods == {"banana"}
    assert request.cuisines == {"nordic"}
    assert request.targets == tuple(profile.week_targets())
    assert request.seed == 4


def test_a_food_word_that_names_nothing_is_listed_not_refused() -> None:
    profile = ProfileDocument.read(PERSON | {"excluded_foods": ["unicorn", "tofu"]})
    request = request_for(profile, CATALOG)
    assert request.excluded_foods == {"tofu"}
    assert [word for word, _ in request.unrecognised] == ["unicorn"]


def test_an_unknown_allergen_is_a_bad_request() -> None:
    profile = ProfileDocument.read(PERSON | {"allergens": ["celery"]})
    with pytest.raises(UnknownPreferenceError, match="celery") as refused:
        request_for(profile, CATALOG)
    assert isinstance(refused.value, NutritionInputError)
