"""Profile views: an account's own profile, and the card another signed-in account may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from pydantic import AnyHttpUrl
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.avatars import avatar_key
from contracts.identity.profile import TrainingPreferences
from contracts.identity.reads import Avatar, MyProfile, ProfileCard

Sign = Callable[[str], str]
"""A presigned link to an object of the derived bucket."""

PROFILE = text(
    "SELECT account_id, email, role, display_name, bio, units, time_zone, week_start, "
    "visibility, days_available, long_run_day, goals, weekly_distance_km, sessions_per_week, "
    "avatar_id, avatar_sizes, avatar_status, avatar_reason, version "
    "FROM profiles_view WHERE account_id = :account"
)
CARD = text(
    "SELECT account_id, role, display_name, bio, avatar_id, avatar_sizes, avatar_status, "
    "avatar_reason "
    "FROM profiles_view WHERE account_id = :account AND pacer_sees_card(account_id)"
)
"""Whose card the viewer sees is one SQL function's decision (migration 0014), the social
standing's too: their own, a public profile, a followers-only one they follow, their live
coach's or athlete's; never one with a block between them, nor a disabled account's."""


def _avatar(row: Any, sign: Sign, *, own: bool) -> Avatar:
    urls = {
        str(size): AnyHttpUrl(sign(avatar_key(row.account_id, row.avatar_id, size)))
        for size in (row.avatar_sizes if row.avatar_id else ())
    }
    if not own:  # how uploads fare is the owner's business
        return Avatar(status="ready" if urls else "none", urls=urls)
    return Avatar(status=row.avatar_status, reason=row.avatar_reason, urls=urls)


async def my_profile(connection: AsyncConnection, account_id: UUID, sign: Sign) -> MyProfile | None:
    row = (await connection.execute(PROFILE, {"account": account_id})).first()
    if row is None:
        return None
    return MyProfile(
        account_id=row.account_id, email=row.email, role=row.role,
        display_name=row.display_name, bio=row.bio, units=row.units, time_zone=row.time_zone,
        week_start=row.week_start, visibility=row.visibility,
        avatar=_avatar(row, sign, own=True),
        training_preferences=TrainingPreferences(
            days_available=row.days_available, long_run_day=row.long_run_day,
            goals=row.goals, weekly_distance_km=row.weekly_distance_km,
            sessions_per_week=row.sessions_per_week,
        ),
        version=row.version,
    )  # fmt: skip


async def card(
    connection: AsyncConnection, account_id: UUID, viewer: UUID, sign: Sign
) -> ProfileCard | None:
    """The account's card when `viewer` may see it (`CARD`)."""
    row = (await connection.execute(CARD, {"account": account_id, "viewer": viewer})).first()
    if row is None:
        return None
    return ProfileCard(
        account_id=row.account_id, role=row.role, display_name=row.display_name, bio=row.bio,
        avatar=_avatar(row, sign, own=row.account_id == viewer),
    )  # fmt: skip
