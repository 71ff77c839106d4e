"""Commands: imperative, self-contained requests (the ids they act on are fields), each typed with
the reply it produces, and the reply most commands give."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

R = TypeVar("R", bound=BaseModel)


class CommandAccepted(BaseModel):
    """A command was accepted and its events recorded."""

    aggregate_id: str
    version: int = Field(description="Version of the aggregate after the command.")
    consistency_token: str = Field(
        description="Pass to the query API (`X-Consistency-Token`) to read your own write."
    )


class Done(BaseModel):
    """The command took effect; there is nothing to report back."""


class Command(BaseModel, Generic[R]):
    """Base of every command; `R` is the model its handler answers with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    replayable: ClassVar[bool] = True
    """False when the reply holds secrets (tokens), which an Idempotency-Key would store."""

    delegated_by: ClassVar[str | None] = None
    """The grant scope that lets a coach send this command for an athlete (its `athlete_id`
    another account's); None: an account sends it for itself only."""

    @classmethod
    def reply_type(cls) -> type[BaseModel]:
        for base in cls.__mro__:
            metadata: dict[str, Any] = getattr(base, "__pydantic_generic_metadata__", {})
            if metadata.get("origin") is Command and metadata.get("args"):
                reply: type[BaseModel] = metadata["args"][0]
                return reply
        raise TypeError(f"{cls.__name__} does not name its reply: subclass Command[Reply]")
