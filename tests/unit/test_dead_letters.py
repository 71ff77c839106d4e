"""The reason a consumer gives for parking an event (dead-letter `x-pacer-error`,
`parked_events.error`, logs) names the error, never the values of the event or of the SQL."""

from __future__ import annotations

import pytest
from asyncpg import exceptions as pg
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import IntegrityError

from contracts.training.events import RunRecorded
from infra.consumers import MAX_DESCRIPTION, describe

EMAIL = "ada.lovelace@example.com"
NOTES = "knee hurts after the divorce"


def a_refused_insert() -> IntegrityError:
    """What a projection meets when PostgreSQL refuses a row: SQLAlchemy's error wraps the
    driver's, which wraps PostgreSQL's; the messages carry the statement, its parameters and
    the failing row."""
    postgres = pg.PostgresError.new(
        {
            "C": "23514",
            "M": 'new row for relation "runs_view" violates check constraint "positive_distance"',
            "D": f"Failing row contains ({EMAIL}, -1, {NOTES}).",
            "t": "runs_view",
            "n": "positive_distance",
        }
    )
    # The dialect's own error class, as SQLAlchemy raises it (the dialect is not typed).
    driver = AsyncAdapt_asyncpg_dbapi.IntegrityError(str(postgres), postgres)  # type: ignore[no-untyped-call]
    driver.__cause__ = postgres
    error = IntegrityError(
        "INSERT INTO runs_view (email, distance_km, notes) VALUES ($1, $2, $3)",
        (EMAIL, -1, NOTES),
        driver,
    )
    error.__cause__ = driver
    return error


def test_a_database_error_is_described_by_its_codes_and_names_not_its_sql_or_values() -> None:
    error = a_refused_insert()
    assert "INSERT" in str(error)  # what went into dead letters before
    assert EMAIL in str(error)

    assert describe(error) == (
        "IntegrityError: CheckViolationError, SQLSTATE 23514, table runs_view, "
        "constraint positive_distance"
    )


def test_an_error_postgresql_reports_with_a_value_is_described_without_it() -> None:
    error = pg.PostgresError.new(
        {"C": "22P02", "M": f'invalid input syntax for type uuid: "{EMAIL}"'}
    )

    assert describe(error) == "InvalidTextRepresentationError: SQLSTATE 22P02"


def test_an_undecodable_event_is_described_by_its_fields_and_problems_not_its_values() -> None:
    with pytest.raises(ValidationError) as invalid:
        RunRecorded.model_validate_json(f'{{"run_id": "{EMAIL}", "notes": "{NOTES}"}}')

    description = describe(invalid.value)

    assert description.startswith("ValidationError: run_id: uuid_parsing; athlete_id: missing")
    assert EMAIL not in description
    assert NOTES not in description


def test_other_errors_keep_their_class_and_the_first_line_of_their_message_cut_short() -> None:
    assert describe(KeyError("ce_id")) == "KeyError: 'ce_id'"
    assert describe(RuntimeError()) == "RuntimeError"
    long = describe(ValueError("x" * 5000 + "\nsecond line"))
    assert len(long) == MAX_DESCRIPTION
    assert "second line" not in long
