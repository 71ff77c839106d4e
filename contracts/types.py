"""Bounded types shared by every command and query parameter.

A bound that a projection, a worker or PostgreSQL relies on is checked here, when the API accepts
a value, so that an accepted command's events always apply downstream. Each type is a marker
used inside `Annotated[...]`: `Annotated[str, PlainText(max_length=80)]`. The markers carry their
bounds, so tests can generate values at and around them, and they write those bounds into the
JSON Schema (patterns, lengths, ranges), so that what the OpenAPI document calls valid is what the
API accepts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

# PostgreSQL `integer` columns hold at most this.
INT32_MAX = 2**31 - 1
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)
LINE_BREAKS = frozenset("\n\t\r")
NUMBER = re.compile(r"\s*[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?\s*")

# Character classes of the JSON Schema patterns, spelled so that ECMA-262, Python and Rust regex
# engines read them alike: control characters (Unicode category Cc), without and with line breaks
# allowed, and the white space that trimming removes (`str.strip`, minus the control characters).
# Lone surrogates are refused too, but no pattern can say so: UTF-8 cannot carry them.
_CONTROLS = r"\u0000-\u001f\u007f-\u009f"
_CONTROLS_BUT_BREAKS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
_SPACES = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
HEADER_TEXT = r"^[!-~]([ -~]*[!-~])?$"
"""A value Pacer reads from an HTTP header: printable ASCII, no white space at either end."""
# A moment written with a year from 1900 to 2199, as the `Instant` bounds read it.
_YEARS_1900_TO_2199 = r"^(19[0-9]{2}|2[01][0-9]{2})-"


@dataclass(frozen=True)
class PlainText:
    """Text without NUL, control characters or lone surrogates (newlines and tabs only where
    `multiline`), between `min_length` and `max_length` characters as sent, then trimmed unless
    `strip` is false; trimmed text that must not be empty must not be blank."""

    max_length: int
    min_length: int = 1
    multiline: bool = False
    strip: bool = True

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text = core_schema.str_schema(
            strict=True, min_length=self.min_length, max_length=self.max_length
        )
        return core_schema.no_info_after_validator_function(self.check, text)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema

    @property
    def pattern(self) -> str:
        forbidden = _CONTROLS_BUT_BREAKS if self.multiline else _CONTROLS
        if self.strip and self.min_length > 0:
            return f"^[^{forbidden}]*[^{forbidden}{_SPACES}][^{forbidden}]*$"
        return f"^[^{forbidden}]*$"

    def check(self, value: str) -> str:
        for char in value:
            category = unicodedata.category(char)
            if category == "Cs":
                raise PydanticCustomError("text_encoding", "text must be valid Unicode")
            if category == "Cc" and not (self.multiline and char in LINE_BREAKS):
                raise PydanticCustomError(
                    "text_control_character",
                    "text must not contain control characters{where}",
                    {"where": "" if self.multiline else " or line breaks"},
                )
        if not self.strip:
            return value
        trimmed = value.strip()
        if self.min_length > 0 and not trimmed:
            raise PydanticCustomError("text_blank", "text must not be blank")
        return trimmed


@dataclass(frozen=True)
class Instant:
    """A moment with its UTC offset, written with a date from `not_before` up to (excluding)
    `not_after` — the bounds apply to the date and time as written, so no offset can carry a
    moment out of what Python and PostgreSQL represent — and, when `past` is set, not after now
    plus clock skew. With `clamp`, any moment is accepted and brought within the bounds (a query
    from the year 1 means "since the beginning"). Unix timestamps and naive times are refused."""

    not_before: datetime = EARLIEST
    not_after: datetime = LATEST
    past: bool = False
    clamp: bool = False

    def __post_init__(self) -> None:
        if (self.not_before, self.not_after) != (EARLIEST, LATEST) and not self.clamp:
            # The JSON Schema pattern states the default bounds; others would need their own.
            raise ValueError("an Instant that refuses moments out of range uses the default ones")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        moment = core_schema.datetime_schema(tz_constraint="aware")
        return core_schema.no_info_before_validator_function(
            _no_numbers, core_schema.no_info_after_validator_function(self.check, moment)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if not self.clamp:
            json_schema["pattern"] = _YEARS_1900_TO_2199
        return json_schema

    def latest(self) -> datetime:
        return min(self.not_after, datetime.now(UTC) + CLOCK_SKEW) if self.past else self.not_after

    def check(self, value: datetime) -> datetime:
        written = value.replace(tzinfo=UTC)
        if self.clamp:
            if written < self.not_before:
                return self.not_before
            if written >= self.not_after:
                return self.not_after
            return value
        if not self.not_before <= written < self.not_after:
            raise PydanticCustomError(
                "instant_out_of_range",
                "time must be written with a date from {first} to {last}",
                {
                    "first": self.not_before.date().isoformat(),
                    "last": (self.not_after - timedelta(days=1)).date().isoformat(),
                },
            )
        # Aware datetimes compare without converting, so no offset makes this overflow.
        if self.past and value > datetime.now(UTC) + CLOCK_SKEW:
            raise PydanticCustomError("instant_in_future", "time must not be in the future")
        return value


def _no_numbers(value: Any) -> Any:
    if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.fullmatch(value)):
        raise PydanticCustomError(
            "instant_not_text", "time must be an ISO 8601 string with a UTC offset"
        )
    return value


@dataclass(frozen=True)
class Quantity:
    """A finite number (an integer is accepted, `true` or `"5"` are not) within bounds."""

    ge: float | None = None
    le: float | None = None
    gt: float | None = None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.float_schema(
            strict=True, allow_inf_nan=False, ge=self.ge, le=self.le, gt=self.gt
        )


@dataclass(frozen=True)
class Count:
    """A whole number within bounds PostgreSQL's `integer` holds. As in JSON Schema, `5.0` is the
    whole number 5; `true`, `"5"` and `5.5` are not whole numbers."""

    ge: int = 0
    le: int = INT32_MAX

    def __post_init__(self) -> None:
        if not -INT32_MAX <= self.ge <= self.le <= INT32_MAX:
            raise ValueError("a Count must fit PostgreSQL's integer")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        whole = core_schema.int_schema(strict=True, ge=self.ge, le=self.le)
        return core_schema.no_info_before_validator_function(_whole_float, whole)


def _whole_float(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


@dataclass(frozen=True)
class CalendarDay:
    """A calendar date written `YYYY-MM-DD` (a JSON number or a date-time is refused), by
    default from 2000-01-01 to 2199-12-31: plans and schedules live in days, not moments. A
    birth date starts in 1900."""

    first: date = date(2000, 1, 1)
    last: date = date(2199, 12, 31)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        day = core_schema.date_schema(ge=self.first, le=self.last)
        return core_schema.no_info_before_validator_function(_iso_day, day)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        years = r"2[01][0-9]{2}" if self.first.year == 2000 else r"(19|2[01])[0-9]{2}"
        json_schema["pattern"] = f"^{years}-[0-9]{{2}}-[0-9]{{2}}$"
        return json_schema


FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2199, 12, 31)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return value
    raise PydanticCustomError("day_format", "a day must be written YYYY-MM-DD")


Day = Annotated[date, CalendarDay()]
BirthDay = Annotated[date, CalendarDay(first=date(1900, 1, 1))]
"""A calendar day from 2000-01-01 to 2199-12-31, written YYYY-MM-DD."""
WeekStart = Annotated[date, CalendarDay(last=LAST_DAY - timedelta(days=6))]
"""The first of seven days that all are `Day`s: from 2000-01-01 to 2199-12-25."""
Version = Annotated[int, Count(ge=1)]
"""An aggregate version, as a client last saw it."""
PastInstant = Annotated[datetime, Instant(past=True)]
"""When something happened: written in 1900 to 2199, not in the future beyond clock skew."""
QueryInstant = Annotated[datetime, Instant(clamp=True)]
"""A bound of a query's time range: any moment, brought within 1900 to 2200."""
