"""A body over its route's limit is refused with a 413 problem, the route's own limit (an
included router's route, with its prefix) or the default; routes that read no body pay
nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request

from infra.http_limits import BodyLimit, body_limit
from infra.problems import PROBLEM_JSON, install_problem_handlers


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)
    notes = APIRouter(prefix="/notes")

    @notes.post("/short", openapi_extra=body_limit(10))
    async def short(request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    @notes.post("/{note_id}")
    async def long(note_id: int, request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    outer = APIRouter(prefix="/v1")
    outer.include_router(notes)
    app.include_router(outer)

    @app.post("/top", openapi_extra=body_limit(5))
    async def top(request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    app.add_middleware(BodyLimit, default_max_bytes=100)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pacer") as client:
        yield client


async def test_a_route_s_own_limit_holds_under_its_routers_prefixes(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.post("/v1/notes/short", content=b"x" * 11)
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    assert "10 bytes" in refused.json()["detail"]
    assert (await client.post("/v1/notes/short", content=b"x" * 10)).json() == {"read": 10}


async def test_other_routes_take_the_default(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/notes/7", content=b"x" * 100)).json() == {"read": 100}
    assert (await client.post("/v1/notes/7", content=b"x" * 101)).status_code == 413
    assert (await client.post("/top", content=b"x" * 6)).status_code == 413


async def test_a_streamed_body_is_cut_off_at_the_limit(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"x" * 4

    assert (await client.post("/v1/notes/short", content=chunks())).status_code == 413
