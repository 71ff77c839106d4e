"""Uploads that must go: one not submitted by its deadline expires; a deleted or expired one has
its files removed from storage."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel

from contracts.commands import Command
from contracts.movement.commands import ConfirmUploadRemoved, ExpireUpload, FailUploadRemoval
from contracts.movement.objects import key_frame_key
from workers.jobs import Job, Work
from workers.storage import buckets


class UploadDeadline(BaseModel):
    analysis_id: UUID


class UploadFiles(BaseModel):
    analysis_id: UUID
    athlete_id: UUID
    object_key: str


def expire(deadline: UploadDeadline, work: Work) -> Command[Any]:
    # The aggregate decides: an upload submitted in time is left alone.
    return ExpireUpload(analysis_id=deadline.analysis_id)


def remove(files: UploadFiles, work: Work) -> Command[Any]:
    storage = work.tool(buckets)
    work.wait(storage.store.delete(storage.uploads, files.object_key))
    picture = key_frame_key(files.athlete_id, files.analysis_id)
    work.wait(storage.store.delete(storage.derived, picture))
    return ConfirmUploadRemoved(analysis_id=files.analysis_id)


EXPIRE_UPLOAD: Job[UploadDeadline] = Job(
    name="movement.expire_upload",
    payload=UploadDeadline,
    run=expire,
    failed=lambda deadline, _: ExpireUpload(analysis_id=deadline.analysis_id),
    time_limit_s=30.0,
)
REMOVE_UPLOAD: Job[UploadFiles] = Job(
    name="movement.remove_upload",
    payload=UploadFiles,
    run=remove,
    failed=lambda files, reason: FailUploadRemoval(analysis_id=files.analysis_id, reason=reason),
    time_limit_s=60.0,
    max_retries=10,
)
