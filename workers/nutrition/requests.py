"""From a profile document to what the planner is asked for.

A profile document is the profile (`sex`, `age`, `height_cm`, `weight_kg`, `activity`, `goal`,
`rate_kg_per_week`, ...) and the preferences (`diet`, `allergens`, `excluded_foods`,
`liked_foods`, `cuisines`, `long_run_days`, `hard_days`) in one flat JSON object. Days are 0-6
from Monday or weekday names ("sat", "Saturday"); a day is a hard day or a long-run day, never
both. Preferences are everyday words, turned into ids by `preferences`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, model_validator

from contracts.nutrition import targets
from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import DayKind, Profile, Targets, daily_targets
from workers.nutrition import preferences
from workers.nutrition.catalog import Catalog
from workers.nutrition.errors import (
    Document,
    InfeasibleTargetError,
    ProfileDocumentError,
    validated,
)
from workers.nutrition.planner import DAYS, Request

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(value: object) -> int:
    """0-6 (Monday is 0) from a number, its digits, or a day's name or first three letters."""
    text = str(value).strip().lower()
    if text.isdecimal() and int(text) < DAYS:
        return int(text)
    for index, name in enumerate(WEEKDAYS):
        if text in (name, name[:3]):
            return index
    raise ValueError(f"unknown day {value!r}; use 0-6 (Monday is 0) or a weekday name")


Weekday = Annotated[int, BeforeValidator(weekday)]


def _word_list(value: object) -> object:
    """None is no words; a bare string is refused with an example rather than read letter by
    letter."""
    if value is None:
        return ()
    if isinstance(value, str):
        raise ValueError(f"a list of words, e.g. [{value!r}], not a bare string")
    return tuple(value) if isinstance(value, list) else value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


Words = Annotated[tuple[str, ...], BeforeValidator(_word_list)]


class ProfileDocument(Profile):
    """A profile with its meal preferences, as a client sends it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    diet: Annotated[Diet, BeforeValidator(_lower)] = Diet.OMNIVORE
    allergens: Words = ()
    excluded_foods: Words = ()
    liked_foods: Words = ()
    cuisines: Words = ()
    long_run_days: frozenset[Weekday] = frozenset()
    hard_days: frozenset[Weekday] = frozenset()

    @model_validator(mode="after")
    def _one_kind_per_day(self) -> ProfileDocument:
        if both := self.hard_days & self.long_run_days:
            days = ", ".join(WEEKDAYS[day] for day in sorted(both))
            raise ValueError(f"a day is either a hard day or a long-run day, not both ({days})")
        return self

    @classmethod
    def read(cls, document: Document) -> ProfileDocument:
        """Validate a decoded document or its JSON text; `ProfileDocumentError` says what is
        wrong, field by field."""
        return validated(cls, document, ProfileDocumentError)

    def week_targets(self) -> list[Targets]:
        """Monday first; hard-session and long-run days carry more carbohydrate."""
        kinds = dict.fromkeys(self.hard_days, DayKind.HARD_SESSION) | dict.fromkeys(
            self.long_run_days, DayKind.LONG_RUN
        )
        try:
            return [daily_targets(self, kinds.get(day, DayKind.NORMAL)) for day in range(DAYS)]
        except targets.InfeasibleTargetError as refused:
            raise InfeasibleTargetError(str(refused)) from None


def request_for(profile: ProfileDocument, catalog: Catalog, *, seed: int = 0) -> Request:
    """The planner request: a week of targets and the preferences as the catalog's ids (words
    that name nothing go to `unrecognised`). Raises `InfeasibleTargetError`, or
    `UnknownPreferenceError` for an unknown allergen (both `NutritionInputError`)."""
    excluded, unknown_dislikes = preferences.resolve_foods(profile.excluded_foods, catalog.foods)
    liked, unknown_likes = preferences.resolve_foods(profile.liked_foods, catalog.foods)
    cuisines, unknown_cuisines = preferences.resolve_cuisines(profile.cuisines, catalog)
    return Request(
        targets=profile.week_targets(),
        diet=profile.diet,
        allergens=preferences.allergens(profile.allergens),
        excluded_foods=excluded,
        liked_foods=liked - excluded,
        cuisines=cuisines,
        seed=seed,
        unrecognised=unknown_dislikes + unknown_likes + unknown_cuisines,
    )
