"""Documents commands over HTTP: ask for a printable plan, or for all of your data."""

from __future__ import annotations

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, account_limit, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.documents.commands import PlanExportRequest, RequestDataExport, RequestPlanExport
from infra.problems import problems

router = APIRouter(prefix="/documents", tags=["documents"])
EXPORTS = account_limit("data-exports", "limit_data_exports_per_account", "data exports")


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


@router.post("/data-exports", status_code=202, response_model=CommandAccepted,
             responses=problems(409), dependencies=[EXPORTS])  # fmt: skip
async def request_data_export(
    sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Export all of your data — profile and settings, runs, plans, shoes, strength workouts and
    analyses, nutrition, meal plans, recipes, your chat with the coach, posts, comments, likes,
    follows, groups, coaching grants and who accessed your data — as JSON files in a zip.
    Accepted at once; `GET /documents/{aggregate_id}` on the query API shows its status and,
    once ready, an expiring download link."""
    command = build(RequestDataExport, document_id=new_id(sender, key),
                    athlete_id=sender.account_id)  # fmt: skip
    return answer(await sender.send(command, key), response)
