"""Administration queries over HTTP: system counts for admins, nobody's content."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from contracts.identity.admin import SystemCounts
from infra.http_auth import CurrentPrincipal
from infra.problems import ProblemError, problems
from queries.http import EveryRow

router = APIRouter(tags=["admin"])
COUNTS = text(
    "SELECT (SELECT count(*) FILTER (WHERE disabled) FROM profiles_view) AS disabled_accounts, "
    "(SELECT count(*) FROM runs_view) AS runs, (SELECT count(*) FROM plans_view) AS plans, "
    "(SELECT count(*) FROM workouts_view) AS workouts, "
    "(SELECT count(*) FROM meal_plans_view) AS meal_plans, "
    "(SELECT count(*) FROM grants_view WHERE status = 'active') AS live_grants"
)
ROLES = text("SELECT role, count(*) AS n FROM profiles_view GROUP BY role ORDER BY role")


class AdminOnlyError(ProblemError):
    status = 403
    problem_type = "admin-only"
    title = "Admins only"


@router.get("/admin/counts", response_model=SystemCounts, responses=problems(403))
async def counts(principal: CurrentPrincipal, conn: EveryRow) -> SystemCounts:
    """How many accounts (by role, and disabled), runs, plans, strength workouts, meal plans and
    live coaching grants the system holds. Admins only."""
    if principal.role != "admin":
        raise AdminOnlyError("only an admin sees the system's counts")
    row = (await conn.execute(COUNTS)).one()
    roles = {role: n for role, n in (await conn.execute(ROLES)).all()}
    return SystemCounts(
        accounts=roles, disabled_accounts=row.disabled_accounts, runs=row.runs,
        training_plans=row.plans, strength_workouts=row.workouts, meal_plans=row.meal_plans,
        live_grants=row.live_grants,
    )  # fmt: skip
