"""In-memory fakes of the write side's ports, written against the same interfaces as the real ones:
a unit of work over an in-memory database (streams with optimistic concurrency, an outbox,
idempotency keys and the contexts' stores), so handlers run through the real command
bus in microseconds."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from argon2 import PasswordHasher
from cryptography.fernet import Fernet

from commands.aggregate import Aggregate
from commands.bus import CommandBus, Handler
from commands.errors import ConcurrencyError, IdempotencyKeyReusedError, NotFoundError
from commands.eventstore import MessageContext
from commands.identity.credentials import Credential, Credentials
from commands.identity.passwords import Passwords
from commands.identity.sessions import RefreshToken, RefreshTokens
from commands.integrations.links import StravaImports, StravaLinks
from commands.nutrition.intake import PlannedIntake
from commands.nutrition.recipes import OwnRecipes
from commands.training import fitness
from commands.training.completion import RecordedRun, Scheduled, ScheduledWorkouts
from commands.training.fitness import RecordedFitness
from commands.training.plan import Plan
from commands.training.shoe_rack import DefaultShoes
from commands.unit_of_work import UnitOfWork, accepted
from contracts.commands import CommandAccepted
from contracts.events import DomainEvent
from contracts.identity.profile import Role
from contracts.nutrition.events import (
    MealPlanGenerated,
    MealPlanRequested,
    MealSwapped,
    RecipeAnalysed,
    RecipeDeleted,
    RecipeSubmitted,
)
from contracts.nutrition.plans import OwnRecipe
from contracts.personal import has_personal_fields, subject_of
from contracts.training.events import (
    RunCorrected,
    RunRecorded,
    ShoeMadeDefault,
    ShoeRetired,
    WorkoutChanged,
    WorkoutScheduled,
)
from contracts.training.running import best_vdot
from contracts.training.sessions import Session, totals
from infra.strava.cipher import TokenCipher
from infra.strava.client import StravaRejectedError, TokenGrant

A = TypeVar("A", bound=Aggregate)
S = TypeVar("S")
SIGNING_KEY = "unit-test-signing-key-" + "k" * 32
TOKEN_KEY = Fernet.generate_key().decode()  # one per test run, shared by every fake bus


@dataclass(frozen=True)
class Recorded:
    """An event the fake unit of work committed, with what the outbox row would carry."""

    stream_id: str
    version: int
    event: DomainEvent
    context: MessageContext


@dataclass
class State:
    """What the fake database holds; a unit of work works on a copy and commits it back."""

    streams: dict[str, tuple[str, int]] = field(default_factory=dict)
    events: dict[str, list[DomainEvent]] = field(default_factory=dict)
    outbox: list[Recorded] = field(default_factory=list)
    idempotency: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    strava_links: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    strava_imports: dict[tuple[UUID, int], tuple[UUID, UUID]] = field(default_factory=dict)
    erased_subjects: set[UUID] = field(default_factory=set)


class FakeDatabase:
    def __init__(self) -> None:
        self.state = State()
        self.commits = 0

    @property
    def outbox(self) -> list[Recorded]:
        return self.state.outbox

    def events_of(self, stream_id: str) -> list[DomainEvent]:
        return list(self.state.events.get(stream_id, []))


class InMemoryIdempotencyKeys:
    def __init__(self, state: State) -> None:
        self.state = state

    async def claim(self, principal: str, key: str, fingerprint: str) -> bool:
        if (principal, key) in self.state.idempotency:
            return False
        self.state.idempotency[principal, key] = (fingerprint, {})
        return True

    async def recall(self, principal: str, key: str, fingerprint: str) -> dict[str, Any]:
        stored_fingerprint, reply = self.state.idempotency[principal, key]
        if stored_fingerprint != fingerprint:
            raise IdempotencyKeyReusedError("used with a different request")
        return reply

    async def complete(self, principal: str, key: str, reply: dict[str, Any]) -> None:
        fingerprint, _ = self.state.idempotency[principal, key]
        self.state.idempotency[principal, key] = (fingerprint, reply)

    async def release(self, principal: str, key: str) -> None:
        del self.state.idempotency[principal, key]


class InMemoryCredentials:
    def __init__(self, state: State) -> None:
        self.state = state

    async def add(self, credential: Credential) -> bool:
        if credential.email in self.state.credentials:
            return False
        self.state.credentials[credential.email] = credential
        return True

    async def by_email(self, email: str) -> Credential | None:
        return self.state.credentials.get(email)

    async def by_account(self, account_id: UUID) -> Credential | None:
        found = (c for c in self.state.credentials.values() if c.account_id == account_id)
        return next(found, None)

    async def change_email(self, account_id: UUID, email: str) -> bool:
        current = await self.by_account(account_id)
        if current is None or email in self.state.credentials:
            return False
        del self.state.credentials[current.email]
        self.state.credentials[email] = replace(current, email=email)
        return True

    async def change_password(self, account_id: UUID, password_hash: str) -> None:
        current = await self.by_account(account_id)
        if current is not None:
            self.state.credentials[current.email] = replace(current, password_hash=password_hash)

    async def set_role(self, account_id: UUID, role: Role) -> None:
        current = await self.by_account(account_id)
        if current is not None:
            self.state.credentials[current.email] = replace(current, role=role)

    async def set_disabled(self, account_id: UUID, disabled: bool) -> None:
        current = await self.by_account(account_id)
        if current is not None:
            self.state.credentials[current.email] = replace(current, disabled=disabled)

    async def remove(self, account_id: UUID) -> None:
        current = await self.by_account(account_id)
        if current is not None:
            del self.state.credentials[current.email]


class InMemoryRefreshTokens:
    def __init__(self, state: State) -> None:
        self.state = state

    async def add(self, token: RefreshToken) -> None:
        self.state.refresh_tokens[token.token_hash] = token

    async def locked(self, token_hash: str) -> RefreshToken | None:
        return self.state.refresh_tokens.get(token_hash)

    async def spend(self, token_hash: str, at: datetime, client: str) -> None:
        tokens = self.state.refresh_tokens
        tokens[token_hash] = replace(tokens[token_hash], used_at=at, spent_by=client)

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        for token_hash, token in list(self.state.refresh_tokens.items()):
            if token.family_id == family_id and token.revoked_at is None:
                self.state.refresh_tokens[token_hash] = replace(token, revoked_at=at)

    async def revoke_others(self, account_id: UUID, keep: UUID, at: datetime) -> list[UUID]:
        ended: set[UUID] = set()
        for token_hash, token in list(self.state.refresh_tokens.items()):
            live = token.revoked_at is None and token.expires_at > at
            if token.account_id == account_id and token.family_id != keep and live:
                self.state.refresh_tokens[token_hash] = replace(token, revoked_at=at)
                ended.add(token.family_id)
        return sorted(ended)


class InMemoryRecordedFitness:
    """The runs as the fake's run streams hold them now (the real store reads the runs read
    model, which the projector keeps in step with them)."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def best_vdot(self, athlete_id: UUID, before: date) -> float | None:
        end = datetime.combine(before, time.min, tzinfo=UTC)
        efforts = []
        for stream_id, (kind, _) in self.state.streams.items():
            if kind != "run":
                continue
            latest: RunRecorded | RunCorrected | None = None
            for event in self.state.events[stream_id]:
                latest = event if isinstance(event, RunRecorded | RunCorrected) else None
            if latest is None or latest.athlete_id != athlete_id:
                continue
            if end - fitness.LOOKBACK <= latest.started_at < end:
                efforts.append((latest.distance_km, latest.duration_s))
        return best_vdot(efforts)


class InMemoryScheduledWorkouts:
    """The plans as the fake's plan streams hold them now (the real store reads the plans read
    model)."""

    def __init__(self, state: State) -> None:
        self.state = state

    def _all(self, athlete_id: UUID) -> list[tuple[Scheduled, date]]:
        found = []
        for stream_id, (kind, _) in self.state.streams.items():
            if kind != "plan":
                continue
            plan = Plan.rehydrate(stream_id, list(self.state.events[stream_id]))
            if plan.deleted or plan.archived or plan.athlete_id != athlete_id:
                continue
            sessions: dict[UUID, Session] = {}
            for event in self.state.events[stream_id]:
                if isinstance(event, WorkoutScheduled | WorkoutChanged):
                    sessions[event.workout_id] = event.session
            for workout_id, day in plan.workouts.items():
                session = sessions[workout_id]
                scheduled = Scheduled(UUID(stream_id), workout_id, session.kind,
                                      totals(session.steps).distance_km,
                                      plan.completed_by.get(workout_id))  # fmt: skip
                found.append((scheduled, day))
        return sorted(found, key=lambda item: item[0].workout_id.hex)

    async def on_day(self, athlete_id: UUID, day: date) -> list[Scheduled]:
        return [scheduled for scheduled, on in self._all(athlete_id) if on == day]

    async def completed_by(self, athlete_id: UUID, run_id: UUID) -> list[Scheduled]:
        return [scheduled for scheduled, _ in self._all(athlete_id)
                if scheduled.completed_by == run_id]  # fmt: skip

    async def free_runs_on(self, athlete_id: UUID, day: date) -> list[RecordedRun]:
        taken = {scheduled.completed_by for scheduled, _ in self._all(athlete_id)}
        runs = []
        for stream_id, (kind, _) in self.state.streams.items():
            events = self.state.events[stream_id]
            latest = events[-1] if kind == "run" else None
            if isinstance(latest, RunRecorded | RunCorrected) and latest.athlete_id == athlete_id:
                on = latest.started_at.astimezone(UTC).date()
                if on == day and latest.run_id not in taken:
                    runs.append(RecordedRun(latest.run_id, latest.distance_km, latest.duration_s))
        return sorted(runs, key=lambda run: run.run_id.hex)


class InMemoryDefaultShoes:
    """The default shoe as the fake's shoe streams say (the real store reads the shoes read
    model): the shoe made default last, unless it has been retired."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def default_of(self, athlete_id: UUID) -> UUID | None:
        latest: tuple[datetime, UUID] | None = None
        retired: set[UUID] = set()
        for stream_id, (kind, _) in self.state.streams.items():
            for event in self.state.events[stream_id] if kind == "shoe" else []:
                if isinstance(event, ShoeMadeDefault) and event.athlete_id == athlete_id:
                    moment = (event.made_default_at, event.shoe_id)
                    latest = moment if latest is None or moment > latest else latest
                if isinstance(event, ShoeRetired):
                    retired.add(event.shoe_id)
        return None if latest is None or latest[1] in retired else latest[1]


class InMemoryPlannedIntake:
    """Planned intake as the fake's meal plan streams say (the real store reads the meal plans
    read model): each day's energy in the latest requested plan that is ready."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def daily_kcal(self, athlete_id: UUID, first: date, last: date) -> dict[date, float]:
        found: dict[date, tuple[datetime, float]] = {}
        for stream_id, (kind, _) in self.state.streams.items():
            events = self.state.events[stream_id] if kind == "meal_plan" else []
            asked = next((e for e in events if isinstance(e, MealPlanRequested)), None)
            weeks = [e.week for e in events if isinstance(e, MealPlanGenerated | MealSwapped)]
            if asked is None or asked.athlete_id != athlete_id or not weeks:
                continue
            for day in weeks[-1].days:
                held = found.get(day.date)
                if first <= day.date <= last and (held is None or held[0] < asked.requested_at):
                    found[day.date] = (asked.requested_at, day.totals.kcal)
        return {day: kcal for day, (_, kcal) in found.items()}


class InMemoryOwnRecipes:
    """The athlete's analysed saved recipes, as the fake's recipe streams say."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def usable_by(self, athlete_id: UUID) -> list[OwnRecipe]:
        found = []
        for stream_id, (kind, _) in self.state.streams.items():
            events = self.state.events[stream_id] if kind == "recipe" else []
            asked = next((e for e in events if isinstance(e, RecipeSubmitted)), None)
            done = [e for e in events if isinstance(e, RecipeAnalysed)]
            if (asked is None or asked.athlete_id != athlete_id or not asked.saved or not done
                    or any(isinstance(e, RecipeDeleted) for e in events)):  # fmt: skip
                continue
            found.append(OwnRecipe(
                recipe_id=asked.recipe_id, name=asked.title or "recipe",
                slots=asked.meal_types or ["lunch"], servings=asked.servings,
                ingredients=[{"food_id": i.food_id, "grams": i.grams}
                             for i in done[-1].analysis.ingredients],
            ))  # fmt: skip
        return found


class InMemoryStravaLinks:
    """`commands.integrations.links.StravaLinks` in the fake's state."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def owner_of(self, athlete_id: int) -> UUID | None:
        found = await self.connection_of(athlete_id)
        return found[0] if found else None

    async def connection_of(self, athlete_id: int) -> tuple[UUID, UUID] | None:
        for account, link in self.state.strava_links.items():
            if link["athlete"] == athlete_id:
                return account, link["connection"]
        return None

    async def sealed_access_token(self, account_id: UUID) -> str | None:
        link = self.state.strava_links.get(account_id)
        return str(link["sealed"][0]) if link else None

    async def save(
        self, account_id: UUID, athlete_id: int, connection_id: UUID, scopes: list[str],
        sealed: tuple[str, str], expires_at: datetime,
    ) -> None:  # fmt: skip
        self.state.strava_links[account_id] = {
            "athlete": athlete_id, "connection": connection_id, "scopes": scopes,
            "sealed": sealed, "expires_at": expires_at,
        }  # fmt: skip

    async def forget(self, account_id: UUID) -> None:
        self.state.strava_links.pop(account_id, None)


class InMemoryStravaImports:
    def __init__(self, state: State) -> None:
        self.state = state

    async def remember(
        self, connection_id: UUID, activity_id: int, account_id: UUID, run_id: UUID
    ) -> None:
        self.state.strava_imports.setdefault((connection_id, activity_id), (account_id, run_id))

    async def runs_of(self, connection_id: UUID) -> list[UUID]:
        return [run for (connection, _), (_, run) in self.state.strava_imports.items()
                if connection == connection_id]  # fmt: skip

    async def drop(self, connection_id: UUID) -> None:
        for key in [key for key in self.state.strava_imports if key[0] == connection_id]:
            del self.state.strava_imports[key]


class FakeStrava:
    """Strava's OAuth as the write side uses it (`infra.strava.client.StravaClient`): a code
    `<athlete id>:<scopes>` is exchanged for tokens of that athlete; deauthorisations are kept."""

    def __init__(self) -> None:
        self.deauthorized: list[str] = []

    async def exchange(self, code: str) -> TokenGrant:
        athlete, _, scope = code.partition(":")
        if not athlete.isdigit():
            raise StravaRejectedError(400, "Bad Request")
        return TokenGrant(access_token=f"access-{athlete}", refresh_token=f"refresh-{athlete}",
                          expires_at=int(datetime.now(UTC).timestamp()) + 21600,
                          scope=scope or None, athlete={"id": int(athlete)})  # fmt: skip

    async def deauthorize(self, access_token: str) -> None:
        self.deauthorized.append(access_token)


STORES: Mapping[type[Any], Callable[[State], Any]] = {
    StravaLinks: InMemoryStravaLinks,
    StravaImports: InMemoryStravaImports,
    Credentials: InMemoryCredentials,
    RefreshTokens: InMemoryRefreshTokens,
    RecordedFitness: InMemoryRecordedFitness,
    ScheduledWorkouts: InMemoryScheduledWorkouts,
    DefaultShoes: InMemoryDefaultShoes,
    PlannedIntake: InMemoryPlannedIntake,
    OwnRecipes: InMemoryOwnRecipes,
}


class FakeUnitOfWork:
    def __init__(
        self,
        database: FakeDatabase,
        context: MessageContext,
        stores: Mapping[type[Any], Callable[[State], Any]] = STORES,
    ) -> None:
        self.database = database
        self._context = context
        self._store_factories = stores
        self._stores: dict[type[Any], Any] = {}
        self.working = copy.deepcopy(database.state)
        self._idempotency = InMemoryIdempotencyKeys(self.working)

    @property
    def context(self) -> MessageContext:
        return self._context

    @property
    def idempotency(self) -> InMemoryIdempotencyKeys:
        return self._idempotency

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Whatever was not committed is dropped with the working copy."""

    async def load(self, kind: type[A], aggregate_id: str) -> A:
        stream = self.working.streams.get(aggregate_id)
        if stream is None or stream[0] != kind.stream_type:
            raise NotFoundError(f"{kind.stream_type} {aggregate_id} does not exist")
        return kind.rehydrate(aggregate_id, list(self.working.events[aggregate_id]))

    async def save(self, aggregate: Aggregate) -> CommandAccepted:
        if not aggregate.pending:  # as the real unit of work: nothing to record, no stream
            return accepted(aggregate)
        current = self.working.streams.get(aggregate.id, (aggregate.stream_type, 0))[1]
        if current != aggregate.loaded_version:
            raise ConcurrencyError(f"stream {aggregate.id} is at version {current}")
        for event in aggregate.pending:  # as the real event store: nothing sealed for the erased
            if (
                has_personal_fields(type(event))
                and subject_of(event) in self.working.erased_subjects
            ):
                raise NotFoundError(f"account {subject_of(event)} does not exist")
        history = self.working.events.setdefault(aggregate.id, [])
        for offset, event in enumerate(aggregate.pending, start=1):
            history.append(event)
            self.working.outbox.append(
                Recorded(aggregate.id, aggregate.loaded_version + offset, event, self.context)
            )
        self.working.streams[aggregate.id] = (aggregate.stream_type, aggregate.version)
        aggregate.pending.clear()
        return accepted(aggregate)

    async def erase_subject(self, subject: UUID) -> None:
        self.working.erased_subjects.add(subject)

    def store(self, kind: type[S]) -> S:
        if kind not in self._stores:
            self._stores[kind] = self._store_factories[kind](self.working)
        return cast(S, self._stores[kind])

    async def commit(self) -> None:
        self.database.state = copy.deepcopy(self.working)
        self.database.commits += 1


class InMemorySessions:
    """Live sessions in a dictionary: the `Sessions` interface without Redis (and no expiry)."""

    def __init__(self) -> None:
        self.live: dict[UUID, UUID] = {}

    async def open(self, session_id: UUID, account_id: UUID, lifetime: timedelta) -> None:
        self.live[session_id] = account_id

    async def close(self, session_id: UUID) -> None:
        self.live.pop(session_id, None)

    async def is_live(self, session_id: UUID, account_id: UUID) -> bool:
        return self.live.get(session_id) == account_id


def fast_passwords() -> Passwords:
    """Argon2id with the smallest cost: the same code path, a thousand times cheaper."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class InMemoryUploads:
    """The uploads bucket as the write side sees it (`commands.uploads.Uploads`)."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}

    async def size_of(self, key: str) -> int | None:
        return self.sizes.get(key)


def fake_bus(
    database: FakeDatabase,
    handlers: Iterable[Handler] | None = None,
    dependencies: Mapping[str, object] | None = None,
) -> CommandBus:
    """The real command bus on the fake unit of work, with Pacer's handlers by default."""
    from commands.identity.delegation import admit_coach

    if handlers is None:
        from pacer.bootstrap import contexts

        handlers = contexts().handlers()

    def unit_of_work(context: MessageContext) -> UnitOfWork:
        return FakeUnitOfWork(database, context)

    deps = {
        "passwords": fast_passwords(),
        "signing_key": SIGNING_KEY,
        "sessions": InMemorySessions(),
        "uploads": InMemoryUploads(),
        "upload_expiry": timedelta(days=1),
        "clock": lambda: datetime.now(UTC),
        "strava": FakeStrava(),
        "cipher": TokenCipher([TOKEN_KEY]),
        "delegation": admit_coach,
        **(dependencies or {}),
    }
    return CommandBus(handlers, unit_of_work, deps)
