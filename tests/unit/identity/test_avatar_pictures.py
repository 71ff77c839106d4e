"""The avatar job's picture work: upright, square, WebP at each size, metadata dropped; anything
that is not a usable picture is refused with a reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from contracts.identity.avatars import MAX_AVATAR_PIXELS
from workers.identity.avatars import AvatarError, square_sizes

ORIENTATION, GPS_INFO = 0x0112, 0x8825


def picture(
    width: int, height: int, kind: str = "JPEG", *, exif: Image.Exif | None = None
) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    image.paste((200, 0, 0), (0, 0, width // 2, height))  # left half red
    out = io.BytesIO()
    image.save(out, format=kind, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def rgb(image: Image.Image, x: int, y: int) -> tuple[int, ...]:
    pixel = image.convert("RGB").getpixel((x, y))
    assert isinstance(pixel, tuple)
    return pixel


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_each_size_is_a_square_webp_cropped_from_the_centre() -> None:
    stored = square_sizes(picture(800, 400, "PNG"), (512, 128))

    assert set(stored) == {512, 128}
    for size, data in stored.items():
        image = opened(data)
        assert (image.format, image.size) == ("WEBP", (size, size))
        red, white = rgb(image, 2, size // 2), rgb(image, size - 3, 2)
        assert red[0] > 150
        assert red[1] < 80
        assert min(white[:3]) > 200


def test_a_sideways_photo_is_turned_upright_and_loses_its_metadata() -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90° clockwise to view
    exif[GPS_INFO] = {1: "N", 2: (48.0, 51.0, 24.0)}
    stored = square_sizes(picture(600, 300, exif=exif), (128,))

    image = opened(stored[128])
    # Upright, the red left half of the sensor image is at the top.
    top, bottom = rgb(image, 64, 2), rgb(image, 64, 125)
    assert top[0] > 150
    assert top[1] < 80
    assert min(bottom[:3]) > 200
    assert not image.getexif()
    assert "exif" not in image.info


@pytest.mark.parametrize(
    "data",
    [b"", b"not a picture at all", b"GIF89a" + b"\0" * 100, picture(64, 64)[:200]],
    ids=["empty", "text", "gif", "truncated"],
)
def test_what_is_not_a_usable_picture_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(AvatarError) as refused:
        square_sizes(data)
    assert str(refused.value)


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    side = int(MAX_AVATAR_PIXELS**0.5) + 10
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")  # a few kilobytes on disk

    with pytest.raises(AvatarError, match="million"):
        square_sizes(out.getvalue())
