"""The MCP server: read-only tools over the signed-in user's own read models, and two safe
commands (record a run, log a weight). Each tool is one or two calls of the APIs with the
caller's token; nothing here reads a table or holds a rule of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

import redis.asyncio as aioredis
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import AnyHttpUrl, Field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from infra.redis import redis_client
from infra.settings import LOOPBACK, Settings
from pacer.assistants.apis import PacerApis
from pacer.assistants.auth import PacerTokens

INSTRUCTIONS = (
    "Pacer holds one person's training: runs, training plans, fitness and form, strength "
    "workouts checked from video, nutrition targets and meal plans. Every tool reads or writes "
    "the signed-in person's own data only. Distances are kilometres, durations seconds, times "
    "ISO 8601 with an offset."
)
READ = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True,
                        openWorldHint=False)  # fmt: skip
Json = dict[str, Any]


def _token() -> str:
    access = get_access_token()
    if access is None:  # the bearer middleware lets nobody in without one
        raise ToolError("not signed in")
    return access.token


def mcp_server(settings: Settings, apis: PacerApis, redis: aioredis.Redis) -> MCPServer[Any]:
    here = f"http://{LOOPBACK}:{settings.mcp_port}/mcp"
    server: MCPServer[Any] = MCPServer(
        "pacer",
        title="Pacer",
        instructions=INSTRUCTIONS,
        token_verifier=PacerTokens(settings, redis),
        auth=AuthSettings(
            issuer_url=AnyHttpUrl(f"{settings.command_api}/auth/token"),
            resource_server_url=AnyHttpUrl(here),
            validate_token_resource=False,  # Pacer's own tokens, checked by PacerTokens
        ),
    )

    @server.tool(annotations=READ)
    async def my_profile() -> Json:
        """The signed-in person's profile: name, units, time zone, training preferences."""
        found: Json = await apis.read(_token(), "/me")
        found.pop("avatar", None)  # links to pictures mean nothing to an assistant
        return found

    @server.tool(annotations=READ)
    async def recent_runs(
        limit: Annotated[int, Field(ge=1, le=50, description="How many runs.")] = 10,
    ) -> Json:
        """The most recent runs, newest first: distance, duration, pace, heart rate, notes."""
        page: Json = await apis.read(_token(), "/runs", {"limit": limit})
        return {"runs": page["items"]}

    @server.tool(annotations=READ)
    async def weekly_totals(
        weeks: Annotated[int, Field(ge=1, le=52, description="How many weeks back.")] = 8,
    ) -> Json:
        """Distance, time, number of runs and average pace per ISO week."""
        since = datetime.now(UTC) - timedelta(weeks=weeks)
        totals = await apis.read(_token(), "/runs/weekly", {"from": since.isoformat()})
        return {"weeks": totals}

    @server.tool(annotations=READ)
    async def training_plans() -> Json:
        """The person's training plans (not archived ones)."""
        return {"plans": (await apis.read(_token(), "/plans"))["items"]}

    @server.tool(annotations=READ)
    async def training_plan(
        plan_id: Annotated[str, Field(description="A plan id from training_plans.")],
    ) -> Json:
        """One plan: its paces, workouts (and the runs that completed them) and weeks."""
        plan: Json = await apis.read(_token(), f"/plans/{_uuid(plan_id)}")
        return plan

    @server.tool(annotations=READ)
    async def fitness_and_form() -> Json:
        """Training load over time: fitness (CTL), fatigue (ATL) and form (TSB), today's first."""
        found: Json = await apis.read(_token(), "/analytics/fitness")
        return found

    @server.tool(annotations=READ)
    async def nutrition_targets() -> Json:
        """The nutrition profile and its daily energy and macro targets."""
        found: Json = await apis.read(_token(), "/nutrition/profile")
        return found

    @server.tool(annotations=READ)
    async def meal_plans(
        limit: Annotated[int, Field(ge=1, le=10, description="How many plans.")] = 2,
    ) -> Json:
        """The latest meal plans with their days and meals (this week's first)."""
        token = _token()
        listed = await apis.read(token, "/nutrition/meal-plans", {"limit": limit})
        plans = [
            await apis.read(token, f"/nutrition/meal-plans/{item['plan_id']}")
            for item in listed["items"]
        ]
        return {"meal_plans": plans}

    @server.tool(annotations=READ)
    async def strength_workouts(
        exercise: Literal["push_up", "squat", "jumping_jack", "jump_rope"] | None = None,
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> Json:
        """Recent rep-based workouts (reps, time, whether a video verified them) and the
        statistics per exercise."""
        token = _token()
        exercise_filter = {"exercise": exercise} if exercise else {}
        workouts = await apis.read(token, "/movement/workouts", {**exercise_filter, "limit": limit})
        statistics = await apis.read(token, "/movement/statistics", exercise_filter)
        return {"workouts": workouts["items"], "statistics": statistics}

    @server.tool(annotations=WRITE)
    async def record_run(
        distance_km: Annotated[float, Field(gt=0, le=1000)],
        duration_s: Annotated[int, Field(ge=1)],
        started_at: Annotated[str, Field(description="ISO 8601 with an offset.")],
        notes: Annotated[str | None, Field(max_length=2000)] = None,
        request_id: Annotated[
            str | None,
            Field(max_length=200, description="The same id again records the run once."),
        ] = None,
    ) -> Json:
        """Record a run the person did (it shows in recent_runs at once)."""
        body: Json = {"distance_km": distance_km, "duration_s": duration_s,
                      "started_at": started_at, **({"notes": notes} if notes else {})}  # fmt: skip
        accepted: Json = await apis.send(_token(), "/runs", body, _key("run", request_id))
        return {"run_id": accepted["aggregate_id"], "version": accepted["version"]}

    @server.tool(annotations=WRITE)
    async def log_weight(
        weight_kg: Annotated[float, Field(ge=30, le=300)],
        day: Annotated[date | None, Field(description="The day weighed (default: today).")] = None,
    ) -> Json:
        """Log the person's body weight for a day (a second entry for a day replaces it)."""
        weighed = (day or datetime.now(UTC).date()).isoformat()
        body = {"weight_kg": weight_kg, "day": weighed}
        accepted: Json = await apis.send(_token(), "/nutrition/weights", body)
        return {"logged": weighed, "weight_kg": weight_kg, "version": accepted.get("version")}

    return server


def _uuid(value: str) -> str:
    from uuid import UUID

    try:
        return str(UUID(value))
    except ValueError:
        raise ToolError(f"not an id: {value!r}") from None


def _key(kind: str, request_id: str | None) -> str | None:
    return f"mcp-{kind}-{request_id}" if request_id else None


async def _healthz(request: Request) -> Response:
    """Serving (what the supervisor waits for; no token needed, nothing told)."""
    return JSONResponse({"status": "ok"})


def mcp_app(settings: Settings) -> Starlette:
    """The streamable HTTP app at `/mcp`: stateless JSON responses, so any worker of several
    answers any request. Its API clients and Redis connection close with the app."""
    apis, redis = PacerApis(settings.command_api, settings.query_api), redis_client(settings)
    app = mcp_server(settings, apis, redis).streamable_http_app(
        stateless_http=True, json_response=True, host=settings.http_host
    )
    app.add_route("/healthz", _healthz, methods=["GET"], include_in_schema=False)
    sessions = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: Starlette) -> AsyncIterator[None]:
        async with sessions(running):
            try:
                yield
            finally:
                await apis.close()
                await redis.aclose()

    app.router.lifespan_context = lifespan
    return app
