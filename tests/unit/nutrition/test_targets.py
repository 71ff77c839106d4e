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
    steep = WOMAN.model_copy(update={"goal": "lose", "rate_kg_per_week": 0.6})
    limited = daily_targets(steep)
    assert limited.kcal == 1200
    assert limited.floor_applied
    supervised = daily_targets(steep.model_copy(update={"allow_below_floor": True}))
    assert supervised.kcal == pytest.approx(1345.25 * 1.375 - 660, abs=0.1)


def test_a_deficit_over_40_percent_is_refused_with_the_rate_that_would_do() -> None:
    crash = WOMAN.model_copy(update={"goal": "lose", "rate_kg_per_week": 1.0, "weight_kg": 80})
    with pytest.raises(InfeasibleTargetError, match=r"52% .* at most 0.75 kg a week"):
        daily_targets(crash)
    supervised = crash.model_copy(update={"allow_below_floor": True})
    assert daily_targets(supervised).kcal == pytest.approx(2124.7 - 1100, abs=0.1)


@pytest.mark.parametrize(
    ("weight_kg", "rate", "message"),
    [(47.0, 0.5, "BMI of 17.3 is below the healthy range"),
     (38.0, 0.25, "BMI of 14.0 is far below"),
     (52.0, 1.0, "under 18.5 within 12 weeks")],
)  # fmt: skip
def test_weight_loss_towards_an_unhealthy_bmi_is_refused(
    weight_kg: float, rate: float, message: str
) -> None:
    thin = Profile(sex="female", age=22, height_cm=165, weight_kg=weight_kg, goal="lose",
                   rate_kg_per_week=rate)  # fmt: skip
    with pytest.raises(InfeasibleTargetError, match=message):
        daily_targets(thin)


def test_the_override_allows_a_supervised_loss_but_never_at_severe_thinness() -> None:
    thin = Profile(sex="female", age=22, height_cm=165, weight_kg=47.0, goal="lose",
                   rate_kg_per_week=0.25, allow_below_floor=True)  # fmt: skip
    assert daily_targets(thin).kcal >= 800
    with pytest.raises(InfeasibleTargetError, match="far below"):
        daily_targets(thin.model_copy(update={"weight_kg": 40.0}))


def test_long_runs_add_carbohydrate_only() -> None:
    normal, long_run = daily_targets(MAN), daily_targets(MAN, DayKind.LONG_RUN)
    assert long_run.carbohydrate_g == pytest.approx(normal.carbohydrate_g + 2 * 80, abs=0.2)
    assert long_run.protein_g == normal.protein_g
    assert long_run.kcal == pytest.approx(normal.kcal + 640, abs=0.2)


def test_protein_per_kg_is_capped_at_35_percent_of_energy_and_says_so() -> None:
    heavy = Profile(sex="female", age=80, height_cm=150, weight_kg=100, activity="sedentary",
                    protein_g_per_kg=2.5, fat_share=0.4)  # fmt: skip
    targets = daily_targets(heavy)
    assert targets.protein_capped
    assert targets.protein_g * 4 == pytest.approx(0.35 * targets.kcal, abs=0.5)
    assert targets.carbohydrate_g >= 50
    assert not daily_targets(MAN).protein_capped


@pytest.mark.parametrize(
    "change",
    [{"goal": "lose"}, {"rate_kg_per_week": 0.5}, {"rate_kg_per_week": 2.0}, {"age": 12}],
)
def test_inconsistent_profiles_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Profile.model_validate({**MAN.model_dump(), **change})
