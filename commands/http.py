"""The command API: its app factory, the dependencies its routes use, and the one place where
write-side errors become RFC 9457 problems. Routes live with their context
(`commands/<context>/routes.py`); they only validate, build a command, send it and shape the
answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar, cast
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus, Reply
from commands.errors import (
    AuthenticationError,
    CommandError,
    ConcurrencyError,
    ConflictError,
    IdempotencyKeyReusedError,
    InvalidIdempotencyKeyError,
    NotFoundError,
    NotPermittedError,
    RuleViolationError,
    WrongPasswordError,
)
from commands.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
from contracts.commands import Command, CommandAccepted
from contracts.consistency import ConsistencyTokens
from contracts.types import HEADER_TEXT
from infra.blob_errors import BlobStoreUnavailableError
from infra.database import create_engine, open_pool
from infra.http_app import api_app
from infra.http_auth import CurrentPrincipal
from infra.http_throttle import client_address, rate_limit
from infra.problems import problem_response, raises
from infra.settings import Settings
from infra.tokens import Principal

R = TypeVar("R", bound=BaseModel)
C = TypeVar("C", bound=Command[Any])
BusFactory = Callable[[AsyncEngine], CommandBus]

_AS_PROBLEM: dict[type[CommandError], tuple[int, str, str]] = {
    NotFoundError: (404, "not-found", "Not found"),
    ConcurrencyError: (409, "concurrent-modification", "Concurrent modification"),
    ConflictError: (409, "conflict", "Conflict"),
    RuleViolationError: (422, "rule-violated", "Request breaks a rule"),
    AuthenticationError: (401, "unauthenticated", "Not authenticated"),
    WrongPasswordError: (403, "wrong-password", "Wrong current password"),
    NotPermittedError: (403, "not-permitted", "Not permitted"),
    IdempotencyKeyReusedError: (422, "idempotency-key-reused", "Idempotency key reused"),
    InvalidIdempotencyKeyError: (400, "invalid-idempotency-key", "Invalid idempotency key"),
}


def create_app(
    settings: Settings,
    routers: Sequence[APIRouter],
    bus: BusFactory,
    engine: AsyncEngine | None = None,
) -> FastAPI:
    """The command API on `engine` (or an engine of its own, made at start-up)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = engine or create_engine(settings, pre_ping=False)
        if engine is None:
            await open_pool(own)
        app.state.engine = own
        app.state.bus = bus(own)
        app.state.tokens = ConsistencyTokens(settings.signing_key)
        try:
            async with app.state.bus:  # its clients of remote stores, opened once
                yield
        finally:
            if engine is None:
                await own.dispose()

    app = api_app(
        settings,
        lifespan,
        title="Pacer command API",
        description="Accepts commands. Every answer carries the aggregate's new version and a "
        "consistency token for reading your own writes from the query API. Errors are RFC 9457 "
        "problem documents.",
        routers=routers,
    )

    @app.exception_handler(BlobStoreUnavailableError)
    async def on_storage_outage(request: Request, error: BlobStoreUnavailableError) -> JSONResponse:
        # Nothing was recorded: the command's transaction rolled back with the error.
        return problem_response(
            503, "Storage unavailable", problem_type="storage-unavailable",
            detail="file storage cannot be reached right now; nothing was recorded, try again",
            request=request, headers={"Retry-After": "5"},
        )  # fmt: skip

    @app.exception_handler(CommandError)
    async def on_command_error(request: Request, error: CommandError) -> JSONResponse:
        status, problem_type, title = next(
            (mapping for kind, mapping in _AS_PROBLEM.items() if isinstance(error, kind)),
            (500, "internal", "Internal server error"),
        )
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return problem_response(
            status, title, problem_type=problem_type, detail=str(error), request=request,
            headers=headers,
        )  # fmt: skip

    return app


class Sender:
    """Sends commands on behalf of the request's caller, in the request's correlation; seals the
    consistency token of each answer for that caller."""

    def __init__(
        self,
        bus: CommandBus,
        principal: Principal | None,
        correlation_id: str | None,
        tokens: ConsistencyTokens,
        actor: Actor | None = None,
    ) -> None:
        self.bus = bus
        self.principal = principal
        self.actor = actor or (
            Actor.account(principal.account_id, principal.role) if principal else Actor.anonymous()
        )
        self.correlation_id = correlation_id
        self.tokens = tokens

    @property
    def account_id(self) -> UUID:
        """The caller's account (routes that use it depend on `AccountSender`)."""
        assert self.principal is not None, "an anonymous sender has no account"
        return self.principal.account_id

    def acting_for(self, athlete: UUID | None) -> UUID:
        """The athlete a command is for: the one a coach names (`ForAthlete`), or the caller."""
        return athlete or self.account_id

    async def send(self, command: Command[R], idempotency_key: str | None = None) -> Reply[R]:
        reply = await self.bus.dispatch(
            command, self.actor, idempotency_key, correlation_id=self.correlation_id
        )
        if isinstance(reply.value, CommandAccepted):
            sealed = self.tokens.seal(reply.value.consistency_token, self.actor.id)
            value = reply.value.model_copy(update={"consistency_token": sealed})
            return Reply(cast(R, value), reply.replayed)
        return reply


async def _bus(request: Request) -> CommandBus:
    bus: CommandBus = request.app.state.bus
    return bus


def _tokens(request: Request) -> ConsistencyTokens:
    tokens: ConsistencyTokens = request.app.state.tokens
    return tokens


async def _correlation(
    correlation_id: Annotated[
        str | None,
        Header(
            alias="X-Correlation-Id",
            min_length=1,
            max_length=200,
            pattern=HEADER_TEXT,
            description="Shared by everything this request causes; generated when absent.",
        ),
    ] = None,
) -> str | None:
    return correlation_id


@raises(429)
async def anonymous_sender(
    request: Request,
    bus: Annotated[CommandBus, Depends(_bus)],
    correlation_id: Annotated[str | None, Depends(_correlation)],
) -> Sender:
    settings: Settings = request.app.state.settings
    limit = rate_limit(request, "anonymous", settings.limit_anonymous_per_address)
    await limit.take(client_address(request), "requests from your address")
    return Sender(bus, None, correlation_id, _tokens(request))


@raises(429)
async def account_sender(
    request: Request,
    bus: Annotated[CommandBus, Depends(_bus)],
    principal: CurrentPrincipal,
    correlation_id: Annotated[str | None, Depends(_correlation)],
) -> Sender:
    settings: Settings = request.app.state.settings
    limit = rate_limit(request, "writes", settings.limit_writes_per_account)
    await limit.take(str(principal.account_id), "commands from your account")
    return Sender(bus, principal, correlation_id, _tokens(request))


def account_limit(name: str, setting: str, what: str) -> Any:
    """A route dependency that counts the request against the account's `setting` policy (a
    `limits` expression in the settings) on top of the general write limit: 429 with
    `Retry-After` when a window is full, so nobody can queue unbounded heavy work."""

    @raises(429)
    async def take(request: Request, principal: CurrentPrincipal) -> None:
        policy: str = getattr(request.app.state.settings, setting)
        await rate_limit(request, name, policy).take(str(principal.account_id), what)

    return Depends(take)


@raises(400)
async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            pattern=KEY_PATTERN,
            description="Makes retries safe: the same key and body get the stored answer "
            "(`Idempotent-Replayed: true`) and record nothing; the same key with another body "
            "is 422. Printable ASCII, at most 255 characters; keys are per account.",
        ),
    ] = None,
) -> str | None:
    return key


AnonymousSender = Annotated[Sender, Depends(anonymous_sender)]
AccountSender = Annotated[Sender, Depends(account_sender)]
ForAthlete = Annotated[
    UUID | None,
    Query(
        alias="athlete_id",
        description="A coach acts for this athlete, under a live grant with the command's "
        "scope (`write_training_plans` for plans): each such command is an access the athlete "
        "lists. Leave out to act for yourself.",
    ),
]
IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


def new_id(sender: Sender, idempotency_key: str | None) -> UUID:
    """The id of an aggregate a command creates: derived from the idempotency key when there is
    one, so a retried request builds the very same command."""
    if idempotency_key is None:
        return uuid4()
    return uuid5(NAMESPACE_URL, f"pacer:{sender.actor.id}:{idempotency_key}")


def build(kind: type[C], /, **fields: Any) -> C:
    """The command made of a request's fields; invalid fields are a 422 like an invalid body."""
    try:
        return kind.model_validate(fields)
    except ValidationError as invalid:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in invalid.errors()]
        ) from None


def answer(reply: Reply[R], response: Response) -> R:
    if reply.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return reply.value
