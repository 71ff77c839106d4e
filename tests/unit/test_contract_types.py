"""The shared bounded types: what the API accepts is what PostgreSQL, projections and workers
can take."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ValidationError

from contracts.types import INT32_MAX, Count, Instant, PastInstant, PlainText, Quantity


class Sample(BaseModel):
    name: Annotated[str, PlainText(max_length=10)] = "ok"
    notes: Annotated[str, PlainText(max_length=50, multiline=True)] = "ok"
    secret: Annotated[str, PlainText(max_length=20, strip=False)] = "ok"
    when: PastInstant = datetime(2026, 1, 1, tzinfo=UTC)
    plan_day: Annotated[datetime, Instant()] = datetime(2026, 1, 1, tzinfo=UTC)
    amount: Annotated[float, Quantity(gt=0, le=100)] = 1.0
    count: Annotated[int, Count(ge=1)] = 1


@pytest.mark.parametrize(
    "field_value",
    [
        ("name", "a\x00b"),
        ("name", "two\nlines"),
        ("name", "\x1b[31mred"),
        ("name", "   "),
        ("name", "eleven char"),
        ("notes", "nul \x00 inside"),
        ("notes", "\ud800"),
        ("when", "2026-01-01T00:00:00"),  # no offset
        ("when", 1_700_000_000),
        ("when", "1700000000"),
        ("when", "1899-12-31T23:00:00Z"),
        ("when", "0001-01-01T00:00:00+14:00"),
        ("when", "9999-12-31T23:59:59-14:00"),
        ("plan_day", "2201-01-01T00:00:00Z"),
        ("amount", True),
        ("amount", "5"),
        ("amount", float("nan")),
        ("amount", float("inf")),
        ("amount", 0),
        ("count", True),
        ("count", "5"),
        ("count", 5.0),
        ("count", INT32_MAX + 1),
    ],
)
def test_values_downstream_could_not_take_are_refused(field_value: tuple[str, Any]) -> None:
    field, value = field_value
    with pytest.raises(ValidationError):
        Sample.model_validate({field: value})


def test_ordinary_values_pass_and_text_is_trimmed_except_where_it_must_not_be() -> None:
    sample = Sample.model_validate(
        {
            "name": "  Ada  ",
            "notes": "easy run\n\twith strides",
            "secret": "  spaced  ",
            "when": "2026-11-01T07:00:00+14:00",
            "amount": 42,
            "count": 7,
        }
    )
    assert sample.name == "Ada"
    assert sample.notes == "easy run\n\twith strides"
    assert sample.secret == "  spaced  "
    assert sample.amount == 42.0
    assert isinstance(sample.amount, float)


def test_a_moment_within_clock_skew_is_now_but_later_is_the_future() -> None:
    soon = datetime.now(UTC) + timedelta(minutes=2)
    assert Sample.model_validate({"when": soon}).when == soon
    with pytest.raises(ValidationError, match="future"):
        Sample.model_validate({"when": datetime.now(UTC) + timedelta(hours=1)})


def test_a_count_must_fit_postgresql_s_integer() -> None:
    with pytest.raises(ValueError, match="integer"):
        Count(le=INT32_MAX + 1)
