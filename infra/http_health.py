"""Liveness and readiness of an API process: `GET /health` answers while the process serves
requests; `GET /ready` answers 200 only when every dependency the process needs answers too
(a load balancer stops sending traffic on 503)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from infra.problems import problem_response, problems

Check = Callable[[FastAPI], Awaitable[object]]
CHECK_TIMEOUT_S = 2.0


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, float] = Field(description="Each dependency's answer time in milliseconds.")


def install_health(app: FastAPI, readiness: Mapping[str, Check]) -> None:
    @app.get("/health", tags=["operations"], response_model=Health)
    async def health() -> Health:
        """Liveness: the process serves requests."""
        return Health()

    @app.get(
        "/ready",
        tags=["operations"],
        response_model=Readiness,
        responses=problems(503),
    )
    async def ready(request: Request) -> Readiness | JSONResponse:
        """Readiness: every dependency this process needs answered within 2 s."""
        answers: dict[str, float] = {}
        failed: list[str] = []
        for name, check in readiness.items():
            began = time.perf_counter()
            try:
                async with asyncio.timeout(CHECK_TIMEOUT_S):
                    await check(request.app)
            except Exception:  # any failure of a dependency means "not ready"
                failed.append(name)
                continue
            answers[name] = round((time.perf_counter() - began) * 1000, 2)
        if failed:
            return problem_response(
                503,
                "Not ready",
                problem_type="not-ready",
                detail=f"Not answering: {', '.join(failed)}.",
                request=request,
                headers={"Retry-After": "5"},
            )
        return Readiness(checks=answers)
