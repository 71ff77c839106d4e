"""Shoes: commands and the bodies the command API takes for them. A shoe's distance is the sum
of the runs that name it (a run without a shoe is given the athlete's default shoe) plus what
it had run before it was added; past its limit, the query API says it is due to be retired."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.types import PlainText, Quantity, Version

DEFAULT_LIMIT_KM = 700.0
ShoeNickname = Annotated[str, PlainText(max_length=120)]
Kilometres = Annotated[float, Quantity(ge=0, le=10_000)]


class ShoeAdd(BaseModel):
    """Body of `POST /shoes`."""

    model_config = ConfigDict(extra="forbid")

    nickname: ShoeNickname = Field(description="What you call it, e.g. 'Blue trainers'.")
    brand: Annotated[str, PlainText(max_length=80)] | None = None
    model: Annotated[str, PlainText(max_length=80)] | None = None
    limit_km: Annotated[float, Quantity(ge=50, le=5_000)] = Field(
        default=DEFAULT_LIMIT_KM, description="Distance after which it is due to be retired."
    )
    starting_km: Kilometres = Field(default=0.0, description="Distance run before adding it.")
    default: bool = Field(default=False, description="Give it to runs that name no shoe.")


class ShoeRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nickname: ShoeNickname
    expected_version: Version


class ShoeLimit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit_km: Annotated[float, Quantity(ge=50, le=5_000)]
    expected_version: Version


class ShoeVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: Version


class AddShoe(Command[CommandAccepted], ShoeAdd):
    shoe_id: UUID
    athlete_id: UUID


class RenameShoe(Command[CommandAccepted], ShoeRename):
    shoe_id: UUID
    athlete_id: UUID


class SetShoeLimit(Command[CommandAccepted], ShoeLimit):
    shoe_id: UUID
    athlete_id: UUID


class MakeShoeDefault(Command[CommandAccepted], ShoeVersion):
    """Runs that name no shoe get this one from now on (the previous default stops being one)."""

    shoe_id: UUID
    athlete_id: UUID


class RetireShoe(Command[CommandAccepted], ShoeVersion):
    """The shoe stays with its distance but takes no new runs and is no longer the default."""

    shoe_id: UUID
    athlete_id: UUID
