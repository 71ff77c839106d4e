"""Structured workouts exported as files: a FIT workout read back with fit-tool keeps its
steps, distances, speed targets and repeat; a Zwift file is XML with its intervals at shares of
threshold pace."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree.ElementTree import fromstring

import pytest
from fit_tool.fit_file import FitFile
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from contracts.training.sessions import PaceRange, Repeat, Session, Step
from queries.training.exports.fit import FIT_LAST, to_fit
from queries.training.exports.zwo import to_zwo

EASY = PaceRange(fast_s_per_km=330, slow_s_per_km=360)
INTERVAL = PaceRange(fast_s_per_km=230, slow_s_per_km=236)
SESSION = Session(kind="intervals", title="5 x 1 km", steps=[
    Step(kind="warmup", distance_m=2000, pace=EASY),
    Repeat(times=5, steps=[Step(kind="work", distance_m=1000, pace=INTERVAL),
                           Step(kind="recovery", duration_s=180, pace=EASY)]),
    Step(kind="cooldown", duration_s=600, hr_zone=2),
])  # fmt: skip


def test_a_fit_workout_keeps_its_steps_targets_and_repeat() -> None:
    fit = FitFile.from_bytes(to_fit(SESSION, datetime(2027, 3, 1, 6, tzinfo=UTC)))
    [workout] = [r.message for r in fit.records if isinstance(r.message, WorkoutMessage)]
    steps = [r.message for r in fit.records if isinstance(r.message, WorkoutStepMessage)]
    assert (workout.workout_name, workout.num_valid_steps) == ("5 x 1 km", 5)
    warmup, work, recovery, repeat, cooldown = steps
    assert warmup.duration_distance == 2000
    assert work.custom_target_speed_low == pytest.approx(1000 / 236, abs=0.01)
    assert work.custom_target_speed_high == pytest.approx(1000 / 230, abs=0.01)
    assert recovery.duration_time == 180
    assert (repeat.duration_step, repeat.target_repeat_steps) == (1, 5)
    assert cooldown.target_hr_zone == 2


def _file_id(fit: bytes) -> FileIdMessage:
    [file_id] = [r.message for r in FitFile.from_bytes(fit).records
                 if isinstance(r.message, FileIdMessage)]  # fmt: skip
    return file_id


def test_a_fit_workout_after_fit_s_clock_ends_is_stamped_with_its_last_second() -> None:
    early = datetime(2027, 3, 1, 6, tzinfo=UTC)
    assert _file_id(to_fit(SESSION, early)).time_created == early.timestamp() * 1000
    late = to_fit(SESSION, datetime(2199, 12, 31, 6, tzinfo=UTC))  # the last day a plan may have
    assert _file_id(late).time_created == FIT_LAST.timestamp() * 1000


def test_a_zwift_file_runs_its_intervals_at_shares_of_threshold_pace() -> None:
    root = fromstring(to_zwo(SESSION, threshold_s_per_km=255))  # noqa: S314 - our own output
    assert root.findtext("sportType") == "run"
    workout = root.find("workout")
    assert workout is not None
    warmup, intervals, cooldown = list(workout)
    assert warmup.tag == "Warmup"
    assert int(warmup.get("Duration", "0")) == 2 * 345  # 2 km at the easy pace's middle
    assert intervals.tag == "IntervalsT"
    assert intervals.get("Repeat") == "5"
    assert float(intervals.get("OnPower", "0")) == pytest.approx(255 / 233, abs=0.01)
    assert cooldown.get("Duration") == "600"
