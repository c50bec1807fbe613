"""Backup and restore: back up, wipe the database and the media files,
restore, and find every approved document with the same SHA-256 of its approved PDF."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from ita_portal.workflow import WorkflowDocument


def approved_documents() -> dict:
    """``{(model label, pk): (stored SHA-256, SHA-256 of the stored file)}`` of every approved
    document of every workflow model."""
    found = {}
    for model in apps.get_models():
        if not issubclass(model, WorkflowDocument):
            continue
        for doc in model._base_manager.filter(status=WorkflowDocument.Status.APPROVED):
            with doc.approved_pdf.open("rb") as f:
                found[(model._meta.label, doc.pk)] = (doc.approved_pdf_sha256, hashlib.sha256(f.read()).hexdigest())
    return found


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_wipes_and_restores_every_approved_pdf(approved_report, media_root, tmp_path):
    before = approved_documents()
    assert before[("monitoring.QuarterlyReport", approved_report.pk)][0] == approved_report.approved_pdf_sha256
    assert all(stored == actual for stored, actual in before.values())

    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", "--out", str(archive))
    call_command("flush", interactive=False)
    shutil.rmtree(media_root)
    assert approved_documents() == {}

    call_command("restore_portal", str(archive))
    assert approved_documents() == before
    assert Path(media_root, approved_report.approved_pdf.name).is_file()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_archive(seed_report, tmp_path):
    import tarfile

    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", "--out", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("db."):
                data = data[:-10] + b"x" * 10
            member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore_portal", str(damaged))
    assert seed_report.__class__.objects.filter(pk=seed_report.pk).exists()
