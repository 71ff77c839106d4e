"""The Run aggregate decides; it never touches storage."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from commands.training.run import Run
from contracts.commands.training import RunDetails
from contracts.events import RunCorrected, RunDeleted, RunRecorded

DETAILS = RunDetails(distance_km=10, duration_s=3000, started_at=datetime(2026, 11, 1, tzinfo=UTC))
ATHLETE = uuid4()


def recorded() -> Run:
    run = Run.new(uuid4(), ATHLETE, DETAILS)
    return Run.rehydrate(run.id, run.pending)


def test_recording_a_run_records_one_event_at_version_one() -> None:
    run = Run.new(uuid4(), ATHLETE, DETAILS)
    assert run.version == 1
    assert run.loaded_version == 0
    assert isinstance(run.pending[0], RunRecorded)
    assert run.pending[0].distance_km == 10


def test_a_correction_replaces_the_details_and_bumps_the_version() -> None:
    run = recorded()
    run.correct(ATHLETE, 1, DETAILS.model_copy(update={"distance_km": 12.5}))
    assert run.version == 2
    assert run.loaded_version == 1
    event = run.pending[0]
    assert isinstance(event, RunCorrected)
    assert event.distance_km == 12.5


def test_a_stale_expected_version_is_a_concurrency_error() -> None:
    run = recorded()
    run.correct(ATHLETE, 1, DETAILS)
    with pytest.raises(ConcurrencyError):
        run.correct(ATHLETE, 1, DETAILS)


def test_someone_elses_run_looks_missing() -> None:
    with pytest.raises(NotFoundError):
        recorded().correct(uuid4(), 1, DETAILS)
    with pytest.raises(NotFoundError):
        recorded().delete(uuid4(), None)


def test_a_deleted_run_cannot_be_corrected_or_deleted_again() -> None:
    run = recorded()
    run.delete(ATHLETE, 1)
    assert isinstance(run.pending[-1], RunDeleted)
    with pytest.raises(ConflictError):
        run.correct(ATHLETE, 2, DETAILS)
    with pytest.raises(ConflictError):
        run.delete(ATHLETE, None)
