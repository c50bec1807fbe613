"""Recognise an uploaded evidence file from its bytes, never from its name.

``sniff(head: bytes, zip_names: list[str] | None) -> str | None`` returns the MIME type of a
PDF, PNG, JPEG, GIF, Word (.docx, .doc) or Excel (.xlsx, .xls) file, or ``None`` for anything
else. Office Open XML files are zip archives recognised by their entries
(``word/document.xml``, ``xl/workbook.xml``); the old .doc / .xls share the OLE2 signature
and are told apart by the stream names inside (``WordDocument`` / ``Workbook``).
``check_upload(file)`` applies it to a Django ``UploadedFile`` and the size limit
(``MAX_EVIDENCE_BYTES``, 20 MB), raising ``ValidationError`` with a Thai message.
"""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_TEXT = "PDF, รูปภาพ (PNG, JPEG, GIF), Word (.doc, .docx) หรือ Excel (.xls, .xlsx)"


def sniff_bytes(data: bytes) -> str | None:
    """The MIME type of a whole file's bytes ``data`` (see the module docstring), or ``None``."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        import io

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
        return None
    if data.startswith(OLE2):
        # Directory entries are UTF-16LE names; a Word file has "WordDocument", Excel "Workbook"/"Book".
        if "WordDocument".encode("utf-16-le") in data:
            return DOC
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return XLS
    return None


def check_upload(upload) -> str:
    """Return the sniffed MIME type of Django ``UploadedFile`` ``upload``.

    Raises ``ValidationError`` (Thai) when it is larger than ``MAX_EVIDENCE_BYTES`` or not one
    of the allowed types, whatever its name says.
    """
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"ไฟล์มีขนาด {upload.size / 1024 / 1024:.1f} MB เกินขนาดที่รับได้ {MAX_EVIDENCE_BYTES // 1024 // 1024} MB"
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = sniff_bytes(data)
    if kind is None:
        raise ValidationError(f"ชนิดไฟล์ไม่ถูกต้อง (ตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์) รับเฉพาะ {ALLOWED_TEXT}")
    return kind
