"""A demo athlete with a few weeks of runs, created through the command API like any client."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

DEMO_EMAIL = "demo@pacer.dev"
DEMO_PASSWORD = "pacer-demo-password"  # noqa: S105 - development demo account, printed on purpose
WEEKS = 4


@dataclass(frozen=True)
class Demo:
    email: str
    password: str
    runs_recorded: int


def seed_demo(command_api: str, *, today: datetime | None = None) -> Demo:
    """Register the demo athlete and record its runs; does nothing if it already exists."""
    rng = random.Random(42)
    now = today or datetime.now(UTC)
    with httpx.Client(base_url=command_api, timeout=30) as client:
        registered = client.post(
            "/auth/register",
            json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "display_name": "Demo Runner"},
        )
        if registered.status_code == 409:
            return Demo(DEMO_EMAIL, DEMO_PASSWORD, 0)
        registered.raise_for_status()
        token = client.post(
            "/auth/token", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        recorded = 0
        for day in range(WEEKS * 7, 0, -1):
            if rng.random() < 0.45:
                continue
            distance = round(rng.uniform(4, 21), 2)
            pace = rng.uniform(285, 390)  # seconds per km
            started = (now - timedelta(days=day)).replace(hour=7, minute=0, second=0, microsecond=0)
            response = client.post(
                "/runs",
                headers={**headers, "Idempotency-Key": f"demo-{day}"},
                json={
                    "distance_km": distance,
                    "duration_s": int(distance * pace),
                    "started_at": started.isoformat(),
                    "avg_heart_rate": rng.randint(135, 168),
                    "notes": "easy" if pace > 340 else "tempo",
                },
            )
            response.raise_for_status()
            recorded += 1
    return Demo(DEMO_EMAIL, DEMO_PASSWORD, recorded)
