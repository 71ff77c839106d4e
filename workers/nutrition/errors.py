"""Bad input, as one family of errors: a worker retries nothing under `NutritionInputError` (the
request cannot be met as asked, and the message says why) and treats anything else as a bug or
a transient failure."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeAlias, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

Model = TypeVar("Model", bound=BaseModel)
Document: TypeAlias = Mapping[str, Any] | str | bytes
"""A decoded JSON object, or its text."""


class NutritionInputError(ValueError):
    """The request cannot be met as asked; the message says what to change."""


class InfeasibleTargetError(NutritionInputError):
    """The profile asks for targets that are unsafe or impossible; the message says what."""


class ProfileDocumentError(NutritionInputError):
    """A profile document is malformed: a missing or unknown field, a value out of range."""


class PlanDocumentError(NutritionInputError):
    """A plan document is malformed or does not fit the catalog it is rebuilt with."""


def validated(
    model: type[Model],
    document: Document,
    error: type[NutritionInputError],
) -> Model:
    """`document` (JSON text or its decoded form) as `model`, validated as JSON is: enum values
    are their strings, and a number written as a string is refused."""
    if isinstance(document, str | bytes):
        text = document
    else:  # models inside a decoded document (a `Targets`) are written as their JSON
        text = json.dumps(dict(document), default=to_jsonable_python)
    try:
        return model.model_validate_json(text)
    except ValidationError as failure:
        raise error(describe(failure)) from None


def describe(failure: ValidationError) -> str:
    """Each problem with where it is, joined by "; ": `long_run_days.0: unknown day 7; ...`."""
    problems = []
    for problem in failure.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
