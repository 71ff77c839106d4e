"""The Run aggregate decides; it never touches storage."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from commands.training.run import Run
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded

ATHLETE = uuid4()
DETAILS = {"distance_km": 10, "duration_s": 3000, "started_at": datetime(2026, 11, 1, tzinfo=UTC)}


def recorded() -> Run:
    run = Run.record_new(RecordRun(run_id=uuid4(), athlete_id=ATHLETE, **DETAILS), None)
    return Run.rehydrate(run.id, run.pending)


def correction(run: Run, version: int, by: UUID = ATHLETE, **changes: object) -> CorrectRun:
    return CorrectRun(
        run_id=UUID(run.id), athlete_id=by, expected_version=version, **{**DETAILS, **changes}
    )


def test_recording_a_run_records_one_event_at_version_one() -> None:
    run = Run.record_new(RecordRun(run_id=uuid4(), athlete_id=ATHLETE, **DETAILS), None)
    assert run.version == 1
    assert run.loaded_version == 0
    assert isinstance(run.pending[0], RunRecorded)
    assert run.pending[0].distance_km == 10


def test_a_correction_replaces_the_details_and_bumps_the_version() -> None:
    run = recorded()
    run.correct(correction(run, 1, distance_km=12.5))
    assert run.version == 2
    assert run.loaded_version == 1
    event = run.pending[0]
    assert isinstance(event, RunCorrected)
    assert event.distance_km == 12.5


def test_a_stale_expected_version_is_a_concurrency_error() -> None:
    run = recorded()
    run.correct(correction(run, 1))
    with pytest.raises(ConcurrencyError):
        run.correct(correction(run, 1))


def test_someone_elses_run_looks_missing() -> None:
    run = recorded()
    with pytest.raises(NotFoundError):
        run.correct(correction(run, 1, by=uuid4()))
    with pytest.raises(NotFoundError):
        run.delete(DeleteRun(run_id=UUID(run.id), athlete_id=uuid4()))


def test_a_deleted_run_cannot_be_corrected_or_deleted_again() -> None:
    run = recorded()
    run.delete(DeleteRun(run_id=UUID(run.id), athlete_id=ATHLETE, expected_version=1))
    assert isinstance(run.pending[-1], RunDeleted)
    with pytest.raises(ConflictError):
        run.correct(correction(run, 2))
    with pytest.raises(ConflictError):
        run.delete(DeleteRun(run_id=UUID(run.id), athlete_id=ATHLETE))
