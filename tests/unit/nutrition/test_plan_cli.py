"""`pacer plan --profile profile.json`: a week against its targets, or the reason why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacer.cli import app


def profile_file(tmp_path: Path, **changes: object) -> Path:
    profile = {"sex": "female", "age": 34, "height_cm": 168, "weight_kg": 62,
               "activity": "moderate", "diet": "vegetarian", "allergens": ["nuts"],
               "long_run_days": [5], **changes}  # fmt: skip
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile))
    return path


def test_plan_prints_seven_days_within_tolerance(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", "--profile", str(profile_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.output.count("within tolerance") == 7
    assert "outside tolerance" not in result.output


def test_plan_explains_an_impossible_request(tmp_path: Path) -> None:
    path = profile_file(tmp_path, sex="male", height_cm=198, weight_kg=160,
                        activity="very_active", goal="gain", rate_kg_per_week=0.5)  # fmt: skip
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 2
    assert "is above the largest possible day" in " ".join(result.output.split())


def test_everyday_allergy_words_are_understood(tmp_path: Path) -> None:
    path = profile_file(tmp_path, diet="omnivore", allergens=["milk", "tree nuts"],
                        excluded_foods=["salmon"], cuisines=["Italian"])  # fmt: skip
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("within tolerance") == 7
    assert "avoiding: Atlantic salmon (farmed), cooked" in result.output


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"allergens": ["celery"]}, "unknown allergen 'celery'"),
        ({"long_run_days": [7]}, "unknown day 7"),
        ({"long_run_days": ["sunburn"]}, "unknown day 'sunburn'"),
        ({"long_run_days": [5], "hard_days": ["sat"]}, "either a hard day or a long-run day"),
    ],
)
def test_a_preference_that_names_nothing_is_refused(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    result = CliRunner().invoke(app, ["plan", "--profile", str(profile_file(tmp_path, **changes))])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_words_that_name_nothing_are_listed_and_the_week_is_planned(tmp_path: Path) -> None:
    path = profile_file(tmp_path, excluded_foods=["unicorn"], cuisines=["martian"])
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
    assert "not understood: unicorn" in result.output
    assert "martian" in result.output
    assert result.output.count("within tolerance") == 7


def test_hard_days_and_day_names_raise_that_days_carbohydrate(tmp_path: Path) -> None:
    path = profile_file(tmp_path, long_run_days=["Saturday"], hard_days=["1"])
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
    targets = [line.split() for line in result.output.splitlines() if "│ target" in line]
    carbs = [float(cells[-4]) for cells in targets]
    assert carbs[1] > carbs[0]
    assert carbs[5] > carbs[1]


def test_the_readme_example_profile_plans_a_week(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    example = readme.split("holds the profile", 1)[1].split("```json", 1)[1].split("```")[0]
    path = tmp_path / "profile.json"
    path.write_text(example)
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("within tolerance") == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [("not json", "Invalid JSON"),
     ('{"sex": "female", "age": 34, "height_cm": 168, "weight_kg": 62, "allergens": [1]}',
      "allergens.0"),
     ('{"sex": "female", "age": 34, "height_cm": 168, "weight_kg": 62, "excluded_foods": "pork"}',
      "a list of words, e.g. ['pork']")],
    ids=["not JSON", "a number for a word", "a string for a list"],
)  # fmt: skip
def test_a_malformed_profile_is_a_message_not_a_traceback(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "profile.json"
    path.write_text(text)
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in " ".join(result.output.split())


def test_a_diet_in_capitals_and_null_lists_are_accepted(tmp_path: Path) -> None:
    path = profile_file(tmp_path, diet="Vegan", excluded_foods=None, allergens=[])
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
