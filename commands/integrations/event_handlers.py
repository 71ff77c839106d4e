"""Handlers of webhook events and of what the import job found for them."""

from __future__ import annotations

from commands.errors import ConcurrencyError, NotFoundError
from commands.integrations.connection import StravaConnection
from commands.integrations.delivery import StravaDelivery
from commands.integrations.imports import remove_run, upsert_run
from commands.integrations.links import StravaLinks
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.integrations.commands import (
    FailStravaImport,
    ImportStravaActivity,
    ReceiveStravaEvent,
    RemoveStravaActivity,
    StravaEventReceipt,
)
from contracts.integrations.events import StravaEventReceived
from contracts.integrations.strava import connection_stream


async def receive_strava_event(cmd: ReceiveStravaEvent, uow: UnitOfWork) -> StravaEventReceipt:
    """Recorded once, for an athlete connected now; anything else is ignored (and counted by
    the route)."""
    found = await uow.store(StravaLinks).connection_of(cmd.owner_id)
    if found is None:
        return StravaEventReceipt(recorded=False, reason="unknown athlete")
    account_id, connection_id = found
    try:
        await uow.save(StravaDelivery.receive(StravaEventReceived(
            delivery_id=cmd.delivery_id, account_id=account_id, connection_id=connection_id,
            object_type=cmd.object_type, aspect_type=cmd.aspect_type, object_id=cmd.object_id,
            updates=cmd.updates, event_time=cmd.event_time,
        )))  # fmt: skip
    except ConcurrencyError:
        # A delivery is a new stream: a repeated event finds it recorded as it is appended
        # (nothing is written, the transaction goes on), which spares every first delivery a
        # read of its stream.
        return StravaEventReceipt(recorded=False, reason="duplicate")
    return StravaEventReceipt(recorded=True)


async def _current(uow: UnitOfWork, delivery: StravaDelivery) -> bool:
    """Whether the delivery's connection is still the account's connection."""
    try:
        connection = await uow.load(StravaConnection, connection_stream(delivery.account_id))
    except NotFoundError:
        return False
    return connection.is_current(delivery.received.connection_id)


async def import_strava_activity(cmd: ImportStravaActivity, uow: UnitOfWork) -> CommandAccepted:
    delivery = await uow.load(StravaDelivery, str(cmd.delivery_id))
    if delivery.settled or not await _current(uow, delivery):
        return await uow.save(delivery)
    connection_id = delivery.received.connection_id
    if cmd.run is not None:
        run_id = await upsert_run(uow, delivery.account_id, connection_id, cmd.run)
        delivery.imported(run_id)
    elif cmd.skipped is not None:  # no longer a run (a ride, say): its run goes
        await remove_run(uow, connection_id, delivery.activity_id)
        delivery.skipped(cmd.skipped)
    else:  # gone from Strava (deleted, or hidden from Pacer)
        delivery.removed(await remove_run(uow, connection_id, delivery.activity_id))
    return await uow.save(delivery)


async def remove_strava_activity(cmd: RemoveStravaActivity, uow: UnitOfWork) -> CommandAccepted:
    delivery = await uow.load(StravaDelivery, str(cmd.delivery_id))
    if delivery.settled or not await _current(uow, delivery):
        return await uow.save(delivery)
    delivery.removed(await remove_run(uow, delivery.received.connection_id, delivery.activity_id))
    return await uow.save(delivery)


async def fail_strava_import(cmd: FailStravaImport, uow: UnitOfWork) -> CommandAccepted:
    delivery = await uow.load(StravaDelivery, str(cmd.delivery_id))
    delivery.failed(cmd.reason)
    return await uow.save(delivery)
