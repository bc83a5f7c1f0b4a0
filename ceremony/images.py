"""A winner's picture as the public pages serve it: re-encoded from its pixels, so nothing of
the uploaded file but the picture leaves (no EXIF, GPS position, camera, author, comments), and
bounded in size, so the public pages stay fast.

Pure Python (Pillow), no Django.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

MAX_SIDE = 1600  # pixels: sharp on a wide screen and in print, a few hundred kilobytes
JPEG_QUALITY = 85


class NotAnImage(ValueError):
    """The stored file could not be read as a picture."""


def public_image(data: bytes) -> tuple[bytes, str]:
    """The picture in ``data`` (PNG or JPEG) turned upright, at most ``MAX_SIDE`` pixels on its
    longer side, without metadata: (bytes, content type). A picture with transparency stays a
    PNG; any other becomes a JPEG."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            picture = ImageOps.exif_transpose(opened)
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if _has_alpha(picture):
                picture.convert("RGBA").save(out, format="PNG", optimize=True)
                return out.getvalue(), "image/png"
            picture.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY,
                                        optimize=True, progressive=True)
            return out.getvalue(), "image/jpeg"
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc) or exc.__class__.__name__) from exc


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
