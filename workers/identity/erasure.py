"""An erased account's stored files: the reactor hands `AccountErased` to a job that deletes
every object kept under the account's folders in both buckets (avatar uploads and sizes, exercise
videos and their key frames, printed plans, data exports) and reports how many went.

It sweeps twice. The first sweep runs at once. Jobs of the account queued before the erasure are
dropped when they come up, but one running at that moment may still write a file, and so may an
upload through a presigned URL issued before it: the late sweep waits (in the queue) until the
longest job and the URL's lifetime are over, and sweeps again.

The folders are derived from the contracts' own key functions, so a new kind of object kept
under an account's folder is erased with the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel

from contracts.commands import Command
from contracts.documents.reads import data_export_key, document_key
from contracts.identity.avatars import avatar_key, avatar_upload_key
from contracts.identity.commands import ReportFileErasure
from contracts.identity.events import AccountErased
from contracts.movement.objects import key_frame_key, upload_key
from infra.settings import Settings
from workers.jobs import LONGEST_TIME_LIMIT_S, Job, Later, Work
from workers.reactors import Reaction, Reactor
from workers.storage import buckets

_ANY = UUID(int=0)
KEYS: tuple[Callable[[UUID], str], ...] = (
    lambda account: avatar_upload_key(account, _ANY),
    lambda account: avatar_key(account, _ANY, 128),
    lambda account: upload_key(account, _ANY),
    lambda account: key_frame_key(account, _ANY),
    lambda account: document_key(account, _ANY),
    lambda account: data_export_key(account, _ANY),
)


def folders(account: UUID) -> list[str]:
    """The folders (key prefixes) that hold only this account's objects."""
    found = []
    for key in KEYS:
        made = key(account)
        folder = made[: made.index(str(account)) + len(str(account))] + "/"
        if folder not in found:
            found.append(folder)
    return found


LATE_SWEEP_MARGIN_S = 300.0
"""Beyond the URL's lifetime: an upload that began just before it ended may take this long."""


class FileSweep(BaseModel):
    """A sweep of an erased account's folders; the late one waits for writes in flight."""

    erases_subject: ClassVar[bool] = True  # the erasure's own work: run for an erased account

    account_id: UUID
    erased_at: AwareDatetime
    late: bool = False


def late_sweep_at(sweep: FileSweep, settings: Settings) -> datetime:
    """When every write the account could still have in flight at its erasure is over."""
    waits = settings.upload_url_ttl_s + LONGEST_TIME_LIMIT_S + LATE_SWEEP_MARGIN_S
    return sweep.erased_at + timedelta(seconds=waits)


def erase_files(sweep: FileSweep, work: Work) -> Command[Any]:
    if sweep.late:
        wait_s = (late_sweep_at(sweep, work.tool(_settings)) - datetime.now(UTC)).total_seconds()
        if wait_s > 0:
            raise Later(wait_s, "the late sweep waits for uploads and jobs in flight")
    storage = work.tool(buckets)
    removed = 0
    for bucket in dict.fromkeys((storage.uploads, storage.derived)):
        for folder in folders(sweep.account_id):
            removed += work.wait(storage.store.delete_all_under(bucket, folder))
    return ReportFileErasure(account_id=sweep.account_id, removed=removed)


def _settings(settings: Settings) -> Settings:
    """The job process's settings, as a tool (see `workers.jobs.Work.tool`)."""
    return settings


ERASE_FILES: Job[FileSweep] = Job(
    name="identity.erase_files",
    payload=FileSweep,
    run=erase_files,
    failed=lambda sweep, reason: ReportFileErasure(
        account_id=sweep.account_id, removed=0, failure=reason
    ),
    time_limit_s=300.0,
)

erasure = Reactor("identity.erasure")


@erasure.on(AccountErased)
async def erase_stored_files(event: AccountErased, reaction: Reaction) -> None:
    for late in (False, True):
        sweep = FileSweep(account_id=event.account_id, erased_at=event.erased_at, late=late)
        await reaction.enqueue(ERASE_FILES, sweep)
