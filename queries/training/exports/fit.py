"""A structured workout as a Garmin FIT workout file, written with fit-tool: one workout step
per step, a repeat as FIT's "repeat until steps complete" step, distance or time durations, and
speed (from the pace range) or heart-rate zone targets.

The file is stamped with the workout's day, so the same workout always makes the same file.
FIT's clock is an unsigned 32-bit count of seconds from 1989-12-31 and ends early in 2126; a
workout after that (plans may be dated to 2199) is stamped with the clock's last second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from contracts.training.sessions import Repeat, Session, Step

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
FIT_LAST = FIT_EPOCH + timedelta(seconds=2**32 - 2)  # 2**32 - 1 is FIT's "no value"

INTENSITY = {
    "warmup": Intensity.WARMUP, "work": Intensity.INTERVAL, "recovery": Intensity.RECOVERY,
    "cooldown": Intensity.COOLDOWN, "steady": Intensity.ACTIVE,
}  # fmt: skip


def _step(step: Step, name: str) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.workout_step_name = name[:50]
    message.intensity = INTENSITY[step.kind]
    if step.distance_m is not None:
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = float(step.distance_m)
    else:
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = float(step.duration_s or 0)
    if step.pace is not None:
        message.target_type = WorkoutStepTarget.SPEED
        message.target_value = 0
        message.custom_target_speed_low = 1000 / step.pace.slow_s_per_km
        message.custom_target_speed_high = 1000 / step.pace.fast_s_per_km
    elif step.hr_zone is not None:
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_hr_zone = step.hr_zone
    else:
        message.target_type = WorkoutStepTarget.OPEN
        message.target_value = 0
    return message


def to_fit(session: Session, created: datetime) -> bytes:
    steps: list[WorkoutStepMessage] = []
    for item in session.steps:
        if isinstance(item, Repeat):
            first = len(steps)
            steps += [_step(step, step.kind) for step in item.steps]
            repeat = WorkoutStepMessage()
            repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
            repeat.duration_step = first
            repeat.target_repeat_steps = item.times
            steps.append(repeat)
        else:
            steps.append(_step(item, item.kind))
    for index, step in enumerate(steps):
        step.message_index = index
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = round(min(created, FIT_LAST).timestamp() * 1000)
    file_id.serial_number = 0x50414345  # "PACE"
    workout = WorkoutMessage()
    workout.workout_name = session.title[:50]
    workout.sport = Sport.RUNNING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(steps)
    data: bytes = builder.build().to_bytes()
    return data
