"""Long PDF documents rendered in the background: every document of every registered kind
(``ita_portal.kinds``) of one or more organizations for a fiscal year, as one zip of PDFs
(an office's year, or a province's).

A staff page enqueues ``export_reports`` through Django's tasks framework; with the
database backend of django-tasks-db the row lives in the database and ``manage.py
db_worker`` renders it, so no web request waits on WeasyPrint. The task result (status,
return value) is Django's; the progress — how many PDFs of how many are done — is a small
JSON file next to the zip in the default storage, so it works the same with a local folder
or S3 and across servers:

    exports/<task result id>/progress.json
    exports/<task result id>/<file name>.zip

An approved document is copied from its stored PDF (the signed version); any other is
rendered from the same template as its page.
"""

from __future__ import annotations

import json
import tempfile
import zipfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import TaskContext, task

from ita_portal import kinds
from ita_portal.models import Organization

EXPORT_DIR = "exports"


def export_folder(result_id: str) -> str:
    return f"{EXPORT_DIR}/{result_id}"


def read_progress(result_id: str) -> dict:
    """``{"done": n, "total": m}`` as last written by the task; zeros before it starts."""
    path = f"{export_folder(result_id)}/progress.json"
    try:
        with default_storage.open(path, "rb") as f:
            return json.loads(f.read())
    except (FileNotFoundError, ValueError):
        return {"done": 0, "total": 0}


def _write_progress(result_id: str, done: int, total: int) -> None:
    path = f"{export_folder(result_id)}/progress.json"
    default_storage.delete(path)  # storages never overwrite: save() would pick another name
    default_storage.save(path, ContentFile(json.dumps({"done": done, "total": total}).encode()))


def export_file_name(organizations: list[Organization], fiscal_year: int) -> str:
    who = organizations[0].code if len(organizations) == 1 else f"{len(organizations)}-organizations"
    return f"{who}_{fiscal_year}_documents.zip"


@task(takes_context=True)
def export_reports(context: TaskContext, *, organization_ids: list[int], fiscal_year: int, requested_by: int) -> dict:
    """Put the PDF of every document of ``organization_ids`` for ``fiscal_year`` (BE), of
    every registered kind, into one zip in the default storage, one folder per kind; return
    ``{"file": storage name, "count": PDFs, "bytes": size}``.

    ``requested_by`` (a user id) is recorded with the task for the status page.
    """
    result_id = str(context.task_result.id)
    organizations = list(Organization.objects.filter(pk__in=organization_ids).order_by("code"))
    documents = [(kind, document) for kind in kinds.all_kinds() for document in kind.of(organizations, fiscal_year)]
    total = len(documents)
    _write_progress(result_id, 0, total)
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
            for done, (kind, document) in enumerate(documents, 1):
                archive.writestr(f"{kind.slug}/{document.file_stem()}.pdf", kind.pdf_bytes(document))
                if done == total or done % max(1, total // 50) == 0:  # at most ~50 writes
                    _write_progress(result_id, done, total)
        size = buffer.tell()
        buffer.seek(0)
        name = default_storage.save(
            f"{export_folder(result_id)}/{export_file_name(organizations, fiscal_year)}", File(buffer)
        )
    return {"file": name, "count": total, "bytes": size}
