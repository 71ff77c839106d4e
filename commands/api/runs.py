"""Run commands."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from commands.api.gateway import Gateway
from commands.training import handlers
from contracts.commands.training import CorrectRun, DeleteRun, RecordRun
from contracts.reads.common import CommandAccepted
from infra.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/runs", tags=["runs"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=CommandAccepted)
async def record_run(cmd: RecordRun, gateway: Gateway) -> JSONResponse:
    """Record a run. An `Idempotency-Key` header makes retries safe."""
    athlete = gateway.principal.account_id
    return await gateway.run(lambda uow: handlers.record_run(cmd, uow, athlete), 201)


@router.put("/{run_id}", response_model=CommandAccepted)
async def correct_run(run_id: UUID, cmd: CorrectRun, gateway: Gateway) -> JSONResponse:
    """Replace a run's details; 409 if it changed since `expected_version`."""
    athlete = gateway.principal.account_id
    return await gateway.run(lambda uow: handlers.correct_run(cmd, uow, athlete, run_id), 200)


@router.delete("/{run_id}", response_model=CommandAccepted)
async def delete_run(
    run_id: UUID,
    gateway: Gateway,
    expected_version: Annotated[int | None, Query(ge=1)] = None,
) -> JSONResponse:
    """Delete a run; 409 if `expected_version` is given and stale."""
    cmd = DeleteRun(expected_version=expected_version)
    athlete = gateway.principal.account_id
    return await gateway.run(lambda uow: handlers.delete_run(cmd, uow, athlete, run_id), 200)
