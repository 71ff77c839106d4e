"""Administration over HTTP (`/admin`): an admin disables an account or enables it again.
Counts are on the query API (`GET /admin/counts`); admins are appointed with
`pacer admin appoint EMAIL`."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, answer, build
from contracts.commands import CommandAccepted
from contracts.identity.admin import AccountDisabling, DisableAccount, EnableAccount
from infra.problems import problems

router = APIRouter(prefix="/admin", tags=["admin"])


@router.post("/accounts/{account_id}/disable", response_model=CommandAccepted,
             responses=problems(403, 404, 409, 422))  # fmt: skip
async def disable_account(
    account_id: UUID, body: AccountDisabling, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Admins only (403 otherwise): every login of the account ends at once (its access tokens
    are refused on the next request) and it cannot log in until enabled; 409 if disabled."""
    command = build(DisableAccount, admin_id=sender.account_id, account_id=account_id,
                    reason=body.reason)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/accounts/{account_id}/enable", response_model=CommandAccepted,
             responses=problems(403, 404, 409))  # fmt: skip
async def enable_account(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Admins only: the account may log in again."""
    command = build(EnableAccount, admin_id=sender.account_id, account_id=account_id)
    return answer(await sender.send(command, key), response)
