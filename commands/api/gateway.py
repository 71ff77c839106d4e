"""Runs one command in a unit of work and shapes the answer: status, body with the new version
and consistency token, and Idempotency-Key handling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import uuid4

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.aggregate import Aggregate
from commands.api import idempotency
from commands.eventstore import MessageContext
from commands.unit_of_work import UnitOfWork
from contracts.consistency import StreamPosition
from contracts.reads.common import CommandAccepted
from infra.http_auth import CurrentPrincipal
from infra.telemetry import current_traceparent
from infra.tokens import Principal

Decision = Callable[[UnitOfWork], Awaitable[Aggregate]]


def accepted(aggregate: Aggregate) -> CommandAccepted:
    return CommandAccepted(
        aggregate_id=aggregate.id,
        version=aggregate.version,
        consistency_token=StreamPosition(aggregate.id, aggregate.version).encode(),
    )


def message_context(request: Request, actor: str | None) -> MessageContext:
    return MessageContext(
        correlation_id=request.headers.get("X-Correlation-Id") or str(uuid4()),
        actor=actor,
        traceparent=current_traceparent(),
    )


class CommandGateway:
    def __init__(self, request: Request, principal: Principal) -> None:
        self.request = request
        self.principal = principal
        self.engine: AsyncEngine = request.app.state.engine

    async def run(self, decide: Decision, status_code: int) -> JSONResponse:
        key = self.request.headers.get("Idempotency-Key")
        if key is None:
            return await self._run_once(decide, status_code, None)
        idempotency.check_key(key)
        fingerprint = idempotency.request_fingerprint(
            self.request.method, self.request.url.path, await self.request.body()
        )
        try:
            return await self._run_once(decide, status_code, (key, fingerprint))
        except IntegrityError:
            # Lost the race to a concurrent request with the same key: answer as it did.
            async with self.engine.connect() as connection:
                stored = await idempotency.recall(
                    connection, str(self.principal.account_id), key, fingerprint
                )
            if stored is None:
                raise
            return _replay(stored)

    async def _run_once(
        self, decide: Decision, status_code: int, idempotent: tuple[str, str] | None
    ) -> JSONResponse:
        principal = str(self.principal.account_id)
        async with UnitOfWork(self.engine, message_context(self.request, principal)) as uow:
            if idempotent is not None:
                stored = await idempotency.recall(uow.connection, principal, *idempotent)
                if stored is not None:
                    return _replay(stored)
            aggregate = await decide(uow)
            body = accepted(aggregate).model_dump(mode="json")
            if idempotent is not None:
                key, fingerprint = idempotent
                response = idempotency.StoredResponse(status_code, body)
                await idempotency.remember(uow.connection, principal, key, fingerprint, response)
            await uow.commit()
        return JSONResponse(body, status_code=status_code)


def _replay(stored: idempotency.StoredResponse) -> JSONResponse:
    return JSONResponse(
        stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
    )


def command_gateway(request: Request, principal: CurrentPrincipal) -> CommandGateway:
    return CommandGateway(request, principal)


Gateway = Annotated[CommandGateway, Depends(command_gateway)]
