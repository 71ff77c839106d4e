"""What the write side asks of the uploads bucket: whether a video is there, and how big."""

from __future__ import annotations

from typing import Protocol, Self

from infra.blobs import BlobStore


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
