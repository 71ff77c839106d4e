"""The buckets a movement job reads uploads from and writes key frames to."""

from __future__ import annotations

from dataclasses import dataclass

from infra.blobs import BlobStore
from infra.settings import Settings


@dataclass(frozen=True)
class VideoStorage:
    store: BlobStore
    uploads: str
    derived: str


def video_storage(settings: Settings) -> VideoStorage:
    """A job process's tool (see `workers.jobs.Work.tool`)."""
    return VideoStorage(BlobStore(settings), settings.s3_uploads_bucket, settings.s3_derived_bucket)
