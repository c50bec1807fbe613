"""Checks on uploaded files: the type is read from the content, never from the name, and so
is the extension a file is stored under.

* ``image_or_error(upload, what=…, max_bytes=…, max_side=…)``: a PNG or JPEG of at most
  ``max_bytes`` bytes and ``max_side`` × ``max_side`` pixels, or a Thai message. The
  dimensions are read from the image header before anything is decoded (rule "image
  dimensions checked before decoding": a 30 KiB PNG can declare 16000 × 16000 pixels, a
  gigabyte of memory once decoded).
* ``signature_image_or_error(upload)``: the approver's signature (2 MiB, 4000 px a side).
* ``stored_name(name, content_type)``: the name a file is stored under — the uploader's name
  without its extensions, plus the extension of the sniffed type (rule "stored under the
  sniffed type": a PDF named ``x.html`` is stored as ``x.pdf``, so a web server that types
  files by extension never serves it as HTML).
"""

from __future__ import annotations

import posixpath
import warnings

from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_SIDE = 4000  # pixels: a signature scanned at 600 dpi is about 2400 px wide
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
SIGNATURE_FORMATS = IMAGE_FORMATS

# The extension stored for each sniffed type; anything else is stored as ".bin".
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
}


def stored_name(name: str, content_type: str) -> str:
    """``name`` (as the uploader sent it) → ``"<stem>.<extension of content_type>"``.

    The stem is the last path part, cut at its first dot (so ``evil.html.pdf`` cannot be read
    as HTML by a server that honours every extension) and made safe by Django's
    ``get_valid_filename`` (Thai letters kept, spaces → ``_``); ``"file"`` when nothing is left.
    """
    base = posixpath.basename((name or "").replace("\\", "/"))
    stem = base.split(".", 1)[0].strip()
    try:
        stem = get_valid_filename(stem)
    except Exception:  # SuspiciousFileOperation: nothing usable left
        stem = ""
    return f"{stem[:80] or 'file'}.{EXTENSIONS.get(content_type, 'bin')}"


def image_or_error(upload, *, what: str, max_bytes: int, max_side: int = IMAGE_MAX_SIDE) -> str | None:
    """A Thai message when ``upload`` (a Django ``UploadedFile``) is not a PNG or JPEG of at
    most ``max_bytes`` bytes and ``max_side`` pixels a side, else ``None``. ``what`` names the
    file in the message ("ลายมือชื่อ", "ตราหน่วยงาน"). On success sets ``upload.content_type``
    to the sniffed type and ``upload.name`` to ``stored_name``. Nothing is decoded: the header
    gives the size, and ``verify()`` checks the structure without building the pixels."""
    not_image = f"ไฟล์{what}ต้องเป็นรูปภาพ PNG หรือ JPEG"
    too_large = f"ภาพ{what}ต้องมีขนาดไม่เกิน {max_side:,} × {max_side:,} พิกเซล กรุณาย่อภาพก่อนอัปโหลด"
    if upload.size > max_bytes:
        return f"ไฟล์{what}ต้องมีขนาดไม่เกิน {max_bytes // (1024 * 1024)} MB"
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only
                kind, (width, height) = image.format, image.size
                if width > max_side or height > max_side:
                    return too_large
                image.verify()
    except Image.DecompressionBombError:  # declared so large that Pillow will not even open it
        return too_large
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return not_image
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        return not_image
    upload.content_type = IMAGE_FORMATS[kind]
    upload.name = stored_name(upload.name, upload.content_type)
    return None


def signature_image_or_error(upload) -> str | None:
    """``image_or_error`` for the approver's signature: PNG or JPEG, at most 2 MiB and
    ``IMAGE_MAX_SIDE`` pixels a side. Sets ``upload.content_type`` to the detected type."""
    return image_or_error(upload, what="ลายมือชื่อ", max_bytes=SIGNATURE_MAX_BYTES)


# --- imported tables (Excel, CSV) ------------------------------------------------------------
# Rule "import limits checked before parsing": a 60,000-row workbook took 5.7 s to parse and a
# 700,000-row one ended in a 500; the size, the rows a sheet declares and the unpacked size of
# a workbook are read first, and a file over a limit is refused without being parsed.

IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
IMPORT_MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # an .xlsx is a zip: every entry, unpacked
IMPORT_MAX_ROWS = 2000  # data rows: an action plan has tens, a year's ITA scores ~250


def table_limits_or_error(content: bytes, filename: str, *, max_rows: int = IMPORT_MAX_ROWS) -> str | None:
    """A Thai message when the table file ``content`` (bytes of an .xlsx or a .csv) is over
    ``IMPORT_MAX_BYTES``, unpacks to more than ``IMPORT_MAX_UNPACKED_BYTES``, or declares more
    than ``max_rows`` rows (+ a few header rows); ``None`` otherwise. Nothing is parsed: the
    zip directory and each sheet's ``<dimension ref="A1:J700000">`` are read, or the newlines
    of a CSV are counted."""
    import io
    import re
    import zipfile

    too_many = f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว กรุณาแบ่งเป็นหลายไฟล์"
    if len(content) > IMPORT_MAX_BYTES:
        return f"ไฟล์มีขนาดเกิน {IMPORT_MAX_BYTES // (1024 * 1024)} MB"
    if not filename.lower().endswith(".xlsx"):
        return too_many if content.count(b"\n") > max_rows + 10 else None
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return None  # not a workbook: the reader refuses it with its own message
    if sum(entry.file_size for entry in entries) > IMPORT_MAX_UNPACKED_BYTES:
        return f"ไฟล์ Excel มีข้อมูลมากเกินไป (เกิน {IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)} MB เมื่อขยาย) กรุณาแบ่งเป็นหลายไฟล์"
    for entry in entries:
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
            with archive.open(entry) as sheet:
                head = sheet.read(4096).decode("utf-8", "replace")
            if (match := re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)) and int(match.group(1)) > max_rows + 10:
                return too_many
    return None
