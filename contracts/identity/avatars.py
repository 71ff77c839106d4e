"""Avatars: the images an account may upload as its picture, and where their files live (the
command side names them, the avatar job reads and writes them, the query side links to them)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.types import Count

AvatarType = Literal["image/jpeg", "image/png", "image/webp"]
MAX_AVATAR_BYTES = 10 * 1024 * 1024
MAX_AVATAR_PIXELS = 40_000_000
"""Larger pictures are refused before they are decoded (a small file can decode to gigabytes)."""
AVATAR_SIZES = (512, 128)
"""The square sizes in pixels each accepted avatar is stored in."""
AVATAR_FORMAT = "image/webp"


class AvatarUploadCreate(BaseModel):
    """Body of `POST /me/avatar/uploads`: the picture that will be uploaded. The URL handed back
    accepts exactly this type and size."""

    model_config = ConfigDict(extra="forbid")

    content_type: AvatarType
    size_bytes: Annotated[int, Count(ge=1, le=MAX_AVATAR_BYTES)] = Field(
        description="The file's exact size in bytes (at most 10 MiB)."
    )


def avatar_upload_key(account_id: UUID, upload_id: UUID) -> str:
    """The uploaded picture in the uploads bucket."""
    return f"avatars/{account_id}/{upload_id}"


def avatar_key(account_id: UUID, upload_id: UUID, size: int) -> str:
    """One size of an accepted avatar in the derived bucket."""
    return f"avatars/{account_id}/{upload_id}-{size}.webp"
