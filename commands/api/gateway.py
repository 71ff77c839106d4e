"""Runs one command in a unit of work and shapes the answer: status, body with the new version
and consistency token, and Idempotency-Key handling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import uuid4

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
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
        if key is not None:
            idempotency.check_key(key)
        url = self.request.url
        fingerprint = idempotency.request_fingerprint(
            self.request.method, f"{url.path}?{url.query}", await self.request.body()
        )
        principal = str(self.principal.account_id)
        async with UnitOfWork(self.engine, message_context(self.request, principal)) as uow:
            if key is not None and not await idempotency.claim(
                uow.connection, principal, key, fingerprint
            ):
                # Answered before (or by a concurrent request that has now committed).
                return _replay(
                    await idempotency.recall(uow.connection, principal, key, fingerprint)
                )
            aggregate = await decide(uow)
            body = accepted(aggregate).model_dump(mode="json")
            if key is not None:
                stored = idempotency.StoredResponse(status_code, body)
                await idempotency.complete(uow.connection, principal, key, stored)
            await uow.commit()
        return JSONResponse(body, status_code=status_code)


def _replay(stored: idempotency.StoredResponse) -> JSONResponse:
    return JSONResponse(
        stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
    )


def command_gateway(request: Request, principal: CurrentPrincipal) -> CommandGateway:
    return CommandGateway(request, principal)


Gateway = Annotated[CommandGateway, Depends(command_gateway)]
