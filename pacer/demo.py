"""A demo athlete with four weeks of runs, recorded through the command bus like any client's
commands (`pacer dev up` seeds it in development)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConflictError
from contracts.identity.commands import RegisterAccount
from contracts.training.commands import RecordRun

DEMO_EMAIL = "demo@pacer.dev"
DEMO_PASSWORD = "pacer-demo-password"  # noqa: S105 - development demo account, printed on purpose
DEMO_ACCOUNT = uuid5(NAMESPACE_URL, "pacer:demo-athlete")
WEEKS = 4


@dataclass(frozen=True)
class Demo:
    email: str
    password: str
    runs_recorded: int


async def seed_demo(bus: CommandBus, *, today: datetime | None = None) -> Demo:
    """Register the demo athlete and record its runs; does nothing if it already exists."""
    try:
        await bus.dispatch(
            RegisterAccount(
                account_id=DEMO_ACCOUNT,
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
                display_name="Demo Runner",
            ),
            Actor.anonymous(),
        )
    except ConflictError:
        return Demo(DEMO_EMAIL, DEMO_PASSWORD, 0)
    athlete = Actor.account(DEMO_ACCOUNT, "athlete")
    rng = random.Random(42)
    now = today or datetime.now(UTC)
    recorded = 0
    for day in range(WEEKS * 7, 0, -1):
        if rng.random() < 0.45:
            continue
        distance = round(rng.uniform(4, 21), 2)
        pace = rng.uniform(285, 390)  # seconds per km
        started = (now - timedelta(days=day)).replace(hour=7, minute=0, second=0, microsecond=0)
        run = RecordRun(
            run_id=uuid5(NAMESPACE_URL, f"pacer:demo-run:{day}"),
            athlete_id=DEMO_ACCOUNT,
            distance_km=distance,
            duration_s=int(distance * pace),
            started_at=started,
            avg_heart_rate=rng.randint(135, 168),
            notes="easy" if pace > 340 else "tempo",
        )
        await bus.dispatch(run, athlete, f"demo-{day}")
        recorded += 1
    return Demo(DEMO_EMAIL, DEMO_PASSWORD, recorded)
