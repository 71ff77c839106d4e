"""The one list of Pacer's bounded contexts, and the builders that derive every registry from
it: event types and topics, command handlers and stores, both APIs' routers, projections,
reactors and jobs. Adding a context is its sub-packages, a migration and one line here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from commands import http as command_http
from commands.bus import CommandBus
from commands.eventstore import MessageContext
from commands.unit_of_work import PostgresUnitOfWork, UnitOfWork
from commands.uploads import BucketUploads
from infra.blobs import BlobStore
from infra.settings import Settings
from infra.subject_keys import RememberedKeys
from pacer.contexts import Context, Contexts, PackagedContext
from queries import http as query_http

CONTEXTS: Final = (
    "identity",
    "training",
    "movement",
    "documents",
    "nutrition",
    "integrations",
    "social",
)


def contexts(extra: Sequence[Context] = ()) -> Contexts:
    """Pacer's contexts, plus `extra` ones (tests add a context of their own)."""
    packaged: list[Context] = [PackagedContext(name) for name in CONTEXTS]
    return Contexts([*packaged, *extra])


def shared_dependencies(settings: Settings) -> dict[str, object]:
    """What a handler of any context may ask for by name: `uploads`, the bucket clients upload
    files to (videos, landmark documents, avatars)."""
    return {"uploads": BucketUploads(BlobStore(settings), settings.s3_uploads_bucket)}


def command_bus(
    settings: Settings,
    engine: AsyncEngine,
    of: Contexts | None = None,
    overrides: Mapping[str, object] | None = None,
) -> CommandBus:
    """The bus on `engine`; `overrides` replace handler dependencies by name (tests count what
    a password hasher is asked, for instance)."""
    of = of or contexts()
    event_types, stores = of.event_types(), of.stores()
    remembered = RememberedKeys()  # the keys to seal with this process has fetched

    def unit_of_work(context: MessageContext) -> UnitOfWork:
        return PostgresUnitOfWork(engine, context, event_types, stores, remembered)

    dependencies = {**shared_dependencies(settings), **of.dependencies(settings),
                    **(overrides or {})}  # fmt: skip
    return CommandBus(of.handlers(), unit_of_work, dependencies)


def command_app(
    settings: Settings,
    engine: AsyncEngine | None = None,
    of: Contexts | None = None,
    overrides: Mapping[str, object] | None = None,
) -> FastAPI:
    of = of or contexts()
    return command_http.create_app(
        settings,
        of.command_routers(),
        lambda live: command_bus(settings, live, of, overrides),
        engine,
    )


def query_app(
    settings: Settings, engine: AsyncEngine | None = None, of: Contexts | None = None
) -> FastAPI:
    return query_http.create_app(settings, (of or contexts()).query_routers(), engine)
