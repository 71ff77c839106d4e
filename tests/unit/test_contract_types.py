"""The shared bounded types: what the API accepts is what PostgreSQL, projections and workers
can take."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from contracts.types import (
    EARLIEST,
    INT32_MAX,
    LATEST,
    Count,
    Instant,
    PastInstant,
    PlainText,
    Quantity,
    QueryInstant,
)


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
        ("count", 5.5),
        ("name", "\u3000\u2003"),
        ("when", "2200-01-01T00:00:00+14:00"),
        ("when", "1899-12-31T23:59:59-14:00"),
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


def test_a_whole_number_written_with_a_fraction_of_zero_is_that_number() -> None:
    # JSON Schema's `integer` is any number without a fractional part; so is a Count.
    assert Sample.model_validate({"count": 7.0}).count == 7
    assert isinstance(Sample.model_validate({"count": 7.0}).count, int)


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("0001-01-01T00:00:00+14:00", EARLIEST),
        ("9999-12-31T23:59:59-14:00", LATEST),
        ("1850-06-01T00:00:00Z", EARLIEST),
        ("2026-11-01T07:00:00+02:00", datetime(2026, 11, 1, 5, tzinfo=UTC)),
    ],
)
def test_a_query_bound_outside_the_range_means_from_the_beginning_or_to_the_end(
    sent: str, read: datetime
) -> None:
    assert TypeAdapter(QueryInstant).validate_python(sent) == read


TEXTS = [
    PlainText(max_length=8),
    PlainText(max_length=8, multiline=True),
    PlainText(max_length=8, strip=False),
    PlainText(max_length=8, min_length=3, strip=False),
]
ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(" \t\n\r\x00\x1b\x85\u00a0\u2003\u3000\u2028\ufeffa"),
    ),
    max_size=10,
)


@pytest.mark.parametrize("marker", TEXTS, ids=repr)
@given(text=ANY_TEXT)
def test_the_json_schema_of_text_says_exactly_what_is_accepted(
    marker: PlainText, text: str
) -> None:
    """Clients and fuzzers read the bounds from the OpenAPI document: the pattern and lengths
    published there accept a text exactly when the API does."""
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, marker])
    schema = adapter.json_schema()
    published = (
        schema["minLength"] <= len(text) <= schema["maxLength"]
        and re.fullmatch(schema["pattern"], text) is not None
    )
    try:
        adapter.validate_python(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == published


@given(moment=st.datetimes(timezones=st.sampled_from([UTC]) | st.timezones()))
def test_the_json_schema_of_a_moment_says_which_years_are_accepted(moment: datetime) -> None:
    adapter: TypeAdapter[datetime] = TypeAdapter(Annotated[datetime, Instant()])
    if moment.utcoffset() is None:
        return
    written = moment.isoformat()
    published = re.match(adapter.json_schema()["pattern"], written) is not None
    try:
        adapter.validate_python(written)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == published
