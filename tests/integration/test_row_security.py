"""Row-level security on the read models, on the real PostgreSQL: a query that names nobody (no
`WHERE` at all) sees only the caller's rows, those a live grant with the read model's scope
opens, and public profiles; a rebuilt read model keeps its policies and grants."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.database import AS_CALLER
from projections.rebuild import rebuild
from projections.training.runs import RunsProjection
from tests.helpers import NoDeadLetters

pytestmark = pytest.mark.integration
RUN = text(
    "INSERT INTO runs_view (run_id, athlete_id, distance_km, duration_s, pace_s_per_km, "
    "started_at, version, source) VALUES (:run, :athlete, 5, 1500, 300, :at, 1, :source)"
).bindparams(source="manual")
SHARED = {"coach_guides_view"}  # the same for everyone signed in
GRANT = text(
    "INSERT INTO grants_view (grant_id, coach_id, athlete_id, status, invited_by, scopes, "
    "version) VALUES (:grant, :coach, :athlete, :status, 'coach', :scopes, 1)"
)


async def _seen(engine: AsyncEngine, caller: uuid.UUID | None, query: str) -> list[object]:
    async with engine.connect() as connection:
        await connection.execute(AS_CALLER, {"caller": str(caller) if caller else ""})
        return [row[0] for row in await connection.execute(text(query))]


async def test_a_query_without_where_sees_only_what_the_caller_may(engine: AsyncEngine) -> None:
    ada, bob, cora, dan = (uuid.uuid4() for _ in range(4))
    async with engine.begin() as sql:  # as the projectors write: the tables' owner
        for athlete in (ada, bob):
            await sql.execute(RUN, {"run": uuid.uuid4(), "athlete": athlete,
                                    "at": datetime.now(UTC)})  # fmt: skip
        await sql.execute(GRANT, {"grant": uuid.uuid4(), "coach": cora, "athlete": ada,
                                  "status": "active", "scopes": ["read_training"]})  # fmt: skip
        await sql.execute(GRANT, {"grant": uuid.uuid4(), "coach": dan, "athlete": ada,
                                  "status": "active", "scopes": ["read_nutrition"]})  # fmt: skip
        await sql.execute(GRANT, {"grant": uuid.uuid4(), "coach": dan, "athlete": bob,
                                  "status": "revoked", "scopes": []})  # fmt: skip
    everyone = "SELECT athlete_id FROM runs_view"
    assert await _seen(engine, ada, everyone) == [ada]
    assert await _seen(engine, bob, everyone) == [bob]
    assert await _seen(engine, cora, everyone) == [ada]  # a live grant with read_training
    async with engine.begin() as sql:  # Strava's data is shown to its owner only
        await sql.execute(RUN, {"run": uuid.uuid4(), "athlete": ada, "at": datetime.now(UTC),
                                "source": "strava"})  # fmt: skip
    assert len(await _seen(engine, ada, everyone)) == 2
    assert await _seen(engine, cora, everyone) == [ada]
    assert await _seen(engine, dan, everyone) == []  # another scope; an ended grant
    assert await _seen(engine, None, everyone) == []  # nobody set: nothing
    assert sorted(map(str, await _seen(engine, dan, "SELECT athlete_id FROM grants_view"))) == (
        sorted([str(ada), str(bob)])
    )
    assert await _seen(engine, ada, "SELECT count(*) FROM nutrition_profiles_view") == [0]

    async with engine.connect() as connection:  # the reader cannot write
        await connection.execute(AS_CALLER, {"caller": str(ada)})
        with pytest.raises(Exception, match="permission denied"):
            await connection.execute(text("DELETE FROM runs_view"))


async def test_a_rebuilt_read_model_keeps_its_row_security(engine: AsyncEngine) -> None:
    await rebuild(engine, RunsProjection(), NoDeadLetters())
    async with engine.connect() as connection:
        secured = await connection.scalar(
            text("SELECT relrowsecurity FROM pg_class WHERE oid = 'public.runs_view'::regclass")
        )
        policies = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_policies WHERE tablename = 'runs_view' "
                "AND schemaname = 'public'"
            )
        )
        readable = await connection.scalar(
            text("SELECT has_table_privilege('pacer_reader', 'public.runs_view', 'SELECT')")
        )
    assert (secured, policies, readable) == (True, 1, True)
    ada = uuid.uuid4()
    async with engine.begin() as sql:
        await sql.execute(RUN, {"run": uuid.uuid4(), "athlete": ada, "at": datetime.now(UTC)})
    assert await _seen(engine, uuid.uuid4(), "SELECT athlete_id FROM runs_view") == []
    assert await _seen(engine, ada, "SELECT athlete_id FROM runs_view") == [ada]


async def test_the_reader_reads_the_read_models_alone_each_under_a_policy(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        readable = set((await connection.execute(text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "AND has_table_privilege('pacer_reader', c.oid, 'SELECT')"
        ))).scalars())  # fmt: skip
        unguarded = set((await connection.execute(text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity"
        ))).scalars())  # fmt: skip
        read_models = set((await connection.execute(text(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "AND (relname LIKE '%\\_view' OR relname = 'nutrition_targets_history')"
        ))).scalars())  # fmt: skip
    # Every read model, and nothing else: not the event store, credentials or Strava's tokens.
    assert readable == read_models
    assert {"events", "credentials", "refresh_tokens", "strava_connections"} & readable == set()
    # Each under a policy, but those that are everyone's.
    assert readable & unguarded == SHARED
