"""Documents commands over HTTP: ask for a printable plan."""

from __future__ import annotations

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.documents.commands import PlanExportRequest, RequestPlanExport
from infra.problems import problems

router = APIRouter(prefix="/documents", tags=["documents"])


@router.post("/plan-exports", status_code=202, response_model=CommandAccepted,
             responses=problems(404, 409))  # fmt: skip
async def request_plan_export(
    body: PlanExportRequest, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Render one of your plans as a printable PDF (A4 or US Letter, metric or imperial,
    optionally only some of its days): a cover with the goal race and paces, a calendar with a
    row per week, a weekly distance chart and the steps of each key workout. Accepted at once;
    `GET /documents/{aggregate_id}` on the query API shows its status and, once rendered, an
    expiring download link."""
    command = build(RequestPlanExport, document_id=new_id(sender, key),
                    athlete_id=sender.account_id, **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)
