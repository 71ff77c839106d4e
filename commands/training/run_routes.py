"""Run commands over HTTP."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from commands.http import AccountSender, IdempotencyKey, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun, RunCreate, RunUpdate
from contracts.types import INT32_MAX
from infra.problems import problems

router = APIRouter(prefix="/runs", tags=["runs"])


# Where a recorded run goes next: clients (and the fuzzer's stateful phase) follow these links.
RUN_LINKS = {
    name: {"operationId": name, "parameters": {"run_id": "$response.body#/aggregate_id"}}
    for name in ("correct_run", "delete_run")
}


@router.post(
    "", status_code=201, response_model=CommandAccepted, responses={201: {"links": RUN_LINKS}}
)
async def record_run(
    body: RunCreate, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Record a run. An `Idempotency-Key` header makes retries safe."""
    command = build(
        RecordRun, run_id=new_id(sender, key), athlete_id=sender.account_id, **body.model_dump()
    )
    return answer(await sender.send(command, key), response)


@router.put("/{run_id}", response_model=CommandAccepted, responses=problems(404, 409))
async def correct_run(
    run_id: UUID,
    body: RunUpdate,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:
    """Replace a run's details; 409 if it changed since `expected_version`."""
    command = build(CorrectRun, run_id=run_id, athlete_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.delete("/{run_id}", response_model=CommandAccepted, responses=problems(404, 409))
async def delete_run(
    run_id: UUID,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
    expected_version: Annotated[int | None, Query(ge=1, le=INT32_MAX)] = None,
) -> CommandAccepted:
    """Delete a run; 409 if `expected_version` is given and stale."""
    command = build(
        DeleteRun, run_id=run_id, athlete_id=sender.account_id, expected_version=expected_version
    )
    return answer(await sender.send(command, key), response)
