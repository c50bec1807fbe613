"""Checks on uploaded files: the type is read from the content, never from the name."""

from __future__ import annotations

from PIL import Image, UnidentifiedImageError

SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
SIGNATURE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def signature_image_or_error(upload) -> str | None:
    """Return a Thai error message when ``upload`` is not a PNG or JPEG image of at most 2 MiB,
    or ``None`` when it is fine. Sets ``upload.content_type`` to the detected type."""
    if upload.size > SIGNATURE_MAX_BYTES:
        return "ไฟล์ลายมือชื่อต้องมีขนาดไม่เกิน 2 MB"
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "ไฟล์ลายมือชื่อต้องเป็นรูปภาพ PNG หรือ JPEG"
    finally:
        upload.seek(0)
    if kind not in SIGNATURE_FORMATS:
        return "ไฟล์ลายมือชื่อต้องเป็นรูปภาพ PNG หรือ JPEG"
    upload.content_type = SIGNATURE_FORMATS[kind]
    return None
