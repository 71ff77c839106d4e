"""The profiles read model: one row per account with its profile, training preferences, privacy
and avatar, as the owner reads them and others see the card (`queries/identity/`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.events import DomainEvent
from contracts.identity.events import (
    AccountDisabled,
    AccountEnabled,
    AccountRegistered,
    AvatarAccepted,
    AvatarRejected,
    AvatarRemoved,
    AvatarSubmitted,
    AvatarUploadRequested,
    EmailChanged,
    PasswordChanged,
    PrivacyChanged,
    ProfileUpdated,
    RoleChanged,
    TrainingPreferencesSet,
)
from contracts.identity.reads import PROFILES
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

GUARD = "WHERE account_id = :account AND version < :version"


def _update(assignments: str) -> Any:
    return text(f"UPDATE profiles_view SET {assignments}, version = :version {GUARD}")  # noqa: S608


PROFILE = _update(
    "display_name = :display_name, bio = :bio, units = :units, time_zone = :time_zone, "
    "week_start = :week_start"
)
PREFERENCES = _update(
    "days_available = :days_available, long_run_day = :long_run_day, goals = :goals, "
    "weekly_distance_km = :weekly_distance_km, sessions_per_week = :sessions_per_week"
)
PRIVACY = _update("visibility = :visibility")
EMAIL = _update("email = :email")
ROLE = _update("role = :role")
DISABLED = _update("disabled = :disabled")
SUBMITTED = _update(
    "avatar_upload_id = :upload, avatar_status = 'processing', avatar_reason = NULL"
)
# The status tells of the latest upload; an older one's outcome changes only the avatar.
LATEST = "avatar_upload_id = :upload"
ACCEPTED = _update(
    "avatar_id = :upload, avatar_sizes = :sizes, "
    f"avatar_status = CASE WHEN {LATEST} THEN 'ready' ELSE avatar_status END, "
    f"avatar_reason = CASE WHEN {LATEST} THEN NULL ELSE avatar_reason END"
)
REJECTED = _update(
    f"avatar_status = CASE WHEN {LATEST} THEN 'rejected' ELSE avatar_status END, "
    f"avatar_reason = CASE WHEN {LATEST} THEN :reason ELSE avatar_reason END"
)
REMOVED = _update(
    "avatar_id = NULL, avatar_sizes = '{}', avatar_status = 'none', avatar_reason = NULL"
)
# Events that change nothing shown still move the row's version: a consistency token of theirs
# is then waited for like any other.
SEEN = text(f"UPDATE profiles_view SET version = :version {GUARD}")  # noqa: S608
# An account's first event: the rest of its row takes the table's defaults.
REGISTERED = text(
    "INSERT INTO profiles_view (account_id, email, role, display_name, version) "
    "VALUES (:account, :email, :role, :display_name, :version) "
    "ON CONFLICT (account_id) DO NOTHING"
)


def _params(events: Sequence[Applied[Any]], *fields: str) -> list[dict[str, Any]]:
    def of(applied: Applied[DomainEvent]) -> dict[str, Any]:
        values = {field: getattr(applied.event, field) for field in fields}
        return {"account": applied.event.account_id, "version": applied.version, **values}  # type: ignore[attr-defined]

    return [of(applied) for applied in events]


class ProfilesProjection(Projection):
    name = PROFILES
    tables = ("profiles_view",)

    @on(AccountRegistered)
    async def registered(
        self, sql: AsyncConnection, events: Sequence[Applied[AccountRegistered]]
    ) -> None:
        await sql.execute(REGISTERED, _params(events, "email", "role", "display_name"))

    @on(ProfileUpdated)
    async def profile(
        self, sql: AsyncConnection, events: Sequence[Applied[ProfileUpdated]]
    ) -> None:
        await sql.execute(
            PROFILE, _params(events, "display_name", "bio", "units", "time_zone", "week_start")
        )

    @on(TrainingPreferencesSet)
    async def preferences(
        self, sql: AsyncConnection, events: Sequence[Applied[TrainingPreferencesSet]]
    ) -> None:
        await sql.execute(PREFERENCES, _params(
            events, "days_available", "long_run_day", "goals", "weekly_distance_km",
            "sessions_per_week",
        ))  # fmt: skip

    @on(PrivacyChanged)
    async def privacy(
        self, sql: AsyncConnection, events: Sequence[Applied[PrivacyChanged]]
    ) -> None:
        await sql.execute(PRIVACY, _params(events, "visibility"))

    @on(EmailChanged)
    async def email(self, sql: AsyncConnection, events: Sequence[Applied[EmailChanged]]) -> None:
        await sql.execute(EMAIL, _params(events, "email"))

    @on(RoleChanged)
    async def role(self, sql: AsyncConnection, events: Sequence[Applied[RoleChanged]]) -> None:
        await sql.execute(ROLE, _params(events, "role"))

    @on(AccountDisabled, AccountEnabled)
    async def disabled(
        self,
        sql: AsyncConnection,
        events: Sequence[Applied[AccountDisabled] | Applied[AccountEnabled]],
    ) -> None:
        await sql.execute(DISABLED, [
            {"account": e.event.account_id, "version": e.version,
             "disabled": isinstance(e.event, AccountDisabled)}
            for e in events
        ])  # fmt: skip

    @on(PasswordChanged, AvatarUploadRequested)
    async def seen(
        self,
        sql: AsyncConnection,
        events: Sequence[Applied[PasswordChanged] | Applied[AvatarUploadRequested]],
    ) -> None:
        await sql.execute(SEEN, _params(events))

    @on(AvatarSubmitted)
    async def submitted(
        self, sql: AsyncConnection, events: Sequence[Applied[AvatarSubmitted]]
    ) -> None:
        await sql.execute(SUBMITTED, [
            {"account": e.event.account_id, "upload": e.event.upload_id, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(AvatarAccepted)
    async def accepted(
        self, sql: AsyncConnection, events: Sequence[Applied[AvatarAccepted]]
    ) -> None:
        await sql.execute(ACCEPTED, [
            {"account": e.event.account_id, "upload": e.event.upload_id, "sizes": e.event.sizes,
             "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(AvatarRejected)
    async def rejected(
        self, sql: AsyncConnection, events: Sequence[Applied[AvatarRejected]]
    ) -> None:
        await sql.execute(REJECTED, [
            {"account": e.event.account_id, "upload": e.event.upload_id, "reason": e.event.reason,
             "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(AvatarRemoved)
    async def removed(self, sql: AsyncConnection, events: Sequence[Applied[AvatarRemoved]]) -> None:
        await sql.execute(REMOVED, _params(events))

    erase = erasing({"profiles_view": ("account_id",)})
