"""The avatar job: check that an uploaded picture is an image (JPEG, PNG or WebP, not too many
pixels), turn it upright, crop it square from its centre, store it at each avatar size as WebP
(which drops EXIF metadata, GPS position included) and report it by command; anything else is
refused with the reason. The upload itself is deleted either way."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from contracts.commands import Command
from contracts.identity.avatars import (
    AVATAR_FORMAT,
    AVATAR_SIZES,
    MAX_AVATAR_BYTES,
    MAX_AVATAR_PIXELS,
    avatar_key,
    avatar_upload_key,
)
from contracts.identity.commands import AcceptAvatar, RejectAvatar
from contracts.identity.events import AvatarSubmitted
from infra.blob_errors import BlobNotFoundError
from workers.jobs import Job, Work
from workers.storage import Buckets, buckets

FORMATS = ("JPEG", "PNG", "WEBP")


class AvatarError(Exception):
    """The upload is not a picture Pacer can use; the message says why, for its owner."""


def square_sizes(data: bytes, sizes: tuple[int, ...] = AVATAR_SIZES) -> dict[int, bytes]:
    """The picture in `data`, upright and cropped square, as WebP at each of `sizes`."""
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            width, height = image.size  # read from the header: nothing is decoded yet
            if width * height > MAX_AVATAR_PIXELS:
                raise AvatarError(
                    f"the picture has {width}x{height} pixels; at most "
                    f"{MAX_AVATAR_PIXELS // 1_000_000} million are accepted"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise AvatarError("the file is not a JPEG, PNG or WebP picture") from error
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt data
        raise AvatarError(f"the picture cannot be read: {error}") from error
    mode = (
        "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    )
    upright = upright.convert(mode)
    stored: dict[int, bytes] = {}
    for size in sizes:
        square = ImageOps.fit(upright, (size, size), method=Image.Resampling.LANCZOS)
        out = io.BytesIO()
        square.save(out, format="WEBP", quality=85, method=4)
        stored[size] = out.getvalue()
    return stored


def process(submitted: AvatarSubmitted, work: Work) -> Command[Any]:
    storage = work.tool(buckets)
    upload = avatar_upload_key(submitted.account_id, submitted.upload_id)
    try:
        stored = square_sizes(_download(storage, upload, work))
    except AvatarError:
        work.wait(storage.store.delete(storage.uploads, upload))
        raise
    work.progress(1, 2)
    for pixels, webp in stored.items():
        key = avatar_key(submitted.account_id, submitted.upload_id, pixels)
        work.wait(storage.store.put_bytes(storage.derived, key, webp, content_type=AVATAR_FORMAT))
    work.wait(storage.store.delete(storage.uploads, upload))
    return AcceptAvatar(
        account_id=submitted.account_id, upload_id=submitted.upload_id, sizes=list(stored)
    )


def _download(storage: Buckets, key: str, work: Work) -> bytes:
    with tempfile.TemporaryDirectory(prefix="pacer-avatar-") as folder:
        path = Path(folder) / "upload"
        try:
            size = work.wait(storage.store.download_to(storage.uploads, key, path))
        except BlobNotFoundError:
            raise AvatarError("the upload is gone: it was removed before it was checked") from None
        if size > MAX_AVATAR_BYTES:
            raise AvatarError(f"the file has {size} bytes; at most {MAX_AVATAR_BYTES} are accepted")
        return path.read_bytes()


PROCESS_AVATAR: Job[AvatarSubmitted] = Job(
    name="identity.process_avatar",
    payload=AvatarSubmitted,
    run=process,
    failed=lambda submitted, reason: RejectAvatar(
        account_id=submitted.account_id, upload_id=submitted.upload_id, reason=reason
    ),
    bad_input=(AvatarError,),
    time_limit_s=60.0,
)
