"""Administration over HTTP on the real services: an appointed admin sees the system's counts
(nobody else does), disables an account — its access token is refused on the next request and
it cannot log in — and enables it again."""

from __future__ import annotations

import pytest

from commands.actors import Actor
from contracts.identity.admin import AppointAdmin
from infra.database import create_engine
from pacer.bootstrap import command_bus
from tests.e2e.conftest import System
from tests.e2e.test_coaching_over_http import Member
from tests.e2e.test_runs_over_http import PASSWORD
from tests.helpers import eventually

pytestmark = pytest.mark.e2e


async def test_an_admin_disables_and_enables_an_account_and_sees_counts(system: System) -> None:
    root, bob = await Member(system, "Root").join(), await Member(system, "Bob").join()
    engine = create_engine(system.settings, pool_size=1)
    try:  # as `pacer admin appoint` does
        await command_bus(system.settings, engine).dispatch(
            AppointAdmin(email=root.email), Actor.system("cli:admin")
        )
    finally:
        await engine.dispose()
    refused = await bob.do(f"/admin/accounts/{root.id}/disable", {"reason": "spam"})
    assert refused.status_code == 403
    await root.join_again()  # the query API reads the role from the token
    assert (await bob.read("/admin/counts")).status_code == 403
    counts = await root.read("/admin/counts")
    assert counts.status_code == 200, counts.text

    async def admin_counted() -> bool:  # once the appointment is projected
        counted = await root.read("/admin/counts")
        return bool(counted.json()["accounts"].get("admin", 0) >= 1)

    await eventually(admin_counted, timeout_s=30)
    assert set(counts.json()) == {"accounts", "disabled_accounts", "runs", "training_plans",
                                  "strength_workouts", "meal_plans", "live_grants"}  # fmt: skip

    assert (await bob.read("/me")).status_code in (200, 404)
    disabled = await root.do(f"/admin/accounts/{bob.id}/disable", {"reason": "spam"})
    assert disabled.status_code == 200, disabled.text
    assert (await bob.read("/runs")).status_code == 401  # at once, not at the token's expiry
    login = await system.command.post(
        "/auth/token", data={"username": bob.email, "password": PASSWORD}
    )
    assert login.status_code == 401
    again = await root.do(f"/admin/accounts/{bob.id}/disable", {"reason": "spam"})
    assert again.status_code == 409
    assert (await bob.do(f"/admin/accounts/{root.id}/disable", {"reason": "x"})).status_code == 401

    enabled = await root.do(f"/admin/accounts/{bob.id}/enable")
    assert enabled.status_code == 200, enabled.text
    await bob.join_again()
    assert (await bob.read("/runs")).status_code == 200
