"""Files clients upload (videos, landmark documents, avatars): the ticket the command API hands
out for one (a presigned `PUT` of exactly the declared type and size, straight to storage), and
what the write side asks of the uploads bucket afterwards: whether the file is there, how big."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, Self
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel

from contracts.commands import CommandAccepted
from infra.blobs import BlobStore
from infra.settings import Settings


class UploadTicket(BaseModel):
    """Where and how to upload the file: one `PUT` of exactly the declared type and size to
    `url` before `expires_at`, with `headers`; then submit it."""

    accepted: CommandAccepted
    upload_id: UUID
    method: str = "PUT"
    url: AnyHttpUrl
    headers: dict[str, str]
    expires_at: datetime


def upload_ticket(
    blobs: BlobStore,
    settings: Settings,
    accepted: CommandAccepted,
    upload_id: UUID,
    key: str,
    content_type: str,
    size_bytes: int,
) -> UploadTicket:
    """The ticket for an upload the command `accepted` reserved at `key` in the uploads bucket."""
    expires_s = settings.upload_url_ttl_s
    url = blobs.presigned_put(
        settings.s3_uploads_bucket, key, content_type=content_type, content_length=size_bytes,
        expires_s=expires_s,
    )  # fmt: skip
    return UploadTicket(
        accepted=accepted,
        upload_id=upload_id,
        url=AnyHttpUrl(url),
        headers={"Content-Type": content_type, "Content-Length": str(size_bytes)},
        expires_at=datetime.now(UTC) + timedelta(seconds=expires_s),
    )


class Uploads(Protocol):
    async def size_of(self, key: str) -> int | None:
        """The uploaded object's size in bytes; None when nothing is there."""


class BucketUploads:
    """The uploads bucket; a process holding it open (`async with`) shares one S3 client."""

    def __init__(self, store: BlobStore, bucket: str) -> None:
        self.store = store
        self.bucket = bucket

    async def __aenter__(self) -> Self:
        await self.store.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.store.__aexit__(*exc_info)

    async def size_of(self, key: str) -> int | None:
        head = await self.store.head(self.bucket, key)
        return None if head is None else head.size
