"""Bounded types shared by every command and query parameter.

A bound that a projection, a worker or PostgreSQL relies on is checked here, when the API accepts
a value, so that an accepted command's events always apply downstream. Each type is a marker
used inside `Annotated[...]`: `Annotated[str, PlainText(max_length=80)]`. The markers carry their
bounds, so tests can generate values at and around them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

# PostgreSQL `integer` columns hold at most this.
INT32_MAX = 2**31 - 1
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)
LINE_BREAKS = frozenset("\n\t\r")
NUMBER = re.compile(r"\s*[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?\s*")


@dataclass(frozen=True)
class PlainText:
    """Text without NUL, control characters or lone surrogates (newlines and tabs only where
    `multiline`), trimmed unless `strip` is false, between `min_length` and `max_length`."""

    max_length: int
    min_length: int = 1
    multiline: bool = False
    strip: bool = True

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text = core_schema.str_schema(
            strict=True,
            strip_whitespace=self.strip,
            min_length=self.min_length,
            max_length=self.max_length,
        )
        return core_schema.no_info_after_validator_function(self.check, text)

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
        return value


@dataclass(frozen=True)
class Instant:
    """A moment with its UTC offset, from `not_before` up to `not_after` or, when `past` is set,
    up to now plus clock skew. Unix timestamps and naive times are refused."""

    not_before: datetime = EARLIEST
    not_after: datetime = LATEST
    past: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        moment = core_schema.datetime_schema(tz_constraint="aware")
        return core_schema.no_info_before_validator_function(
            _no_numbers, core_schema.no_info_after_validator_function(self.check, moment)
        )

    def latest(self) -> datetime:
        return min(self.not_after, datetime.now(UTC) + CLOCK_SKEW) if self.past else self.not_after

    def check(self, value: datetime) -> datetime:
        # Aware datetimes compare without converting, so no offset makes this overflow.
        if self.past and self.not_before <= value and value > self.latest():
            raise PydanticCustomError("instant_in_future", "time must not be in the future")
        if not self.not_before <= value <= self.latest():
            raise PydanticCustomError(
                "instant_out_of_range",
                "time must be between {first} and {last}",
                {"first": self.not_before.date().isoformat(), "last": self.latest().isoformat()},
            )
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
    """A whole number (no `true`, `"5"` or `5.0`) within bounds PostgreSQL's `integer` holds."""

    ge: int = 0
    le: int = INT32_MAX

    def __post_init__(self) -> None:
        if not -INT32_MAX <= self.ge <= self.le <= INT32_MAX:
            raise ValueError("a Count must fit PostgreSQL's integer")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.int_schema(strict=True, ge=self.ge, le=self.le)


Version = Annotated[int, Count(ge=1)]
"""An aggregate version, as a client last saw it."""
PastInstant = Annotated[datetime, Instant(past=True)]
"""When something happened: not before 1900, not in the future beyond clock skew."""
QueryInstant = Annotated[datetime, Instant()]
"""A bound of a query's time range."""
