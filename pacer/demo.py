"""A demo athlete with four weeks of runs and strength workouts, and one video of hops uploaded
for analysis, all recorded through the command bus like any client's commands (`pacer dev up`
seeds it in development; the running job worker analyses the video)."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConflictError
from contracts.identity.commands import RegisterAccount
from contracts.movement.commands import RecordWorkout, RequestUpload, SubmitVideo
from contracts.movement.objects import upload_key
from contracts.training.commands import RecordRun
from infra.blobs import BlobStore

DEMO_EMAIL = "demo@pacer.dev"
DEMO_PASSWORD = "pacer-demo-password"  # noqa: S105 - development demo account, printed on purpose
DEMO_ACCOUNT = uuid5(NAMESPACE_URL, "pacer:demo-athlete")
WEEKS = 4


DEMO_VIDEO = uuid5(NAMESPACE_URL, "pacer:demo-video")
DEMO_HOPS = 8


@dataclass(frozen=True)
class Demo:
    email: str
    password: str
    runs_recorded: int
    workouts_recorded: int = 0
    video_submitted: bool = False


async def seed_demo(
    bus: CommandBus, *, today: datetime | None = None, store: BlobStore | None = None
) -> Demo:
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
    workouts = await _seed_workouts(bus, athlete, now, rng)
    submitted = store is not None and await _seed_video(bus, athlete, store)
    return Demo(DEMO_EMAIL, DEMO_PASSWORD, recorded, workouts, submitted)


async def _seed_workouts(bus: CommandBus, athlete: Actor, now: datetime, rng: random.Random) -> int:
    """Push-ups and squats by hand on about every third day."""
    recorded = 0
    for day in range(WEEKS * 7, 0, -3):
        for exercise, reps in (("push_up", rng.randint(15, 30)), ("squat", rng.randint(20, 40))):
            workout = RecordWorkout(
                workout_id=uuid5(NAMESPACE_URL, f"pacer:demo-workout:{day}:{exercise}"),
                athlete_id=DEMO_ACCOUNT,
                exercise=exercise,
                reps=reps,
                duration_s=reps * 3,
                performed_at=(now - timedelta(days=day)).replace(hour=18, minute=0, second=0,
                                                                 microsecond=0),
                body_weight_kg=72,
            )  # fmt: skip
            await bus.dispatch(workout, athlete, f"demo-workout-{day}-{exercise}")
            recorded += 1
    return recorded


async def _seed_video(bus: CommandBus, athlete: Actor, store: BlobStore) -> bool:
    """A real photograph hopping, as an mp4 (the engine's test footage), uploaded and submitted
    with the exercise left for the engine to detect."""
    try:
        from workers.pose.testing import astronaut_video  # development dependencies
    except ImportError:
        return False
    with tempfile.TemporaryDirectory(prefix="pacer-demo-") as folder:
        clip = astronaut_video(Path(folder) / "hops.mp4", DEMO_HOPS)
        size = clip.stat().st_size
        await bus.dispatch(
            RequestUpload(analysis_id=DEMO_VIDEO, athlete_id=DEMO_ACCOUNT,
                          content_type="video/mp4", size_bytes=size), athlete, "demo-upload",
        )  # fmt: skip
        key = upload_key(DEMO_ACCOUNT, DEMO_VIDEO)
        await store.put_file(store.settings.s3_uploads_bucket, key, clip, content_type="video/mp4")
    await bus.dispatch(
        SubmitVideo(analysis_id=DEMO_VIDEO, athlete_id=DEMO_ACCOUNT, exercise=None),
        athlete, "demo-submit",
    )  # fmt: skip
    return True
