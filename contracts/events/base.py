"""What every domain event is: an immutable, versioned, past-tense pydantic model."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    """Payload of an event. Identity, time, aggregate id and version travel in the envelope."""

    # Unknown fields are ignored, so consumers on an older release read newer events of the
    # same version, which may only add optional fields.
    model_config = ConfigDict(frozen=True, extra="ignore")

    context: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def event_type(cls) -> str:
        return f"pacer.{cls.context}.{cls.name}.v{cls.version}"
