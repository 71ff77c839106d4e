"""`pacer plan --profile profile.json`: a week against its targets, or the reason why not."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from infra.cli import app


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
    path = profile_file(
        tmp_path,
        diet="vegan",
        excluded_foods=["banana", "oats"],
        allergens=["nuts", "peanuts", "gluten", "soy", "sesame"],
    )
    result = CliRunner().invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 2
    assert "breakfast" in result.output or "recipe" in result.output
