"""The blob store as a FastAPI dependency: one per API process, made on first use (an API
process only signs URLs and reads object heads; bytes never pass through it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from infra.blobs import BlobStore


async def blob_store(request: Request) -> BlobStore:
    state = request.app.state
    if getattr(state, "blobs", None) is None:
        state.blobs = BlobStore(state.settings)
    store: BlobStore = state.blobs
    return store


Blobs = Annotated[BlobStore, Depends(blob_store)]
