"""The buckets a job reads uploads from and writes what it makes to (a video's key frame, an
avatar's sizes): one tool for every context's jobs."""

from __future__ import annotations

from dataclasses import dataclass

from infra.blobs import BlobStore
from infra.settings import Settings


@dataclass(frozen=True)
class Buckets:
    store: BlobStore
    uploads: str
    derived: str


def buckets(settings: Settings) -> Buckets:
    """A job process's tool (see `workers.jobs.Work.tool`)."""
    return Buckets(BlobStore(settings), settings.s3_uploads_bucket, settings.s3_derived_bucket)
