"""Control endpoints under `/_local`, for a demo or a test driving the local Strava over HTTP: what
an athlete does on Strava itself (sign up, record, edit, delete, revoke the app), and counters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from tests.support.local_strava.faults import not_found
from tests.support.local_strava.model import Strava
from tests.support.local_strava.shapes import Json

JsonBody = Annotated[dict[str, Any] | None, Body()]


def control_router(strava: Strava) -> APIRouter:
    router = APIRouter()

    @router.post("/athletes", status_code=201)
    async def add_athlete(body: JsonBody = None) -> Json:
        body = body or {}
        names = {key: str(body[key]) for key in ("firstname", "lastname") if key in body}
        return {"id": strava.add_athlete(**names, scopes_allowed=body.get("scopes_allowed"))}

    @router.post("/athletes/{athlete_id}/activities", status_code=201)
    async def add_activity(athlete_id: int, body: JsonBody = None) -> Json:
        with _known("Athlete"):
            return strava.add_activity(athlete_id, **(body or {}))

    @router.put("/activities/{activity_id}")
    async def update_activity(activity_id: int, body: JsonBody = None) -> Json:
        with _known("Activity"):
            return strava.update_activity(activity_id, **(body or {}))

    @router.delete("/activities/{activity_id}", status_code=204)
    async def delete_activity(activity_id: int) -> Response:
        with _known("Activity"):
            strava.delete_activity(activity_id)
        return Response(status_code=204)

    @router.post("/athletes/{athlete_id}/revoke", status_code=204)
    async def revoke(athlete_id: int) -> Response:
        with _known("Athlete"):
            strava.revoke(athlete_id)
        return Response(status_code=204)

    @router.get("/stats")
    async def stats() -> Json:
        with strava.lock:
            return {
                "requests": len(strava.requests),
                "too_many": strava.meter.too_many,
                "refreshes": dict(strava.refreshes),
                "deliveries": len(strava.deliveries),
            }

    return router


@contextmanager
def _known(resource: str) -> Iterator[None]:
    try:
        yield
    except KeyError:
        raise not_found(resource) from None
