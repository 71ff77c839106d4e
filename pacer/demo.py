"""A demo athlete with a public profile (bio, training preferences, an avatar the avatar job
resizes), four weeks of runs and strength workouts, two pairs of shoes (one near
retirement), a half-marathon plan generated two weeks ago whose past workouts the runs complete,
a printable copy of that plan, and one video of hops uploaded for analysis; a coach who coaches
the demo athlete and a second athlete (each grant live, one access recorded): all recorded through
the command bus like any client's commands (`pacer dev up` seeds it in development; the running
reactors match the runs and the job workers render the PDF and analyse the video)."""

from __future__ import annotations

import io
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConflictError
from commands.training.planning.generator import generate
from contracts.documents.commands import RequestPlanExport
from contracts.identity.avatars import avatar_upload_key
from contracts.identity.coaching import (
    AcceptGrant,
    InviteAthlete,
    InviteCoach,
    OpenAthleteAccess,
    grant_id,
)
from contracts.identity.commands import (
    RegisterAccount,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    SubmitAvatar,
    UpdateProfile,
)
from contracts.movement.commands import RecordWorkout, RequestUpload, SubmitVideo
from contracts.movement.objects import upload_key
from contracts.nutrition.coach import SendCoachMessage
from contracts.nutrition.plans import RequestMealPlan
from contracts.nutrition.profile import LogWeight, SetNutritionProfile
from contracts.nutrition.recipes import SaveRecipe
from contracts.social.groups import CreateGroup, JoinGroup
from contracts.social.posts import CommentOnPost, LikePost, PublishPost
from contracts.social.relations import ApproveFollower, FollowAccount
from contracts.training.commands import RecordRun
from contracts.training.plans import GeneratePlan, RecentRace
from contracts.training.sessions import totals
from contracts.training.shoes import AddShoe
from infra.blobs import BlobStore
from pacer.catalog import publish_catalog

DEMO_EMAIL = "demo@pacer.dev"
DEMO_PASSWORD = "pacer-demo-password"  # noqa: S105 - development demo account, printed on purpose
DEMO_ACCOUNT = uuid5(NAMESPACE_URL, "pacer:demo-athlete")
DEMO_COACH_EMAIL = "coach@pacer.dev"
DEMO_COACH = uuid5(NAMESPACE_URL, "pacer:demo-coach")
DEMO_SECOND_ATHLETE = uuid5(NAMESPACE_URL, "pacer:demo-second-athlete")
WEEKS = 4


DEMO_VIDEO = uuid5(NAMESPACE_URL, "pacer:demo-video")
DEMO_AVATAR = uuid5(NAMESPACE_URL, "pacer:demo-avatar")
DEMO_HOPS = 8
DEMO_PLAN = uuid5(NAMESPACE_URL, "pacer:demo-plan")
DEMO_DOCUMENT = uuid5(NAMESPACE_URL, "pacer:demo-plan-pdf")
DEMO_MEAL_PLAN = uuid5(NAMESPACE_URL, "pacer:demo-meal-plan")
DEMO_RECIPE = uuid5(NAMESPACE_URL, "pacer:demo-recipe")
DEMO_QUESTION = uuid5(NAMESPACE_URL, "pacer:demo-coach-question")
DEMO_TRAINERS = uuid5(NAMESPACE_URL, "pacer:demo-shoe:trainers")
DEMO_RACERS = uuid5(NAMESPACE_URL, "pacer:demo-shoe:racers")
PLAN_AGO_DAYS = 14


@dataclass(frozen=True)
class Demo:
    email: str
    password: str
    runs_recorded: int
    workouts_recorded: int = 0
    video_submitted: bool = False
    plan_workouts_run: int = 0
    avatar_submitted: bool = False
    coach_email: str = DEMO_COACH_EMAIL


async def seed_demo(
    bus: CommandBus, *, today: datetime | None = None, store: BlobStore | None = None
) -> Demo:
    """Publish the recipe catalog, register the demo athlete and record its runs, plans,
    meals and coach chat; does nothing more if the athlete already exists."""
    await publish_catalog(bus)
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
    await _seed_profile(bus, athlete)
    await _seed_shoes(bus, athlete)
    recorded = 0
    for day in range(WEEKS * 7, PLAN_AGO_DAYS, -1):
        if rng.random() < 0.45:
            continue
        distance = round(rng.uniform(4, 21), 2)
        pace = rng.uniform(285, 390)  # seconds per km
        await _run(bus, athlete, now, day, distance, pace, rng)
        recorded += 1
    plan_runs = await _seed_plan(bus, athlete, now, rng)
    workouts = await _seed_workouts(bus, athlete, now, rng)
    await _seed_nutrition(bus, athlete, now)
    submitted = store is not None and await _seed_video(bus, athlete, store)
    avatar = store is not None and await _seed_avatar(bus, athlete, store)
    await _seed_coaching(bus, athlete, now)
    await _seed_social(bus, athlete)
    return Demo(DEMO_EMAIL, DEMO_PASSWORD, recorded + plan_runs, workouts, submitted, plan_runs,
                avatar)  # fmt: skip


async def _run(bus: CommandBus, athlete: Actor, now: datetime, day: int, distance: float,
               pace: float, rng: random.Random) -> None:  # fmt: skip
    started = (now - timedelta(days=day)).replace(hour=7, minute=0, second=0, microsecond=0)
    run = RecordRun(
        run_id=uuid5(NAMESPACE_URL, f"pacer:demo-run:{day}"), athlete_id=DEMO_ACCOUNT,
        distance_km=distance, duration_s=int(distance * pace), started_at=started,
        avg_heart_rate=rng.randint(135, 168), notes="easy" if pace > 340 else "tempo",
        shoe_id=DEMO_RACERS if pace < 300 else DEMO_TRAINERS,
    )  # fmt: skip
    await bus.dispatch(run, athlete, f"demo-{day}")


async def _seed_profile(bus: CommandBus, athlete: Actor) -> None:
    """A bio, a time zone, the days the athlete trains (long runs on Sundays), a half-marathon
    goal, and a public profile."""
    me = DEMO_ACCOUNT
    await bus.dispatch(UpdateProfile(account_id=me, time_zone="Europe/London",
                                     bio="Training for a spring half. Hills on Thursdays."),
                       athlete, "demo-profile")  # fmt: skip
    await bus.dispatch(SetTrainingPreferences(
        account_id=me, days_available=["tuesday", "thursday", "saturday", "sunday"],
        long_run_day="sunday", goals=["half_marathon", "get_faster"], weekly_distance_km=35,
        sessions_per_week=4,
    ), athlete, "demo-preferences")  # fmt: skip
    await bus.dispatch(SetPrivacy(account_id=me, visibility="public"), athlete, "demo-privacy")


async def _seed_coaching(bus: CommandBus, athlete: Actor, now: datetime) -> None:
    """Coach Cora: she invited the demo athlete, who let her read training, nutrition and
    movement and write training plans; a second athlete invited her to read training. She
    opened the demo athlete's training once (the athlete's access list shows it)."""
    coach = Actor.account(DEMO_COACH, "coach")
    second = Actor.account(DEMO_SECOND_ATHLETE, "athlete")
    for account, email, name, role in (
        (DEMO_COACH, DEMO_COACH_EMAIL, "Coach Cora", "coach"),
        (DEMO_SECOND_ATHLETE, "sam@pacer.dev", "Sam Stride", "athlete"),
    ):
        register = RegisterAccount(account_id=account, email=email, password=DEMO_PASSWORD,
                                   display_name=name, role=role)  # fmt: skip
        await bus.dispatch(register, Actor.anonymous())
    await bus.dispatch(InviteAthlete(coach_id=DEMO_COACH, invitee_id=DEMO_ACCOUNT), coach)
    await bus.dispatch(AcceptGrant(
        grant_id=grant_id(DEMO_COACH, DEMO_ACCOUNT), account_id=DEMO_ACCOUNT,
        scopes=["read_training", "read_nutrition", "read_movement", "write_training_plans"],
    ), athlete)  # fmt: skip
    await bus.dispatch(InviteCoach(athlete_id=DEMO_SECOND_ATHLETE, coach_id=DEMO_COACH,
                                   scopes=["read_training"]), second)  # fmt: skip
    accept = AcceptGrant(grant_id=grant_id(DEMO_COACH, DEMO_SECOND_ATHLETE), account_id=DEMO_COACH)
    await bus.dispatch(accept, coach)
    started = (now - timedelta(days=2)).replace(hour=18, minute=0, second=0, microsecond=0)
    await bus.dispatch(RecordRun(
        run_id=uuid5(NAMESPACE_URL, "pacer:demo-run:second-athlete"),
        athlete_id=DEMO_SECOND_ATHLETE, distance_km=8.0, duration_s=2520, started_at=started,
    ), second)  # fmt: skip
    access = OpenAthleteAccess(
        coach_id=DEMO_COACH, of_athlete_ids=[DEMO_ACCOUNT], scope="read_training"
    )
    await bus.dispatch(access, coach)


async def _seed_social(bus: CommandBus, athlete: Actor) -> None:
    """Sam and Coach Cora follow the demo athlete (public); the athlete asked to follow Sam
    (followers-only), who approved. The athlete posts (Sam likes it, Cora comments), Sam shares
    his run, and Cora's "Sunday Long Run Club" group, which both athletes joined, has her post."""
    coach = Actor.account(DEMO_COACH, "coach")
    sam = Actor.account(DEMO_SECOND_ATHLETE, "athlete")
    me, sam_id = DEMO_ACCOUNT, DEMO_SECOND_ATHLETE
    names = ("post", "shared-run", "club", "club-post")
    post, shared, club, meet = (uuid5(NAMESPACE_URL, f"pacer:demo-{name}") for name in names)
    steps: list[tuple[Any, Actor]] = [
        (FollowAccount(account_id=sam_id, followee_id=me), sam),
        (FollowAccount(account_id=DEMO_COACH, followee_id=me), coach),
        (FollowAccount(account_id=me, followee_id=sam_id), athlete),
        (ApproveFollower(account_id=sam_id, follower_id=me), sam),
        (PublishPost(post_id=post, account_id=me,
                     text="Hill repeats done: 8 x 90 s, legs like jelly."), athlete),
        (LikePost(post_id=post, account_id=sam_id), sam),
        (CommentOnPost(comment_id=uuid5(NAMESPACE_URL, "pacer:demo-comment"), post_id=post,
                       account_id=DEMO_COACH, text="Good work. Easy tomorrow."), coach),
        (PublishPost(post_id=shared, account_id=sam_id, text="First 8 km this month.",
                     run_id=uuid5(NAMESPACE_URL, "pacer:demo-run:second-athlete")), sam),
        (CreateGroup(group_id=club, account_id=DEMO_COACH, name="Sunday Long Run Club",
                     description="Easy long runs, every Sunday at 8."), coach),
        (JoinGroup(group_id=club, account_id=me), athlete),
        (JoinGroup(group_id=club, account_id=sam_id), sam),
        (PublishPost(post_id=meet, account_id=DEMO_COACH, group_id=club,
                     text="Sunday: 18 km easy from the park gates."), coach),
    ]  # fmt: skip
    for command, actor in steps:
        await bus.dispatch(command, actor)


async def _seed_avatar(bus: CommandBus, athlete: Actor, store: BlobStore) -> bool:
    """A drawn picture (a sunrise over a track), uploaded and submitted like a client would."""
    picture = _sunrise()
    await bus.dispatch(RequestAvatarUpload(account_id=DEMO_ACCOUNT, upload_id=DEMO_AVATAR,
                                           content_type="image/png", size_bytes=len(picture)),
                       athlete, "demo-avatar-upload")  # fmt: skip
    await store.put_bytes(store.settings.s3_uploads_bucket,
                          avatar_upload_key(DEMO_ACCOUNT, DEMO_AVATAR), picture,
                          content_type="image/png")  # fmt: skip
    await bus.dispatch(SubmitAvatar(account_id=DEMO_ACCOUNT, upload_id=DEMO_AVATAR), athlete,
                       "demo-avatar-submit")  # fmt: skip
    return True


def _sunrise() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (255, 196, 120))
    draw = ImageDraw.Draw(image)
    draw.ellipse((220, 160, 420, 360), fill=(255, 120, 40))
    draw.rectangle((0, 300, 640, 480), fill=(180, 70, 50))
    for lane in range(6):
        draw.line((0, 330 + lane * 25, 640, 330 + lane * 25), fill=(245, 240, 230), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def _seed_shoes(bus: CommandBus, athlete: Actor) -> None:
    """Daily trainers that have run most of their 700 km, and racing flats."""
    trainers = AddShoe(shoe_id=DEMO_TRAINERS, athlete_id=DEMO_ACCOUNT, nickname="Daily trainers",
                       brand="Acme", model="Cruiser 3", starting_km=520, default=True)  # fmt: skip
    racers = AddShoe(shoe_id=DEMO_RACERS, athlete_id=DEMO_ACCOUNT, nickname="Racers",
                     brand="Acme", model="Flyer", limit_km=400)  # fmt: skip
    await bus.dispatch(trainers, athlete, "demo-shoe-1")
    await bus.dispatch(racers, athlete, "demo-shoe-2")


async def _seed_plan(bus: CommandBus, athlete: Actor, now: datetime, rng: random.Random) -> int:
    """A half-marathon plan that began two weeks ago, most of its past runs done (the completion
    reactor matches them), and a printable copy of it (the PDF job renders it)."""
    start = (now - timedelta(days=PLAN_AGO_DAYS)).date()
    plan = GeneratePlan(
        plan_id=DEMO_PLAN, athlete_id=DEMO_ACCOUNT, race="half", race_name="Spring Half",
        race_date=start + timedelta(weeks=12, days=-1), start_date=start, weekly_km=32,
        longest_run_km=14, days_per_week=4, long_run_day=6,
        recent_race=RecentRace(distance_km=10, time_s=48 * 60),
    )  # fmt: skip
    await bus.dispatch(plan, athlete, "demo-plan")
    ran = 0
    for item in generate(plan).workouts:
        day = (now.date() - item.day).days
        if 1 <= day <= PLAN_AGO_DAYS and rng.random() < 0.85:
            planned = totals(item.session.steps)
            pace = planned.duration_s / planned.distance_km if planned.distance_km else 330
            await _run(bus, athlete, now, day, round(planned.distance_km * rng.uniform(0.95, 1.05),
                                                     2), pace, rng)  # fmt: skip
            ran += 1
    await bus.dispatch(RequestPlanExport(document_id=DEMO_DOCUMENT, athlete_id=DEMO_ACCOUNT,
                                         plan_id=DEMO_PLAN), athlete, "demo-plan-pdf")  # fmt: skip
    return ran


async def _seed_nutrition(bus: CommandBus, athlete: Actor, now: datetime) -> None:
    """A nutrition profile, three weeks of weigh-ins, a saved recipe, this week's meal plan (the
    planner job makes it, with the plan's long runs as high-carbohydrate days once the reactor
    has marked them) and a question to the coach (the coach job answers it)."""
    me = {"athlete_id": DEMO_ACCOUNT}
    await bus.dispatch(SetNutritionProfile(
        **me, sex="male", birth_date=date(1988, 6, 14), height_cm=178, weight_kg=72.5,
        activity="active", goal="maintain", diet="omnivore", allergies=["peanuts"],
        dislikes=["olives"], likes=["salmon"], meal_slots=4,
    ), athlete, "demo-nutrition-profile")  # fmt: skip
    for day in range(21, 0, -1):
        weight = round(72.5 + 0.4 * ((day * 7919) % 11 - 5) / 5, 1)
        await bus.dispatch(LogWeight(**me, day=(now - timedelta(days=day)).date(),
                                     weight_kg=weight), athlete, f"demo-weight-{day}")  # fmt: skip
    await bus.dispatch(SaveRecipe(
        **me, recipe_id=DEMO_RECIPE, name="Overnight oats with berries", servings=2,
        meal_types=["breakfast"], text="160 g rolled oats\n400 ml semi-skimmed milk\n"
        "200 g blueberries\n2 tbsp honey\n250 g greek yogurt",
    ), athlete, "demo-recipe")  # fmt: skip
    monday = now.date() - timedelta(days=now.weekday())
    await bus.dispatch(RequestMealPlan(**me, plan_id=DEMO_MEAL_PLAN, week_start=monday),
                       athlete, "demo-meal-plan")  # fmt: skip
    await bus.dispatch(SendCoachMessage(
        **me, message_id=DEMO_QUESTION, text="What should I eat before my long run on Sunday?",
    ), athlete, "demo-coach-question")  # fmt: skip


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
