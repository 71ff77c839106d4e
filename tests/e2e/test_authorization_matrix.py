"""The authorisation matrix, over HTTP on the real services, from one table: every route that can
name another account's data is tried by its owner, a follower (approved: the owner's profile is
followers-only), a stranger, an account the owner blocks, a coach whose live grant has the
route's scope, a coach whose live grant lacks it, and an admin; each cell expects the owner's
answer (2xx) or the refusal (404 unless the case says otherwise). Every route of both APIs is
either in the table or exempt with a reason, so a new route joins one or the other
(`test_every_route_is_in_the_matrix_or_exempt`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from commands.actors import Actor
from contracts.identity.admin import AppointAdmin
from contracts.identity.coaching import Scope
from infra.database import create_engine
from pacer.bootstrap import command_bus
from tests.e2e.conftest import System
from tests.e2e.test_coaching_over_http import Member
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
DOCS = Path(__file__).resolve().parents[2] / "docs"
Role = Literal[
    "owner", "follower", "stranger", "blocked", "coach_with_scope", "coach_without_scope", "admin"
]
ROLES: tuple[Role, ...] = (
    "stranger", "blocked", "follower", "coach_with_scope", "coach_without_scope", "admin", "owner",
)  # fmt: skip
"""The order cells run in: the owner last, so a command's refusals come before its success."""
A_SCOPES: list[Scope] = ["read_training", "write_training_plans"]
B_SCOPES: list[Scope] = ["read_nutrition", "read_movement"]
TODAY = datetime.now(UTC).date()


@dataclass(frozen=True)
class Case:
    """A route on the owner's data: `path` and `body` are formatted with the owner's fixtures
    (`{owner}`, `{run}`, `{plan}`, …); `scope` is the grant scope that lets a coach in."""

    api: Literal["command", "query"]
    method: str
    route: str  # as the OpenAPI document names it
    path: str
    scope: Scope | None = None
    body: dict[str, Any] | None = None
    parties: frozenset[Role] = field(default_factory=frozenset)
    """Roles that are a party to the thing itself (a grant's coach, a follower of a post's
    author), allowed without a scope."""
    refusal: str = "404"

    def allows(self, role: Role) -> bool:
        if role == "owner" or role in self.parties:
            return True
        return role == "coach_with_scope" and self.scope is not None


RUN = {"distance_km": 5, "duration_s": 1500,
       "started_at": f"{TODAY - timedelta(days=1)}T06:00:00Z"}  # fmt: skip
WORKOUT = {"exercise": "squat", "reps": 20, "duration_s": 300,
           "performed_at": f"{TODAY - timedelta(days=1)}T18:00:00Z"}  # fmt: skip
SESSION = {"kind": "easy", "title": "Easy", "steps": [{"kind": "steady", "duration_s": 1800}]}
PLAN = {"title": "Base", "start_date": str(TODAY), "end_date": str(TODAY + timedelta(days=30))}
NUTRITION = {
    "sex": "female", "birth_date": "1991-04-12", "height_cm": 168, "weight_kg": 62,
    "activity": "active", "goal": "maintain", "diet": "Omnivore", "meal_slots": 3,
}  # fmt: skip
RECIPE = {"name": "Oats", "meal_types": ["breakfast"], "servings": 1, "text": "70 g oats"}
T: Scope = "read_training"
N: Scope = "read_nutrition"
M: Scope = "read_movement"
W: Scope = "write_training_plans"
FOLLOWER: frozenset[Role] = frozenset({"follower"})
COUNTERPARTS: frozenset[Role] = frozenset({"follower", "coach_with_scope", "coach_without_scope"})
"""Who sees the owner's profile: approved followers, and coaches with a grant (their names)."""
NOT_BLOCKED: frozenset[Role] = frozenset(
    {"follower", "stranger", "coach_with_scope", "coach_without_scope", "admin"}
)
MATRIX: tuple[Case, ...] = (
    # Reads: the owner's data named by id or by `athlete_id`.
    Case("query", "GET", "/runs", "/runs?athlete_id={owner}", T),
    Case("query", "GET", "/runs/weekly", "/runs/weekly?athlete_id={owner}", T),
    Case("query", "GET", "/runs/{run_id}", "/runs/{run}?athlete_id={owner}", T),
    Case("query", "GET", "/plans", "/plans?athlete_id={owner}", T),
    Case("query", "GET", "/plans/{plan_id}", "/plans/{plan}?athlete_id={owner}", T),
    Case("query", "GET", "/plans/{plan_id}/workouts/{workout_id}/export",
         "/plans/{plan}/workouts/{workout}/export"),
    Case("query", "GET", "/shoes/{shoe_id}", "/shoes/{shoe}"),
    Case("query", "GET", "/movement/workouts", "/movement/workouts?athlete_id={owner}", M),
    Case("query", "GET", "/movement/workouts/{workout_id}",
         "/movement/workouts/{lift}?athlete_id={owner}", M),
    Case("query", "GET", "/movement/statistics", "/movement/statistics?athlete_id={owner}", M),
    Case("query", "GET", "/movement/analyses/{analysis_id}", "/movement/analyses/{upload}"),
    Case("query", "GET", "/nutrition/profile", "/nutrition/profile?athlete_id={owner}", N),
    Case("query", "GET", "/nutrition/targets/history",
         "/nutrition/targets/history?athlete_id={owner}", N),
    Case("query", "GET", "/nutrition/weights", "/nutrition/weights?athlete_id={owner}", N),
    Case("query", "GET", "/nutrition/meal-plans", "/nutrition/meal-plans?athlete_id={owner}", N),
    Case("query", "GET", "/nutrition/meal-plans/{plan_id}",
         "/nutrition/meal-plans/{meal_plan}?athlete_id={owner}", N),
    Case("query", "GET", "/nutrition/recipes/{recipe_id}", "/nutrition/recipes/{recipe}"),
    Case("query", "GET", "/documents/{document_id}", "/documents/{document}"),
    Case("query", "GET", "/profiles/{account_id}", "/profiles/{owner}", parties=COUNTERPARTS),
    Case("query", "GET", "/social/accounts/{account_id}", "/social/accounts/{owner}",
         parties=COUNTERPARTS),
    Case("query", "GET", "/social/accounts/{account_id}/posts",
         "/social/accounts/{owner}/posts", parties=COUNTERPARTS),
    Case("query", "GET", "/social/posts/{post_id}", "/social/posts/{post}", parties=FOLLOWER),
    Case("query", "GET", "/social/posts/{post_id}/comments", "/social/posts/{post}/comments",
         parties=FOLLOWER),
    Case("query", "GET", "/social/posts/{post_id}/likes", "/social/posts/{post}/likes",
         parties=FOLLOWER),
    Case("query", "GET", "/social/groups/{group_id}", "/social/groups/{group}",
         parties=NOT_BLOCKED),
    Case("query", "GET", "/social/groups/{group_id}/members", "/social/groups/{group}/members"),
    Case("query", "GET", "/social/groups/{group_id}/posts", "/social/groups/{group}/posts"),
    Case("query", "GET", "/coaching/grants/{grant_id}", "/coaching/grants/{grant}",
         parties=frozenset({"coach_with_scope"})),
    # Writes on the owner's data.
    Case("command", "PUT", "/runs/{run_id}", "/runs/{run}", body={**RUN, "expected_version": 1}),
    Case("command", "DELETE", "/runs/{run_id}", "/runs/{run}"),
    Case("command", "POST", "/plans", "/plans?athlete_id={owner}", W, body=PLAN),
    Case("command", "PUT", "/plans/{plan_id}/title", "/plans/{plan}/title?athlete_id={owner}",
         W, body={"title": "Renamed", "expected_version": 2}),
    Case("command", "POST", "/plans/{plan_id}/workouts",
         "/plans/{plan}/workouts?athlete_id={owner}", W,
         body={"date": str(TODAY + timedelta(days=2)), "session": SESSION, "expected_version": 2}),
    Case("command", "DELETE", "/plans/{plan_id}", "/plans/{plan}?athlete_id={owner}", W),
    Case("command", "PUT", "/plans/{plan_id}/dates", "/plans/{plan}/dates?athlete_id={owner}", W,
         body={"start_date": str(TODAY), "end_date": str(TODAY + timedelta(days=40)),
               "expected_version": 2}),
    Case("command", "POST", "/plans/{plan_id}/archive", "/plans/{plan}/archive?athlete_id={owner}",
         W, body={"expected_version": 2}),
    Case("command", "PUT", "/plans/{plan_id}/workouts/{workout_id}/date",
         "/plans/{plan}/workouts/{workout}/date?athlete_id={owner}", W,
         body={"date": str(TODAY + timedelta(days=3)), "expected_version": 2}),
    Case("command", "PUT", "/plans/{plan_id}/workouts/{workout_id}",
         "/plans/{plan}/workouts/{workout}?athlete_id={owner}", W,
         body={"session": SESSION, "expected_version": 2}),
    Case("command", "DELETE", "/plans/{plan_id}/workouts/{workout_id}",
         "/plans/{plan}/workouts/{workout}?athlete_id={owner}", W),
    Case("command", "PUT", "/shoes/{shoe_id}/nickname", "/shoes/{shoe}/nickname",
         body={"nickname": "Old", "expected_version": 1}),
    Case("command", "POST", "/shoes/{shoe_id}/retire", "/shoes/{shoe}/retire",
         body={"expected_version": 1}),
    Case("command", "PUT", "/movement/workouts/{workout_id}", "/movement/workouts/{lift}",
         body={**WORKOUT, "expected_version": 1}),
    Case("command", "DELETE", "/movement/workouts/{workout_id}", "/movement/workouts/{lift}"),
    Case("command", "DELETE", "/movement/uploads/{upload_id}", "/movement/uploads/{upload}"),
    Case("command", "DELETE", "/nutrition/recipes/{recipe_id}", "/nutrition/recipes/{recipe}"),
    Case("command", "POST", "/documents/plan-exports", "/documents/plan-exports",
         body={"plan_id": "{plan}"}),
    Case("command", "POST", "/coaching/grants/{grant_id}/revoke", "/coaching/grants/{grant}/revoke",
         parties=frozenset({"coach_with_scope"})),
    Case("command", "PUT", "/social/posts/{post_id}", "/social/posts/{post}",
         body={"text": "Edited", "expected_version": 1}),
    Case("command", "DELETE", "/social/posts/{post_id}", "/social/posts/{post}"),
    Case("command", "PUT", "/social/posts/{post_id}/like", "/social/posts/{post}/like",
         parties=FOLLOWER),
    Case("command", "POST", "/social/posts/{post_id}/comments", "/social/posts/{post}/comments",
         parties=FOLLOWER, body={"text": "Nice one"}),
    Case("command", "DELETE", "/social/comments/{comment_id}", "/social/comments/{comment}"),
    Case("command", "PUT", "/social/groups/{group_id}/membership",
         "/social/groups/{group}/membership", parties=NOT_BLOCKED),
    Case("command", "DELETE", "/social/groups/{group_id}", "/social/groups/{group}",
         refusal="403"),
)  # fmt: skip
SELF_ONLY = "acts on the caller's own data; nothing in it names another account's"
EXEMPT: dict[str, str] = {
    **{
        f"{method} {route}": SELF_ONLY
        for method, route in (
            ("POST", "/runs"),
            ("POST", "/shoes"),
            ("POST", "/movement/uploads"),
            ("POST", "/movement/workouts"),
            ("POST", "/nutrition/weights"),
            ("PUT", "/me/privacy"),
            ("PUT", "/nutrition/profile"),
            ("POST", "/nutrition/meal-plans"),
            ("PATCH", "/me/profile"),
            ("POST", "/nutrition/recipes"),
            ("POST", "/nutrition/recipe-analyses"),
            ("POST", "/nutrition/coach/messages"),
            ("PUT", "/nutrition/days/{day}"),
            ("PUT", "/me/training-preferences"),
            ("PUT", "/me/email"),
            ("PUT", "/me/password"),
            ("POST", "/me/erasure"),
            ("POST", "/me/avatar/uploads"),
            ("DELETE", "/me/avatar"),
            ("GET", "/me"),
            ("GET", "/shoes"),
            ("GET", "/nutrition/days"),
            ("GET", "/nutrition/coach/messages"),
            ("GET", "/me/data-accesses"),
            ("GET", "/coaching/grants"),
            ("GET", "/analytics/fitness"),
            ("GET", "/analytics/load"),
            ("GET", "/analytics/records"),
            ("GET", "/analytics/totals"),
            ("GET", "/integrations/strava"),
            ("GET", "/integrations/strava/pushes"),
            ("PUT", "/integrations/strava/preferences"),
            ("DELETE", "/integrations/strava"),
            ("GET", "/integrations/strava/authorize"),
            ("POST", "/integrations/strava/pushes"),
            ("POST", "/coaching/coaches"),
            ("POST", "/coaching/athletes"),
            ("GET", "/social/feed"),
            ("GET", "/social/followers"),
            ("GET", "/social/following"),
            ("GET", "/social/blocks"),
            ("POST", "/social/groups"),
            ("POST", "/documents/data-exports"),
        )
    },
    **{
        f"{method} {route}": "the caller's own follows, followers, blocks, likes and memberships, "
        "named by the other account or the thing (tests/e2e/test_social_over_http.py, "
        "tests/unit/social/test_social_handlers.py)"
        for method, route in (
            ("POST", "/social/follows"),
            ("DELETE", "/social/follows/{account_id}"),
            ("POST", "/social/followers/{account_id}/approve"),
            ("POST", "/social/followers/{account_id}/decline"),
            ("DELETE", "/social/followers/{account_id}"),
            ("PUT", "/social/blocks/{account_id}"),
            ("DELETE", "/social/blocks/{account_id}"),
            ("DELETE", "/social/posts/{post_id}/like"),
            ("DELETE", "/social/groups/{group_id}/membership"),
        )
    },
    "POST /social/posts": "posts as the caller; the run, workout or group it names must be the "
    "caller's (test_social_over_http.py, test_social_handlers.py)",
    "GET /social/groups": "every group but those of accounts blocking or blocked by the caller",
    "DELETE /social/groups/{group_id}/members/{account_id}": "the group's owner only "
    "(test_social_over_http.py)",
    **{
        f"{method} {route}": "its id is the caller's own upload, proposal, swap or push, found "
        "only among the caller's (tested in the context's own e2e tests)"
        for method, route in (
            ("POST", "/me/avatar/uploads/{upload_id}/submit"),
            ("POST", "/movement/uploads/{upload_id}/submit"),
            ("POST", "/movement/uploads/{upload_id}/submit-landmarks"),
            ("POST", "/nutrition/target-proposals/{proposal_id}/accept"),
            ("POST", "/nutrition/meal-plans/{plan_id}/swaps"),
            ("GET", "/nutrition/recipe-analyses/{analysis_id}"),
            ("GET", "/integrations/strava/pushes/{push_id}"),
            ("PUT", "/shoes/{shoe_id}/limit"),
            ("POST", "/shoes/{shoe_id}/default"),
        )
    },
    **{
        f"{method} {route}": "the catalog: the same for everyone signed in"
        for method, route in (
            ("GET", "/nutrition/recipes"),
            ("GET", "/nutrition/recipes/search"),
            ("GET", "/nutrition/recipes/{recipe_id}/similar"),
        )
    },
    **{
        f"{method} {route}": "signing in and out, before any account is the caller's"
        for method, route in (
            ("POST", "/auth/register"),
            ("POST", "/auth/token"),
            ("POST", "/auth/refresh"),
            ("POST", "/auth/logout"),
        )
    },
    **{
        f"{method} {route}": "Strava's OAuth callback and webhook: Strava calls them, signed by "
        "state or its verify token (tests/e2e/test_strava_over_http.py)"
        for method, route in (
            ("GET", "/integrations/strava/callback"),
            ("GET", "/integrations/strava/webhook"),
            ("POST", "/integrations/strava/webhook"),
        )
    },
    "GET /health": "liveness, no data",
    "POST /plans/generate": "the delegation of POST /plans (its command names "
    "write_training_plans; tests/unit/identity/test_grant_handlers.py); it needs a goal race",
    "GET /nutrition/meal-plans/{plan_id}/shopping-list": "the Reader of GET /nutrition/meal-plans/"
    "{plan_id}; it needs a plan the meal planner has generated (minutes of a worker)",
    "GET /ready": "readiness, no data",
    "GET /admin/counts": "admins only, counts only (tests/e2e/test_admin_over_http.py)",
    "POST /admin/accounts/{account_id}/disable": "admins only (test_admin_over_http.py)",
    "POST /admin/accounts/{account_id}/enable": "admins only (test_admin_over_http.py)",
    "POST /coaching/grants/{grant_id}/accept": "the grant's parties only (coaching tests)",
    "POST /coaching/grants/{grant_id}/decline": "the grant's parties only (coaching tests)",
    "PUT /coaching/grants/{grant_id}/scopes": "the grant's athlete only (coaching tests)",
    "POST /coaching/athletes/{athlete_id}/access": "a coach's own grant (coaching tests)",
    "POST /coaching/access": "a coach's own grants (coaching tests)",
    "GET /coaching/roster": "a coach's ticket of their own grants (coaching tests)",
}


def test_every_route_is_in_the_matrix_or_exempt() -> None:
    routes = {
        f"{method.upper()} {path}"
        for name in ("openapi-command.json", "openapi-query.json")
        for path, operations in json.loads((DOCS / name).read_text())["paths"].items()
        for method in operations
    }
    tried = {f"{case.method} {case.route}" for case in MATRIX}
    assert routes - tried - EXEMPT.keys() == set(), "add these routes to MATRIX or EXEMPT"
    assert tried - routes == set(), "MATRIX names routes that do not exist"
    assert EXEMPT.keys() - routes == set(), "EXEMPT names routes that do not exist"
    assert tried & EXEMPT.keys() == set()


Fixtures = dict[str, str]


async def _created(answer: httpx.Response) -> str:
    assert answer.status_code in (200, 201, 202), answer.text
    found: str = answer.json().get("aggregate_id") or answer.json()["upload_id"]
    return found


async def _fixtures(owner: Member, needs: set[str]) -> Fixtures:
    """Fresh things of the owner's, those a case names: a run, a plan with a workout, a shoe, a
    strength workout, an upload, a saved recipe, a printable plan, a meal plan."""
    post, auth = owner.system.command.post, owner.auth
    made: Fixtures = {"owner": owner.id}
    if "run" in needs:
        made["run"] = await _created(await post("/runs", headers=auth, json=RUN))
    if needs & {"plan", "workout", "document"}:
        made["plan"] = await _created(await post("/plans", headers=auth, json=PLAN))
        workout = {"date": str(TODAY + timedelta(days=1)), "session": SESSION,
                   "expected_version": 1}  # fmt: skip
        scheduled = await post(f"/plans/{made['plan']}/workouts", headers=auth, json=workout)
        assert scheduled.status_code == 201, scheduled.text
        made["workout"] = scheduled.json()["workout_id"]
    if "shoe" in needs:
        made["shoe"] = await _created(await post("/shoes", headers=auth, json={"nickname": "T"}))
    if "lift" in needs:
        lifted = await post("/movement/workouts", headers=auth, json=WORKOUT)
        made["lift"] = await _created(lifted)
    if "upload" in needs:
        video = {"content_type": "video/mp4", "size_bytes": 1000}
        made["upload"] = await _created(await post("/movement/uploads", headers=auth, json=video))
    if "recipe" in needs:
        saved = await post("/nutrition/recipes", headers=auth, json=RECIPE)
        made["recipe"] = await _created(saved)
    if "document" in needs:
        made["document"] = await _created(await post(
            "/documents/plan-exports", headers=auth, json={"plan_id": made["plan"]}))  # fmt: skip
    if needs & {"post", "comment"}:
        made["post"] = await _created(await post("/social/posts", headers=auth,
                                                 json={"text": "Tempo Tuesday"}))  # fmt: skip
    if "comment" in needs:
        comments = f"/social/posts/{made['post']}/comments"
        made["comment"] = await _created(await post(comments, headers=auth,
                                                    json={"text": "Felt good"}))  # fmt: skip
    if "group" in needs:
        made["group"] = await _created(await post("/social/groups", headers=auth,
                                                  json={"name": "Track Tuesdays"}))  # fmt: skip
    if "meal_plan" in needs:
        monday = TODAY + timedelta(days=7 - TODAY.weekday())
        made["meal_plan"] = await _created(await post(
            "/nutrition/meal-plans", headers=auth, json={"week_start": str(monday)}))  # fmt: skip
    return made


def _needs(case: Case) -> set[str]:
    text = case.path + json.dumps(case.body or {})
    return {name for name in ("run", "plan", "workout", "shoe", "lift", "upload", "recipe",
                              "document", "meal_plan", "post", "comment", "group")
            if "{" + name + "}" in text}  # fmt: skip


class People:
    def __init__(self, system: System) -> None:
        self.system = system
        self.members: dict[Role, Member] = {}
        self.tickets: dict[tuple[Role, Scope], str] = {}
        self.grant = ""

    async def join(self) -> People:
        system = self.system
        owner = await Member(system, "Owner").join()
        coach_a = await Member(system, "CoachA", "coach").join()
        coach_b = await Member(system, "CoachB", "coach").join()
        self.members = {
            "owner": owner, "stranger": await Member(system, "Stranger").join(),
            "follower": await Member(system, "Follower").join(),
            "blocked": await Member(system, "Blocked").join(),
            "coach_with_scope": coach_a, "coach_without_scope": coach_b,
            "admin": await Member(system, "Admin").join(),
        }  # fmt: skip
        follower, blocked = self.members["follower"], self.members["blocked"]
        for asking in (follower, blocked):  # the owner is followers-only: requests
            assert (await asking.do("/social/follows", {"account_id": owner.id})).is_success
        approved = await owner.do(f"/social/followers/{follower.id}/approve")
        assert approved.status_code == 200, approved.text
        shut = await system.command.put(f"/social/blocks/{blocked.id}", headers=owner.auth)
        assert shut.status_code == 200, shut.text
        engine = create_engine(system.settings, pool_size=1)
        try:
            await command_bus(system.settings, engine).dispatch(
                AppointAdmin(email=self.members["admin"].email), Actor.system("cli:admin")
            )
        finally:
            await engine.dispose()
        await self.members["admin"].join_again()
        await system.command.put("/nutrition/profile", headers=owner.auth, json=NUTRITION)
        for coach, scopes in ((coach_a, A_SCOPES), (coach_b, B_SCOPES)):
            invited = await coach.do("/coaching/athletes", {"athlete_id": owner.id})
            grant = invited.json()["aggregate_id"]
            accepted = await owner.do(f"/coaching/grants/{grant}/accept", {"scopes": scopes})
            assert accepted.status_code == 200, accepted.text
            self.grant = self.grant or grant
        coaches: tuple[tuple[Role, list[Scope]], ...] = (
            ("coach_with_scope", A_SCOPES), ("coach_without_scope", B_SCOPES),
        )  # fmt: skip
        for role, scopes in coaches:
            for scope in scopes:
                opened = await self.members[role].do(
                    f"/coaching/athletes/{owner.id}/access", {"scope": scope}
                )
                assert opened.status_code == 201, opened.text
                self.tickets[(role, scope)] = opened.json()["ticket"]
        return self

    async def restore_grant(self) -> None:
        """Coach A's grant again, after a case revoked it (same grant, same tickets)."""
        owner, coach = self.members["owner"], self.members["coach_with_scope"]
        await coach.do("/coaching/athletes", {"athlete_id": owner.id})
        accepted = await owner.do(f"/coaching/grants/{self.grant}/accept", {"scopes": A_SCOPES})
        assert accepted.status_code == 200, accepted.text

    def holder(self, role: Role, case: Case) -> Member:
        """Who plays `role` for `case`: the coach whose grant has the case's scope, or not."""
        if case.scope in B_SCOPES and role.startswith("coach"):
            other: Role = (
                "coach_without_scope" if role == "coach_with_scope" else "coach_with_scope"
            )
            return self.members[other]
        return self.members[role]

    def headers(self, role: Role, case: Case) -> dict[str, str]:
        member = self.holder(role, case)
        ticket = next((t for (r, s), t in self.tickets.items()
                       if self.members[r] is member and s == case.scope), None)  # fmt: skip
        return {**member.auth, **({"X-Access-Ticket": ticket} if ticket else {})}


def _format(value: Any, fixtures: Fixtures) -> Any:
    if isinstance(value, str):
        return value.format(**fixtures)
    if isinstance(value, dict):
        return {key: _format(item, fixtures) for key, item in value.items()}
    return value


async def test_each_role_sees_and_changes_only_what_the_table_allows(system: System) -> None:
    people = await People(system).join()
    owner = people.members["owner"]
    failures: list[str] = []
    for case in MATRIX:
        fixtures = await _fixtures(owner, _needs(case))
        fixtures["grant"] = people.grant
        if case.api == "query":  # the owner's answer first: a refusal then means a refusal
            assert await _cell(system, people, case, "owner", fixtures) == "2xx", case.route
        for role in ROLES:
            if case.api == "command" and case.allows(role):  # each success on things of its own
                fixtures = await _fixtures(owner, _needs(case))
            fixtures["grant"] = people.grant
            got = await _cell(system, people, case, role, fixtures)
            expected = "2xx" if case.allows(role) else case.refusal
            if got != expected:
                failures.append(f"{case.method} {case.route} as {role}: {got}, not {expected}")
            if case.route.endswith("/revoke") and got == "2xx":
                await people.restore_grant()
    assert failures == []


async def _cell(system: System, people: People, case: Case, role: Role, fixtures: Fixtures) -> str:
    api = system.command if case.api == "command" else system.query
    path, body = case.path.format(**fixtures), _format(case.body, fixtures)
    headers = people.headers(role, case)

    async def send() -> httpx.Response:
        return await api.request(case.method, path, headers=headers, json=body)

    answer = await send()
    if case.api == "query" and case.allows(role) and answer.status_code == 404:
        # Not projected yet (the owner's things and the grants are read models too).
        async def served() -> bool:
            return (await send()).is_success

        await eventually(served, timeout_s=30)
        answer = await send()
    return "2xx" if answer.is_success else str(answer.status_code)
