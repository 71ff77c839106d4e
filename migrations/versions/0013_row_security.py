"""Row-level security on the read models: the query API reads as `pacer_reader`, with the caller
set per transaction (`pacer.caller`), so a row is visible only to its owner, to a coach whose live
grant has the read model's scope, or (a profile) to everyone when it is public. A query that
forgets its `WHERE` still sees nothing of anybody else's. The projectors write as the tables'
owner, which the policies do not bind.

Cross-table conditions live in functions (`pacer_coached`, `pacer_counterparts`,
`pacer_meal_plans`), never in a policy's own text, so a read model rebuilt and swapped in depends
on no other table; each is a set the policy tests membership in, computed once per query.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "pacer_reader"
# Read models with one owner per row, by the grant scope that lets a coach read them (None: the
# owner alone).
OWNED: dict[str, tuple[str, str | None]] = {
    "plans_view": ("athlete_id", "read_training"),
    "plan_workouts_view": ("athlete_id", "read_training"),
    "shoes_view": ("athlete_id", "read_training"),
    "workouts_view": ("athlete_id", "read_movement"),
    "analyses_view": ("athlete_id", "read_movement"),
    "documents_view": ("athlete_id", None),
    "nutrition_profiles_view": ("athlete_id", "read_nutrition"),
    "nutrition_targets_history": ("athlete_id", "read_nutrition"),
    "nutrition_weights_view": ("athlete_id", "read_nutrition"),
    "nutrition_proposals_view": ("athlete_id", "read_nutrition"),
    "nutrition_day_marks_view": ("athlete_id", None),
    "nutrition_day_kinds_view": ("athlete_id", None),
    "meal_plans_view": ("athlete_id", "read_nutrition"),
    "coach_messages_view": ("athlete_id", None),
    "strava_view": ("account_id", None),
    "strava_pushes_view": ("account_id", None),
}
CALLER = "nullif(current_setting('pacer.caller', true), '')::uuid"
"""The caller, written out in each policy: compared row by row, it costs no function call."""
OTHERS = {
    # Runs imported from Strava are shown to their owner only (Strava's terms), coach or not.
    "runs_view": (
        f"athlete_id = {CALLER} OR (athlete_id IN (SELECT pacer_coached('read_training')) "
        "AND COALESCE(source, 'manual') = 'manual')"
    ),
    "recipes_view": (
        f"kind = 'catalog' OR owner_id = {CALLER} "
        "OR owner_id IN (SELECT pacer_coached('read_nutrition'))"
    ),
    "profiles_view": (
        f"account_id = {CALLER} OR (visibility = 'public' AND NOT disabled) "
        "OR account_id IN (SELECT pacer_counterparts())"
    ),
    "grants_view": f"{CALLER} IN (coach_id, athlete_id)",
    "athlete_accesses_view": f"{CALLER} IN (coach_id, athlete_id)",
    "meal_plan_days_view": "plan_id IN (SELECT pacer_meal_plans())",
}
SHARED = ("coach_guides_view",)
"""Read models that are the same for everyone signed in (no owner column, no policy)."""
# Sets, not per-row tests: `x IN (SELECT f())` is one hashed lookup per query.
FUNCTIONS = (
    f"""CREATE FUNCTION pacer_caller() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT {CALLER} $$""",
    """CREATE FUNCTION pacer_coached(scope text) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT g.athlete_id FROM grants_view g WHERE g.coach_id = pacer_caller()
        AND g.status = 'active' AND scope = ANY (g.scopes) $$""",
    """CREATE FUNCTION pacer_counterparts() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT g.athlete_id FROM grants_view g WHERE g.coach_id = pacer_caller()
        AND g.status IN ('invited', 'active')
        UNION SELECT g.coach_id FROM grants_view g WHERE g.athlete_id = pacer_caller()
        AND g.status IN ('invited', 'active') $$""",
    """CREATE FUNCTION pacer_meal_plans() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT p.plan_id FROM meal_plans_view p $$""",
)


def upgrade() -> None:
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER}') "  # noqa: S608 - constants
        f"THEN CREATE ROLE {READER} NOLOGIN; END IF; END $$"
    )
    op.execute(f"GRANT {READER} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {READER}")
    # The read models only: never the event store, credentials, tokens or Strava's secrets. A
    # later read model grants itself the same way (tests/integration/test_row_security.py fails
    # on a `_view` table the reader cannot read, or reads without a policy).
    for table in [*OWNED, *OTHERS, *SHARED]:
        op.execute(f"GRANT SELECT ON {table} TO {READER}")
    for function in FUNCTIONS:
        op.execute(function)
    rules = {
        table: f"{column} = {CALLER}"
        + (f" OR {column} IN (SELECT pacer_coached('{scope}'))" if scope else "")
        for table, (column, scope) in OWNED.items()
    }
    for table, rule in {**rules, **OTHERS}.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY reader ON {table} FOR SELECT TO {READER} USING ({rule})")


def downgrade() -> None:
    for table in [*OWNED, *OTHERS]:
        op.execute(f"DROP POLICY reader ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for function in ("pacer_meal_plans()", "pacer_counterparts()", "pacer_coached(text)",
                     "pacer_caller()"):  # fmt: skip
        op.execute(f"DROP FUNCTION {function}")
    for table in [*OWNED, *OTHERS, *SHARED]:
        op.execute(f"REVOKE SELECT ON {table} FROM {READER}")  # noqa: S608 - constants
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {READER}")
