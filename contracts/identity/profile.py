"""The profile of an account, as commands set it and events carry it: how the person is shown
(display name, bio, avatar), how they want numbers shown (units, time zone, week start), when and
why they train, and who may see them. The bounds every reader relies on live here."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from contracts.types import Count, PlainText, Quantity

Role = Literal["athlete", "coach", "admin"]
Units = Literal["metric", "imperial"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
WeekStart = Literal["monday", "sunday", "saturday"]
Visibility = Literal["public", "followers", "private"]
"""Who sees the profile and what it shares: everyone, approved followers, or its owner alone
(and whoever the owner grants access)."""
Goal = Literal[
    "general_fitness", "lose_weight", "build_endurance", "get_faster", "first_5k", "10k",
    "half_marathon", "marathon", "ultra", "return_from_injury",
]  # fmt: skip
MAX_GOALS = 5
_ZONES = frozenset(available_timezones())


def _time_zone(value: str) -> str:
    if value not in _ZONES:
        raise PydanticCustomError(
            "time_zone", "not an IANA time zone name (such as Europe/Paris or America/New_York)"
        )
    return value


DisplayName = Annotated[str, PlainText(max_length=80), Field(examples=["Ada"])]
Bio = Annotated[str, PlainText(max_length=500, min_length=0, multiline=True)]
TimeZone = Annotated[
    str, PlainText(max_length=64), AfterValidator(_time_zone), Field(examples=["Europe/Paris"])
]
WeeklyDistance = Annotated[float, Quantity(ge=1, le=500)]

DEFAULT_UNITS: Units = "metric"
DEFAULT_TIME_ZONE = "UTC"
DEFAULT_WEEK_START: WeekStart = "monday"
DEFAULT_VISIBILITY: Visibility = "followers"


def _some_of_them(schema: dict[str, Any]) -> None:
    """The published schema: at least one property, none defaulting to null."""
    schema["minProperties"] = 1
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class ProfileChange(BaseModel):
    """Body of `PATCH /me/profile`: the fields to change (at least one); those left out keep
    their value. None of them may be null."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_some_of_them)

    # Typed without None, defaulting to None (pydantic does not validate defaults): null is
    # refused like any other wrong type, with one error, and the published schema has no null.
    # Read the body with `model_dump(exclude_unset=True)`: only what was sent.
    display_name: DisplayName = Field(default=None)  # type: ignore[assignment]
    bio: Bio = Field(default=None, description="Up to 500 characters; empty clears it.")  # type: ignore[assignment]
    units: Units = Field(default=None, description="How distances and paces are shown.")  # type: ignore[arg-type]
    time_zone: TimeZone = Field(default=None, description="An IANA time zone name.")  # type: ignore[assignment]
    week_start: WeekStart = Field(default=None, description="First day of a week.")  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.model_fields_set:
            raise PydanticCustomError("nothing_to_change", "name at least one field to change")
        return self


class TrainingPreferences(BaseModel):
    """Body of `PUT /me/training-preferences`: when and why the athlete trains."""

    model_config = ConfigDict(extra="forbid")

    days_available: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS),
        min_length=1,
        max_length=7,
        json_schema_extra={"uniqueItems": True},
        description="The weekdays the athlete can train, each at most once.",
    )
    long_run_day: Weekday | None = Field(
        default=None, description="Preferred day of the long run; one of the days available."
    )
    goals: list[Goal] = Field(
        default_factory=list, max_length=MAX_GOALS, json_schema_extra={"uniqueItems": True}
    )
    weekly_distance_km: WeeklyDistance | None = Field(
        default=None, description="The weekly distance the athlete aims at."
    )
    sessions_per_week: Annotated[int, Count(ge=1, le=14)] | None = None

    @field_validator("days_available")
    @classmethod
    def _days(cls, days: list[Weekday]) -> list[Weekday]:
        if len(set(days)) != len(days):
            raise PydanticCustomError("repeated_day", "days_available names a day twice")
        return sorted(days, key=WEEKDAYS.index)  # one order for equal preferences: the week's

    @field_validator("goals")
    @classmethod
    def _goals(cls, goals: list[Goal]) -> list[Goal]:
        if len(set(goals)) != len(goals):
            raise PydanticCustomError("repeated_goal", "goals names a goal twice")
        return goals

    @model_validator(mode="after")
    def _long_run_day_available(self) -> Self:
        if self.long_run_day is not None and self.long_run_day not in self.days_available:
            raise PydanticCustomError(
                "long_run_day", "long_run_day must be one of the days available"
            )
        return self


class PrivacySetting(BaseModel):
    """Body of `PUT /me/privacy`."""

    model_config = ConfigDict(extra="forbid")

    visibility: Visibility = Field(
        description="`public`: anyone signed in sees your profile card (name, avatar, bio); "
        "`followers`: only approved followers do; `private`: nobody but you (and whom you "
        "grant access)."
    )
