"""What a data export holds: every read model row that is the account's own, one JSON file per
kind, read as the account under row-level security *and* named by owner, so a coach's export
holds none of their athletes' rows. Columns that are not the person's data (search embeddings)
are left out; everything else is as the read models keep it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.database import AS_CALLER

# file name → (read model, the condition naming the account's rows, their order)
FILES: dict[str, tuple[str, str, str]] = {
    "profile": ("profiles_view", "account_id = :me", "account_id"),
    "runs": ("runs_view", "athlete_id = :me", "started_at"),
    "plans": ("plans_view", "athlete_id = :me", "plan_id"),
    "plan_workouts": ("plan_workouts_view", "athlete_id = :me", "day"),
    "shoes": ("shoes_view", "athlete_id = :me", "shoe_id"),
    "strength_workouts": ("workouts_view", "athlete_id = :me", "performed_at"),
    "movement_analyses": ("analyses_view", "athlete_id = :me", "analysis_id"),
    "nutrition_profile": ("nutrition_profiles_view", "athlete_id = :me", "athlete_id"),
    "nutrition_targets": ("nutrition_targets_history", "athlete_id = :me", "athlete_id"),
    "weights": ("nutrition_weights_view", "athlete_id = :me", "athlete_id"),
    "nutrition_day_marks": ("nutrition_day_marks_view", "athlete_id = :me", "athlete_id"),
    "nutrition_day_kinds": ("nutrition_day_kinds_view", "athlete_id = :me", "athlete_id"),
    "meal_plans": ("meal_plans_view", "athlete_id = :me", "plan_id"),
    "meal_plan_days": (
        "meal_plan_days_view",
        "plan_id IN (SELECT plan_id FROM meal_plans_view WHERE athlete_id = :me)",
        "plan_id",
    ),
    "recipes": ("recipes_view", "owner_id = :me", "recipe_id"),
    "coach_chat": ("coach_messages_view", "athlete_id = :me", "athlete_id"),
    "documents": ("documents_view", "athlete_id = :me", "document_id"),
    "strava": ("strava_view", "account_id = :me", "account_id"),
    "strava_pushes": ("strava_pushes_view", "account_id = :me", "account_id"),
    "coaching_grants": ("grants_view", ":me IN (coach_id, athlete_id)", "grant_id"),
    "data_accesses": ("athlete_accesses_view", "athlete_id = :me", "accessed_at"),
    "posts": ("posts_view", "author_id = :me", "published_at"),
    "comments": ("comments_view", "author_id = :me", "commented_at"),
    "likes": ("likes_view", "account_id = :me", "liked_at"),
    "follows": ("follows_view", ":me IN (follower_id, followee_id)", "since"),
    "blocks": ("blocks_view", "blocker_id = :me", "since"),
    "groups_owned": ("groups_view", "owner_id = :me", "created_at"),
    "group_memberships": ("group_members_view", "account_id = :me", "joined_at"),
}
LEFT_OUT = {"embedding", "embedding_model"}


def _plain(value: Any) -> Any:
    if isinstance(value, UUID | Decimal):
        return str(value) if isinstance(value, UUID) else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


async def gather(engine: AsyncEngine, account_id: UUID) -> dict[str, list[dict[str, Any]]]:
    """Each file's rows, read in one read-only transaction as the account."""
    found: dict[str, list[dict[str, Any]]] = {}
    async with engine.connect() as connection:
        await connection.execute(text("SET TRANSACTION READ ONLY"))
        await connection.execute(AS_CALLER, {"caller": str(account_id)})
        for name, (table, mine, order) in FILES.items():
            rows = await connection.execute(
                text(f"SELECT * FROM {table} WHERE {mine} ORDER BY {order}"),  # noqa: S608 - constants
                {"me": account_id},
            )
            found[name] = [
                {key: _plain(value) for key, value in row._mapping.items() if key not in LEFT_OUT}
                for row in rows
            ]
    return found


def zipped(account_id: UUID, files: dict[str, list[dict[str, Any]]], at: datetime) -> bytes:
    """The zip: `manifest.json` (what each file holds, how many records) and one file each."""
    out = io.BytesIO()
    manifest = {
        "account_id": str(account_id),
        "exported_at": at.astimezone(UTC).isoformat(),
        "files": {f"{name}.json": len(rows) for name, rows in files.items()},
        "note": "Your data as Pacer keeps it for you, one JSON array of records per file.",
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name, rows in files.items():
            archive.writestr(f"{name}.json", json.dumps(rows, indent=2, ensure_ascii=False))
    return out.getvalue()
