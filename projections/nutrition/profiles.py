"""The nutrition profiles read model: the profile and targets in force, the history of targets,
the weight log and the adaptive estimate's latest proposal."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.events import (
    NutritionProfileSet,
    NutritionTargetsSet,
    TargetUpdateAccepted,
    TargetUpdateProposed,
    WeightLogged,
)
from contracts.nutrition.reads import NUTRITION_PROFILES
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

PROFILE = text(
    "INSERT INTO nutrition_profiles_view (athlete_id, profile, version) "
    "VALUES (:athlete, CAST(:profile AS jsonb), :version) ON CONFLICT (athlete_id) "
    "DO UPDATE SET profile = EXCLUDED.profile, version = EXCLUDED.version"
)
TARGETS = text(
    "INSERT INTO nutrition_profiles_view (athlete_id, targets, targets_reason, adjustment_kcal, "
    "age, version) VALUES (:athlete, CAST(:targets AS jsonb), :reason, :adjustment, :age, "
    ":version) ON CONFLICT (athlete_id) DO UPDATE SET targets = EXCLUDED.targets, "
    "targets_reason = EXCLUDED.targets_reason, adjustment_kcal = EXCLUDED.adjustment_kcal, "
    "age = EXCLUDED.age, version = EXCLUDED.version"
)
HISTORY = text(
    "INSERT INTO nutrition_targets_history (athlete_id, version, reason, age, adjustment_kcal, "
    "targets) VALUES (:athlete, :version, :reason, :age, :adjustment, CAST(:targets AS jsonb)) "
    "ON CONFLICT DO NOTHING"
)
VERSION = text(
    "INSERT INTO nutrition_profiles_view (athlete_id, version) VALUES (:athlete, :version) "
    "ON CONFLICT (athlete_id) DO UPDATE SET version = EXCLUDED.version"
)
WEIGHT = text(
    "INSERT INTO nutrition_weights_view (athlete_id, day, weight_kg) VALUES (:athlete, :day, :kg) "
    "ON CONFLICT (athlete_id, day) DO UPDATE SET weight_kg = EXCLUDED.weight_kg"
)
PROPOSED = text(
    "INSERT INTO nutrition_proposals_view (athlete_id, proposal_id, proposal, status) "
    "VALUES (:athlete, :proposal_id, CAST(:proposal AS jsonb), 'open') ON CONFLICT (athlete_id) "
    "DO UPDATE SET proposal_id = EXCLUDED.proposal_id, proposal = EXCLUDED.proposal, "
    "status = 'open'"
)
ACCEPTED = text(
    "UPDATE nutrition_proposals_view SET status = 'accepted' "
    "WHERE athlete_id = :athlete AND proposal_id = :proposal_id"
)


class NutritionProfilesProjection(Projection):
    name = NUTRITION_PROFILES
    tables = (
        "nutrition_profiles_view", "nutrition_targets_history", "nutrition_weights_view",
        "nutrition_proposals_view",
    )  # fmt: skip
    erase = erasing({table: ("athlete_id",) for table in tables})

    @on(NutritionProfileSet)
    async def profile_set(
        self, sql: AsyncConnection, events: Sequence[Applied[NutritionProfileSet]]
    ) -> None:
        await sql.execute(PROFILE, [
            {"athlete": e.event.athlete_id, "version": e.version,
             "profile": e.event.model_dump_json(exclude={"athlete_id"})}
            for e in events
        ])  # fmt: skip

    @on(NutritionTargetsSet)
    async def targets_set(
        self, sql: AsyncConnection, events: Sequence[Applied[NutritionTargetsSet]]
    ) -> None:
        rows = [
            {"athlete": e.event.athlete_id, "targets": e.event.days.model_dump_json(),
             "reason": e.event.reason, "adjustment": e.event.energy_adjustment_kcal,
             "age": e.event.age, "version": e.version}
            for e in events
        ]  # fmt: skip
        await sql.execute(TARGETS, rows)
        await sql.execute(HISTORY, rows)

    @on(WeightLogged)
    async def weight(self, sql: AsyncConnection, events: Sequence[Applied[WeightLogged]]) -> None:
        await sql.execute(WEIGHT, [
            {"athlete": e.event.athlete_id, "day": e.event.day, "kg": e.event.weight_kg}
            for e in events
        ])  # fmt: skip
        await self._version(sql, events)

    @on(TargetUpdateProposed)
    async def proposed(
        self, sql: AsyncConnection, events: Sequence[Applied[TargetUpdateProposed]]
    ) -> None:
        await sql.execute(PROPOSED, [
            {"athlete": e.event.athlete_id, "proposal_id": e.event.proposal_id,
             "proposal": e.event.model_dump_json(exclude={"athlete_id"})}
            for e in events
        ])  # fmt: skip
        await self._version(sql, events)

    @on(TargetUpdateAccepted)
    async def accepted(
        self, sql: AsyncConnection, events: Sequence[Applied[TargetUpdateAccepted]]
    ) -> None:
        await sql.execute(ACCEPTED, [
            {"athlete": e.event.athlete_id, "proposal_id": e.event.proposal_id} for e in events
        ])  # fmt: skip
        await self._version(sql, events)

    @staticmethod
    async def _version(
        sql: AsyncConnection,
        events: Sequence[Applied[WeightLogged] | Applied[TargetUpdateProposed]]
        | Sequence[Applied[TargetUpdateAccepted]],
    ) -> None:
        await sql.execute(
            VERSION, [{"athlete": e.event.athlete_id, "version": e.version} for e in events]
        )
