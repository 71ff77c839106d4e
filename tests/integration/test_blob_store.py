"""The blob store against a real S3 server (s3proxy from the local runtime, or PACER_S3_URL):
buckets, uploads signed for one type and size, streaming round trips, typed errors."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import aioboto3
import httpx
import pytest
from pydantic import SecretStr

from infra.blobs import (
    BlobNotFoundError,
    BlobStore,
    BlobStoreError,
    BlobStoreUnavailableError,
    client_config,
)
from infra.runtime.process import free_port
from infra.settings import Settings

if TYPE_CHECKING:
    from aiobotocore.session import ClientCreatorContext
    from types_aiobotocore_s3 import S3Client

pytestmark = pytest.mark.integration

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


@pytest.fixture
async def own_buckets(settings: Settings) -> AsyncIterator[Settings]:
    """Settings naming two buckets no other test uses; emptied and removed afterwards."""
    names = {
        "s3_uploads_bucket": f"test-up-{uuid.uuid4().hex[:12]}",
        "s3_derived_bucket": f"test-derived-{uuid.uuid4().hex[:12]}",
    }
    yield settings.model_copy(update=names)
    async with _raw_client(settings) as s3:
        for bucket in names.values():
            try:
                listing = await s3.list_objects_v2(Bucket=bucket)
            except s3.exceptions.NoSuchBucket:
                continue
            for item in listing.get("Contents", []):
                await s3.delete_object(Bucket=bucket, Key=item["Key"])
            await s3.delete_bucket(Bucket=bucket)


def _raw_client(settings: Settings) -> ClientCreatorContext[S3Client]:
    return aioboto3.Session().client(
        "s3",
        endpoint_url=settings.s3_endpoint,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key,
        aws_secret_access_key=settings.s3_secret_key.get_secret_value(),
        config=client_config(),
    )


async def test_missing_buckets_are_created_once(own_buckets: Settings) -> None:
    async with BlobStore(own_buckets) as store:
        assert await store.ensure_buckets() == list(store.buckets)
        assert await store.ensure_buckets() == []

        for bucket in store.buckets:
            await store.put_bytes(bucket, "probe", b"ok", content_type="text/plain")
            assert await store.head(bucket, "probe") is not None


async def test_the_session_stack_created_the_configured_buckets(blob_store: BlobStore) -> None:
    assert await blob_store.ensure_buckets() == []


async def test_a_presigned_put_takes_the_signed_type_and_size(
    blob_store: BlobStore, blob_prefix: str, http: httpx.AsyncClient, settings: Settings
) -> None:
    bucket, key = settings.s3_uploads_bucket, f"{blob_prefix}squats.mp4"
    url = blob_store.presigned_put(
        bucket, key, content_type="video/mp4", content_length=len(VIDEO), expires_s=60
    )

    answer = await http.put(url, content=VIDEO, headers={"Content-Type": "video/mp4"})

    assert answer.status_code == 200, answer.text
    head = await blob_store.head(bucket, key)
    assert head is not None
    assert (head.size, head.content_type) == (len(VIDEO), "video/mp4")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("video/webm", VIDEO, id="another type"),
        pytest.param("video/mp4", VIDEO + b"more", id="more bytes"),
        pytest.param("video/mp4", VIDEO[:-1], id="fewer bytes"),
    ],
)
async def test_a_presigned_put_refuses_another_type_or_size(
    blob_store: BlobStore,
    blob_prefix: str,
    http: httpx.AsyncClient,
    settings: Settings,
    content_type: str,
    body: bytes,
) -> None:
    bucket, key = settings.s3_uploads_bucket, f"{blob_prefix}squats.mp4"
    url = blob_store.presigned_put(
        bucket, key, content_type="video/mp4", content_length=len(VIDEO), expires_s=60
    )

    answer = await http.put(url, content=body, headers={"Content-Type": content_type})

    assert answer.status_code == 403, answer.text
    assert await blob_store.head(bucket, key) is None


async def test_bytes_round_trip_through_head_download_and_a_presigned_get(
    blob_store: BlobStore,
    blob_prefix: str,
    http: httpx.AsyncClient,
    settings: Settings,
    tmp_path: Path,
) -> None:
    bucket, key = settings.s3_derived_bucket, f"{blob_prefix}plan.pdf"
    await blob_store.put_bytes(bucket, key, b"%PDF-1.7 plan", content_type="application/pdf")

    head = await blob_store.head(bucket, key)
    assert head is not None
    assert (head.size, head.content_type) == (13, "application/pdf")
    assert await blob_store.download_to(bucket, key, tmp_path / "plan.pdf") == 13
    assert (tmp_path / "plan.pdf").read_bytes() == b"%PDF-1.7 plan"
    answer = await http.get(blob_store.presigned_get(bucket, key, expires_s=60))
    assert answer.status_code == 200
    assert answer.content == b"%PDF-1.7 plan"
    assert answer.headers["content-type"] == "application/pdf"


async def test_a_large_file_goes_up_in_parts_and_comes_back_whole(
    blob_store: BlobStore, blob_prefix: str, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "session.mp4"
    source.write_bytes(os.urandom(9 * 1024 * 1024 + 17))  # past the 8 MiB part size
    bucket, key = settings.s3_uploads_bucket, f"{blob_prefix}session.mp4"

    await blob_store.put_file(bucket, key, source, content_type="video/mp4")
    size = await blob_store.download_to(bucket, key, tmp_path / "back.mp4")

    assert size == source.stat().st_size
    digest = hashlib.sha256(source.read_bytes()).digest()
    assert hashlib.sha256((tmp_path / "back.mp4").read_bytes()).digest() == digest


async def test_a_missing_object_is_not_found_and_leaves_no_file(
    blob_store: BlobStore,
    blob_prefix: str,
    http: httpx.AsyncClient,
    settings: Settings,
    tmp_path: Path,
) -> None:
    bucket, key = settings.s3_uploads_bucket, f"{blob_prefix}never-uploaded.mp4"

    assert await blob_store.head(bucket, key) is None
    with pytest.raises(BlobNotFoundError):
        await blob_store.download_to(bucket, key, tmp_path / "video.mp4")
    assert os.listdir(tmp_path) == []
    assert (await http.get(blob_store.presigned_get(bucket, key, expires_s=60))).status_code == 404


async def test_a_deleted_object_is_gone_and_deleting_again_is_harmless(
    blob_store: BlobStore, blob_prefix: str, settings: Settings
) -> None:
    bucket, key = settings.s3_uploads_bucket, f"{blob_prefix}gone.mp4"
    await blob_store.put_bytes(bucket, key, VIDEO, content_type="video/mp4")

    await blob_store.delete(bucket, key)
    await blob_store.delete(bucket, key)

    assert await blob_store.head(bucket, key) is None


async def test_old_objects_under_a_prefix_are_removed_and_the_rest_kept(
    blob_store: BlobStore, blob_prefix: str, settings: Settings
) -> None:
    bucket = settings.s3_uploads_bucket
    for key in ("a.mp4", "b.mp4", "other/c.mp4"):
        await blob_store.put_bytes(bucket, blob_prefix + key, VIDEO, content_type="video/mp4")
    kept = f"{blob_prefix}other/"

    assert await blob_store.delete_older_than(bucket, blob_prefix, timedelta(hours=1)) == 0
    assert await blob_store.delete_older_than(bucket, f"{blob_prefix}b", timedelta(0)) == 1
    assert await blob_store.head(bucket, f"{blob_prefix}b.mp4") is None
    assert await blob_store.head(bucket, f"{blob_prefix}a.mp4") is not None
    assert await blob_store.head(bucket, f"{kept}c.mp4") is not None


async def test_an_unreachable_store_is_unavailable_not_missing(settings: Settings) -> None:
    nowhere = settings.model_copy(update={"s3_url": f"http://127.0.0.1:{free_port()}"})

    with pytest.raises(BlobStoreUnavailableError):
        await BlobStore(nowhere).head(settings.s3_uploads_bucket, "anything")


async def test_wrong_keys_are_refused_not_unavailable(settings: Settings) -> None:
    wrong = settings.model_copy(update={"s3_secret_key": SecretStr("not-the-secret")})

    with pytest.raises(BlobStoreError) as refused:
        await BlobStore(wrong).put_bytes(
            settings.s3_uploads_bucket, "x", b"x", content_type="text/plain"
        )
    assert type(refused.value) is BlobStoreError
    assert refused.value.code == "SignatureDoesNotMatch"
