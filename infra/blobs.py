"""Blob storage (videos, images, PDFs, exports) in an S3-compatible store through aioboto3: the
local runtime's s3proxy in development and tests, any S3 in production."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import aioboto3
import anyio
import boto3
from aiobotocore.config import AioConfig
from botocore.exceptions import ClientError

from infra.blob_errors import (
    UNREACHABLE,
    BlobNotFoundError,
    BlobStoreError,
    BlobStoreUnavailableError,
    translated,
)
from infra.settings import Settings

if TYPE_CHECKING:
    from aiobotocore.session import ClientCreatorContext
    from anyio import AsyncFile
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_s3.literals import BucketLocationConstraintType
    from types_aiobotocore_s3.type_defs import CompletedPartTypeDef, ObjectIdentifierTypeDef
    from types_boto3_s3 import S3Client as S3Signer

__all__ = [
    "BlobInfo",
    "BlobNotFoundError",
    "BlobStore",
    "BlobStoreError",
    "BlobStoreUnavailableError",
    "client_config",
]

CHUNK_BYTES = 1024 * 1024
PART_BYTES = 8 * 1024 * 1024
ALREADY_THERE = frozenset({"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})


@dataclass(frozen=True)
class BlobInfo:
    size: int
    content_type: str
    last_modified: datetime


def client_config(*, timeout_s: float = 10.0, attempts: int = 3) -> AioConfig:
    # Path-style addressing: s3proxy and most self-hosted stores have no per-bucket host names.
    # Checksums only where an operation requires one: not every S3-compatible store takes the
    # CRC headers and trailers botocore sends by default.
    return AioConfig(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        connect_timeout=timeout_s,
        read_timeout=timeout_s,
        retries={"max_attempts": attempts, "mode": "standard"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )


class BlobStore:
    """The application's blob store. Building one connects nothing. Inside `async with store:`
    every call shares one client and its connections (a process's lifespan holds it so); outside,
    each call opens a client of its own (some 40 ms more), which works from any event loop."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._session = aioboto3.Session()
        self._options: dict[str, Any] = {
            "endpoint_url": settings.s3_endpoint,
            "region_name": settings.s3_region,
            "aws_access_key_id": settings.s3_access_key,
            "aws_secret_access_key": settings.s3_secret_key.get_secret_value(),
        }
        self._held: S3Client | None = None
        self._holding = AsyncExitStack()

    async def __aenter__(self) -> BlobStore:
        self._held = await self._holding.enter_async_context(self._new_client())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._held = None
        await self._holding.aclose()

    @property
    def buckets(self) -> tuple[str, str]:
        return (self.settings.s3_uploads_bucket, self.settings.s3_derived_bucket)

    async def ensure_buckets(self) -> list[str]:
        """Create the uploads and derived buckets where missing; return those created."""
        created = []
        async with self._client() as s3:
            for bucket in self.buckets:
                try:
                    with translated():
                        await s3.head_bucket(Bucket=bucket)
                    continue
                except BlobNotFoundError:
                    pass
                try:
                    with translated():
                        await self._create_bucket(s3, bucket)
                except BlobStoreError as error:
                    if error.code not in ALREADY_THERE:  # else another process was quicker
                        raise
                created.append(bucket)
        return created

    async def _create_bucket(self, s3: S3Client, bucket: str) -> None:
        region = self.settings.s3_region
        if region == "us-east-1":  # the one region that takes no location
            await s3.create_bucket(Bucket=bucket)
        else:
            location = cast("BucketLocationConstraintType", region)
            await s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": location}
            )

    def presigned_put(
        self, bucket: str, key: str, *, content_type: str, content_length: int, expires_s: int
    ) -> str:
        """A URL that takes one `PUT` with exactly these `Content-Type` and `Content-Length`
        headers: both are signed, so the store refuses an upload of another type or size."""
        return self._signer.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": bucket, "Key": key,
                "ContentType": content_type, "ContentLength": content_length,
            },
            ExpiresIn=expires_s,
            HttpMethod="PUT",
        )  # fmt: skip

    def presigned_get(self, bucket: str, key: str, expires_s: int) -> str:
        """A URL that downloads the object until it expires."""
        return self._signer.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_s
        )

    async def head(self, bucket: str, key: str) -> BlobInfo | None:
        """The object's size and type; None when there is none."""
        try:
            async with self._client() as s3:
                head = await s3.head_object(Bucket=bucket, Key=key)
        except BlobNotFoundError:
            return None
        return BlobInfo(
            size=head["ContentLength"],
            content_type=head.get("ContentType", "application/octet-stream"),
            last_modified=head["LastModified"],
        )

    async def download_to(self, bucket: str, key: str, path: Path) -> int:
        """Stream the object into `path`, a chunk at a time; return its size. `path` appears only
        once the download is complete."""
        part = anyio.Path(path.with_name(path.name + ".part"))
        size = 0
        try:
            async with self._client() as s3:
                body = (await s3.get_object(Bucket=bucket, Key=key))["Body"]
                try:
                    async with await anyio.open_file(part, "wb") as file:
                        async for chunk in body.iter_chunks(CHUNK_BYTES):
                            await file.write(chunk)
                            size += len(chunk)
                finally:
                    body.close()
            await part.replace(path)
        except BaseException:
            await part.unlink(missing_ok=True)
            raise
        return size

    async def put_bytes(self, bucket: str, key: str, data: bytes, *, content_type: str) -> None:
        # A file-like body: aiohttp sends raw bytes of more than 1 MiB in one blocking write.
        async with self._client() as s3:
            await s3.put_object(
                Bucket=bucket, Key=key, Body=io.BytesIO(data), ContentType=content_type
            )

    async def put_file(self, bucket: str, key: str, path: Path, *, content_type: str) -> None:
        """Upload a file, one 8 MiB part at a time: never more of it in memory."""
        async with self._client() as s3, await anyio.open_file(path, "rb") as file:
            first = await file.read(PART_BYTES)
            if len(first) < PART_BYTES:
                await s3.put_object(
                    Bucket=bucket, Key=key, Body=io.BytesIO(first), ContentType=content_type
                )
            else:
                await _put_in_parts(s3, bucket, key, file, first, content_type)

    async def delete(self, bucket: str, key: str) -> None:
        """Remove the object; removing one that is not there is no error (S3's own rule)."""
        async with self._client() as s3:
            await s3.delete_object(Bucket=bucket, Key=key)

    async def keys_under(self, bucket: str, prefix: str) -> list[str]:
        """The keys of the objects under `prefix`."""
        keys: list[str] = []
        async with self._client() as s3:
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            async for page in pages:
                keys += [item["Key"] for item in page.get("Contents", [])]
        return keys

    async def delete_all_under(self, bucket: str, prefix: str) -> int:
        """Remove every object under `prefix` (all of an account's, say); return how many."""
        return await self.delete_older_than(bucket, prefix, timedelta(0))

    async def delete_older_than(self, bucket: str, prefix: str, age: timedelta) -> int:
        """Remove the objects under `prefix` last written more than `age` ago (uploads never
        submitted, say); return how many. Objects it could not remove fail the call, after the
        others are gone."""
        cutoff = datetime.now(UTC) - age
        deleted, failed = 0, []
        async with self._client() as s3:
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            async for page in pages:
                old: list[ObjectIdentifierTypeDef] = [
                    {"Key": item["Key"]}
                    for item in page.get("Contents", [])
                    if item["LastModified"] < cutoff
                ]
                if not old:
                    continue
                result = await s3.delete_objects(
                    Bucket=bucket, Delete={"Objects": old, "Quiet": True}
                )
                errors = result.get("Errors", [])
                deleted += len(old) - len(errors)
                failed += [f"{error.get('Key')}: {error.get('Code')}" for error in errors]
        if failed:
            raise BlobStoreError(f"{len(failed)} object(s) not deleted, e.g. {failed[0]}")
        return deleted

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[S3Client]:
        with translated():
            if self._held is not None:
                yield self._held
            else:
                async with self._new_client() as client:
                    yield client

    def _new_client(self) -> ClientCreatorContext[S3Client]:
        return self._session.client("s3", config=client_config(), **self._options)

    @cached_property
    def _signer(self) -> S3Signer:
        """A synchronous client that only signs URLs: signing needs no I/O."""
        return boto3.session.Session().client("s3", config=client_config(), **self._options)


async def _put_in_parts(
    s3: S3Client, bucket: str, key: str, file: AsyncFile[bytes], first: bytes, content_type: str
) -> None:
    upload = await s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType=content_type)
    upload_id = upload["UploadId"]
    parts: list[CompletedPartTypeDef] = []
    part = first
    try:
        while part:
            number = len(parts) + 1
            sent = await s3.upload_part(
                Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                Body=io.BytesIO(part),
            )  # fmt: skip
            parts.append({"ETag": sent["ETag"], "PartNumber": number})
            part = await file.read(PART_BYTES)
        await s3.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
        )
    except BaseException:
        # The first error is the one to report; a lifecycle rule clears parts left behind.
        with suppress(ClientError, *UNREACHABLE):
            await s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise


def main() -> None:
    """`python -m infra.blobs`: create the buckets where missing (compose runs it once)."""
    created = asyncio.run(BlobStore(Settings()).ensure_buckets())
    print(f"buckets created: {', '.join(created) or 'none, all there'}")


if __name__ == "__main__":
    main()
