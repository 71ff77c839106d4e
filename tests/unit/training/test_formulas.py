"""The running formulas against published worked examples: Daniels' VDOT tables (Daniels'
Running Formula, 3rd edition), Riegel's formula, TrainingPeaks' TSS and its Performance
Management Chart, and the streaks of the records view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contracts.training.load import daily_load, hrtss, rtss, session_tss
from contracts.training.running import (
    best_vdot,
    predicted_time_s,
    riegel_time_s,
    training_paces,
    vdot,
)
from queries.training.analytics_views import streaks


@pytest.mark.parametrize(
    ("km", "time_s", "expected"),
    [(5, 19 * 60 + 57, 50.0), (10, 41 * 60 + 21, 50.0), (42.195, 3 * 3600 + 10 * 60 + 49, 50.0),
     (5, 30 * 60 + 40, 30.0), (42.195, 2 * 3600 + 23 * 60 + 28, 70.0)],
)  # fmt: skip
def test_vdot_matches_daniels_tables(km: float, time_s: int, expected: float) -> None:
    assert vdot(km, time_s) == pytest.approx(expected, abs=0.2)


def test_a_vdot_predicts_the_race_times_of_daniels_tables() -> None:
    assert predicted_time_s(50, 5) == pytest.approx(19 * 60 + 57, abs=5)
    assert predicted_time_s(50, 42.195) == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=30)


def test_training_paces_of_vdot_50_match_daniels_tables() -> None:
    paces = training_paces(50)
    # Daniels, VDOT 50 (per km): E 5:07-5:38, M 4:31, T 4:15, I 3:55.
    assert paces.of("easy").fast_s_per_km == pytest.approx(307, abs=8)
    assert paces.of("easy").slow_s_per_km == pytest.approx(338, abs=8)
    marathon = paces.of("marathon")
    assert (marathon.fast_s_per_km + marathon.slow_s_per_km) / 2 == pytest.approx(271, abs=3)
    assert paces.of("threshold").fast_s_per_km == pytest.approx(255, abs=3)
    assert paces.of("interval").fast_s_per_km == pytest.approx(235, abs=5)


def test_riegel_s_formula() -> None:
    # 10K in 40:00 -> marathon 40:00 x 4.2195^1.06 = 3:04:00 (Riegel, 1981).
    assert riegel_time_s(10, 2400, 42.195) == pytest.approx(3 * 3600 + 4 * 60, abs=5)


def test_the_best_effort_ignores_short_runs() -> None:
    assert best_vdot([(1.0, 180), (5, 20 * 60)]) == pytest.approx(vdot(5, 20 * 60))
    assert best_vdot([(2.0, 500)]) is None


def test_an_hour_at_threshold_is_100_tss() -> None:
    assert rtss(3600, 255, 255) == pytest.approx(100)
    assert rtss(1800, 300, 255) == pytest.approx(50 * (255 / 300) ** 2)
    assert hrtss(3600, 170, threshold_hr=170, resting_hr=60) == pytest.approx(100)
    assert session_tss(11.5) == pytest.approx(100)  # 11.5 MET-hours: an hour at threshold


def test_fitness_and_fatigue_follow_the_performance_management_chart() -> None:
    first = date(2027, 1, 1)
    every_day = {first + timedelta(days=n): 100.0 for n in range(42)}
    series = daily_load(every_day, first, first + timedelta(days=41))
    # 100 TSS a day from nothing: CTL = 100 (1 - (41/42)^42) = 63.66, ATL = 100 (1 - (6/7)^42).
    assert series[-1].ctl == pytest.approx(63.66, abs=0.1)
    assert series[-1].atl == pytest.approx(99.8, abs=0.1)
    assert series[0].tsb == 0.0
    assert series[-1].tsb == pytest.approx(series[-2].ctl - series[-2].atl, abs=0.15)  # rounding


def test_streaks_count_days_in_a_row() -> None:
    today = date(2027, 5, 10)
    days = [today - timedelta(days=n) for n in (9, 8, 7, 6, 3, 1)]
    assert streaks(sorted(days), today) == (1, 4)  # yesterday counts for a live streak
    assert streaks(sorted(days), today + timedelta(days=1)) == (0, 4)
    assert streaks([], today) == (0, 0)
