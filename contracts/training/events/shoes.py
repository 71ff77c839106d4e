"""Events of shoes: added, renamed, given a new limit, made the default, retired."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events import DomainEvent
from contracts.personal import PersonalText


class ShoeAdded(DomainEvent):
    version = 3  # v2 sealed the nickname, v3 the brand and model too (free text as well)
    earlier_versions = (1, 2)

    shoe_id: UUID
    athlete_id: UUID
    nickname: PersonalText
    brand: PersonalText | None = None
    model: PersonalText | None = None
    limit_km: float = Field(gt=0)
    starting_km: float = Field(ge=0)


class ShoeRenamed(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    shoe_id: UUID
    athlete_id: UUID
    nickname: PersonalText


class ShoeLimitSet(DomainEvent):
    shoe_id: UUID
    athlete_id: UUID
    limit_km: float = Field(gt=0)


class ShoeMadeDefault(DomainEvent):
    """Runs that name no shoe get this one; the athlete's previous default is one no more (the
    default is the shoe made default last, by `made_default_at`, unless it is retired)."""

    shoe_id: UUID
    athlete_id: UUID
    made_default_at: AwareDatetime


class ShoeRetired(DomainEvent):
    """The shoe takes no new runs and is no longer the default."""

    shoe_id: UUID
    athlete_id: UUID
