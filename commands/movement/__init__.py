"""Movement context, write side: video uploads and their analyses, and workouts."""

from __future__ import annotations

from datetime import timedelta

from commands.movement.handlers import (
    complete_analysis,
    confirm_upload_removed,
    correct_workout,
    delete_upload,
    delete_workout,
    expire_upload,
    fail_analysis,
    fail_upload_removal,
    record_workout,
    report_analysis_progress,
    request_upload,
    submit_landmarks,
    submit_video,
)
from commands.movement.routes import router
from infra.settings import Settings

HANDLERS = (
    request_upload, submit_video, submit_landmarks, report_analysis_progress,
    complete_analysis, fail_analysis, delete_upload, expire_upload, confirm_upload_removed,
    fail_upload_removal,
    record_workout, correct_workout, delete_workout,
)  # fmt: skip


def dependencies(settings: Settings) -> dict[str, object]:
    return {
        "upload_expiry": timedelta(seconds=settings.upload_expiry_s),
    }


__all__ = ["HANDLERS", "dependencies", "router"]
