"""Energy and macro targets against worked examples."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts.nutrition.targets import (
    DayKind,
    InfeasibleTargetError,
    Profile,
    bmr,
    daily_targets,
)

MAN = Profile(sex="male", age=30, height_cm=180, weight_kg=80, activity="moderate")
WOMAN = Profile(sex="female", age=25, height_cm=165, weight_kg=60, activity="light")


def test_mifflin_st_jeor_worked_examples() -> None:
    # 10*80 + 6.25*180 - 5*30 + 5 and 10*60 + 6.25*165 - 5*25 - 161
    assert bmr(MAN) == pytest.approx(1780.0)
    assert bmr(WOMAN) == pytest.approx(1345.25)


def test_maintenance_is_bmr_times_the_activity_factor_split_into_macros() -> None:
    targets = daily_targets(MAN)
    assert targets.tdee_kcal == pytest.approx(1780 * 1.55, abs=0.1)
    assert targets.kcal == pytest.approx(2759.0, abs=0.1)
    assert targets.protein_g == pytest.approx(1.6 * 80, abs=0.1)
    assert targets.fat_g == pytest.approx(0.28 * 2759 / 9, abs=0.1)
    energy = targets.protein_g * 4 + targets.carbohydrate_g * 4 + targets.fat_g * 9
    assert energy == pytest.approx(targets.kcal, abs=1)


def test_a_weight_loss_rate_takes_7700_kcal_per_kg_off_the_week() -> None:
    losing = WOMAN.model_copy(update={"goal": "lose", "rate_kg_per_week": 0.5})
    targets = daily_targets(losing)
    assert targets.kcal == pytest.approx(1345.25 * 1.375 - 550, abs=0.1)
    assert not targets.floor_applied


def test_the_floor_holds_unless_explicitly_overridden() -> None:
    crash = WOMAN.model_copy(update={"goal": "lose", "rate_kg_per_week": 1.0})
    limited = daily_targets(crash)
    assert limited.kcal == 1200
    assert limited.floor_applied
    supervised = daily_targets(
        crash.model_copy(update={"allow_below_floor": True, "protein_g_per_kg": 1.2})
    )
    assert supervised.kcal == pytest.approx(1345.25 * 1.375 - 1100, abs=0.1)


def test_long_runs_add_carbohydrate_only() -> None:
    normal, long_run = daily_targets(MAN), daily_targets(MAN, DayKind.LONG_RUN)
    assert long_run.carbohydrate_g == pytest.approx(normal.carbohydrate_g + 2 * 80, abs=0.2)
    assert long_run.protein_g == normal.protein_g
    assert long_run.kcal == pytest.approx(normal.kcal + 640, abs=0.2)


def test_impossible_macro_splits_say_why() -> None:
    tiny = Profile(sex="female", age=80, height_cm=150, weight_kg=100, activity="sedentary",
                   protein_g_per_kg=2.5, fat_share=0.4)  # fmt: skip
    with pytest.raises(InfeasibleTargetError, match="carbohydrate"):
        daily_targets(tiny)


@pytest.mark.parametrize(
    "change",
    [{"goal": "lose"}, {"rate_kg_per_week": 0.5}, {"rate_kg_per_week": 2.0}, {"age": 12}],
)
def test_inconsistent_profiles_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Profile.model_validate({**MAN.model_dump(), **change})
