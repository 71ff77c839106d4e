"""Shoe commands over HTTP: add a pair, rename it, change its limit, make it the default for
runs that name no shoe, retire it. Every change names the shoe version it is based on."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.training.shoes import (
    AddShoe,
    MakeShoeDefault,
    RenameShoe,
    RetireShoe,
    SetShoeLimit,
    ShoeAdd,
    ShoeLimit,
    ShoeRename,
    ShoeVersion,
)
from infra.problems import problems

router = APIRouter(prefix="/shoes", tags=["shoes"])
Stale = problems(404, 409)
SHOE_LINKS = {
    name: {"operationId": name, "parameters": {"shoe_id": "$response.body#/aggregate_id"}}
    for name in ("rename_shoe", "set_shoe_limit", "make_shoe_default", "retire_shoe")
}


@router.post("", status_code=201, response_model=CommandAccepted,
             responses={201: {"links": SHOE_LINKS}})  # fmt: skip
async def add_shoe(
    body: ShoeAdd, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Add a pair of shoes (optionally as the default for runs that name none)."""
    command = build(AddShoe, shoe_id=new_id(sender, key), athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/{shoe_id}/nickname", response_model=CommandAccepted, responses=Stale)
async def rename_shoe(
    shoe_id: UUID, body: ShoeRename, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    command = build(RenameShoe, shoe_id=shoe_id, athlete_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.put("/{shoe_id}/limit", response_model=CommandAccepted, responses=Stale)
async def set_shoe_limit(
    shoe_id: UUID, body: ShoeLimit, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """The distance after which the shoe is due to be retired."""
    command = build(SetShoeLimit, shoe_id=shoe_id, athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/{shoe_id}/default", response_model=CommandAccepted, responses=Stale)
async def make_shoe_default(
    shoe_id: UUID, body: ShoeVersion, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Runs recorded without a shoe get this one from now on; 409 if it is retired."""
    command = build(MakeShoeDefault, shoe_id=shoe_id, athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/{shoe_id}/retire", response_model=CommandAccepted, responses=Stale)
async def retire_shoe(
    shoe_id: UUID, body: ShoeVersion, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Keep the shoe and its distance; it stops being the default."""
    command = build(RetireShoe, shoe_id=shoe_id, athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)
