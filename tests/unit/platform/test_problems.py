"""Problem documents and their declarations: what an operation can answer follows from what its
route uses, every problem is `application/problem+json`, and a 500 claims nothing it cannot
know."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, FastAPI, Header
from pydantic import BaseModel

from infra.http_auth import CurrentPrincipal
from infra.problems import (
    PROBLEM_JSON,
    declare_problems,
    install_problem_handlers,
    problems,
    raises,
)


@raises(429)
def limited() -> None:
    """A dependency that may refuse with 429."""


class Body(BaseModel):
    name: str


def app_with_routes() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    router = APIRouter(prefix="/things")

    @router.post("", dependencies=[Depends(limited)])
    async def create(body: Body) -> dict[str, str]:
        return {}

    @router.get("/{thing_id}", responses=problems(404))
    async def read(thing_id: int, principal: CurrentPrincipal) -> dict[str, str]:
        return {}

    @router.get("/plain/list")
    async def plain() -> list[str]:
        return []

    @router.delete("/{thing_id}")
    async def delete(thing_id: int, key: Annotated[str | None, Header()] = None) -> None:
        return None

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("the database said no")

    app.include_router(router)
    declare_problems(app)
    return app


def responses(app: FastAPI, path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = app.openapi()["paths"][path][method]
    return dict(operation["responses"])


def test_each_operation_declares_the_problems_its_route_can_answer() -> None:
    app = app_with_routes()
    assert set(responses(app, "/things", "post")) == {"200", "400", "413", "422", "429"}
    assert set(responses(app, "/things/{thing_id}", "get")) == {"200", "401", "404", "422"}
    assert set(responses(app, "/things/plain/list", "get")) == {"200"}
    assert set(responses(app, "/things/{thing_id}", "delete")) == {"200", "422"}


def test_problems_are_problem_json_only_and_parameters_are_never_null() -> None:
    app = app_with_routes()
    document = app.openapi()
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == [PROBLEM_JSON]
            for parameter in operation.get("parameters", []):
                assert "anyOf" not in parameter["schema"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert "Problem" in document["components"]["schemas"]


async def test_a_500_says_the_request_failed_and_claims_nothing_about_what_was_kept() -> None:
    app = app_with_routes()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://pacer.test") as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    detail = response.json()["detail"]
    assert "lost" not in detail
    assert "database" not in detail  # the error's own words stay in the log
    assert "Idempotency-Key" in detail
