"""An erased account's stored files: the reactor hands `AccountErased` to a job that deletes
every object kept under the account's folders in both buckets (avatar uploads and sizes, exercise
videos and their key frames, printed plans, data exports) and reports how many went.

The folders are derived from the contracts' own key functions, so a new kind of object kept
under an account's folder is erased with the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from contracts.commands import Command
from contracts.documents.reads import data_export_key, document_key
from contracts.identity.avatars import avatar_key, avatar_upload_key
from contracts.identity.commands import ReportFileErasure
from contracts.identity.events import AccountErased
from contracts.movement.objects import key_frame_key, upload_key
from workers.jobs import Job, Work
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


def erase_files(erased: AccountErased, work: Work) -> Command[Any]:
    storage = work.tool(buckets)
    removed = 0
    for bucket in dict.fromkeys((storage.uploads, storage.derived)):
        for folder in folders(erased.account_id):
            removed += work.wait(storage.store.delete_all_under(bucket, folder))
    return ReportFileErasure(account_id=erased.account_id, removed=removed)


ERASE_FILES: Job[AccountErased] = Job(
    name="identity.erase_files",
    payload=AccountErased,
    run=erase_files,
    failed=lambda erased, reason: ReportFileErasure(
        account_id=erased.account_id, removed=0, failure=reason
    ),
    time_limit_s=300.0,
)

erasure = Reactor("identity.erasure")


@erasure.on(AccountErased)
async def erase_stored_files(event: AccountErased, reaction: Reaction) -> None:
    await reaction.enqueue(ERASE_FILES, event)
