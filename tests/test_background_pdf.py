"""Background PDF exports: the page enqueues, a worker renders, the page
shows progress and offers the zip; no request renders a PDF; outsiders get 404."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse


from ita_portal.exports import export_reports, read_progress
from tests.conftest import LOGIN, outcome

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(transactional_db, settings):
    """The database task backend, with real transactions: the worker calls
    ``close_old_connections()``, which closes a connection left inside a test's atomic block
    (on PostgreSQL; SQLite's in-memory test database ignores the close)."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def renders(monkeypatch):
    """Count the PDFs rendered (the real renderer still runs)."""
    from ita_portal import pdf

    calls = []
    real = pdf.render_pdf

    def counting(template, context):
        calls.append(template)
        return real(template, context)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def _start(client, report):
    url = reverse("staff:exports")
    response = client.post(url, {"organization": report.project.organization_id, "fiscal_year": report.project.fiscal_year})
    assert response.status_code == 302
    return response["Location"]


def _run_worker():
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def test_it_enqueues_without_rendering_then_the_worker_renders_and_the_page_offers_the_zip(database_tasks, renders, cast, approved_report):
    client = cast.client_for("viewer")
    status_url = _start(client, approved_report)
    page = client.get(status_url)
    assert page.status_code == 200 and renders == []  # the request only enqueued
    assert page["Refresh"] == "2" and "รอคิว" in page.text

    _run_worker()

    page = client.get(status_url)
    assert "เสร็จแล้ว" in page.text and "Refresh" not in page
    download = reverse("staff:export_download", args=[status_url.rstrip("/").rsplit("/", 1)[-1]])
    assert download in page.text
    response = client.get(download)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    (name,) = archive.namelist()
    assert name == f"quarterly-report/{approved_report.file_stem()}.pdf"  # one folder per kind
    # An approved report is the stored, signed PDF byte for byte; nothing was re-rendered.
    assert archive.read(name) == approved_report.approved_pdf.open("rb").read() and renders == []


def test_a_draft_is_rendered_by_the_worker_and_progress_is_recorded(database_tasks, renders, cast, seed_report):
    status_url = _start(cast.client_for("supervisor"), seed_report)
    result_id = status_url.rstrip("/").rsplit("/", 1)[-1]
    assert read_progress(result_id) == {"done": 0, "total": 0}
    _run_worker()
    assert renders == ["documents/pdf.html"]  # the one PDF skeleton
    assert read_progress(result_id) == {"done": 1, "total": 1}
    result = export_reports.get_result(result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert default_storage.exists(result.return_value["file"]) and result.return_value["count"] == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [("supervisor", 200), ("director", 200), ("viewer", 200), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_the_status_page_is_for_members_of_the_organization(database_tasks, cast, seed_report, role, expected):
    """Every member may export (no member gets 403); outsiders get 404."""
    status_url = _start(cast.client_for("supervisor"), seed_report)
    assert outcome(cast.client_for(role).get(status_url)) == expected


def test_downloads_wait_for_the_file_and_outsiders_get_404(database_tasks, cast, seed_report):
    status_url = _start(cast.client_for("supervisor"), seed_report)
    result_id = status_url.rstrip("/").rsplit("/", 1)[-1]
    download = reverse("staff:export_download", args=[result_id])
    assert cast.client_for("supervisor").get(download).status_code == 404  # not rendered yet
    for role in ("other_supervisor", "other_director", "outsider"):
        assert cast.client_for(role).get(download).status_code == 404
    unknown = reverse("staff:export_status", args=["00000000-0000-4000-8000-000000000000"])
    assert cast.client_for("supervisor").get(unknown).status_code == 404


def test_the_form_offers_only_the_users_organizations(cast, seed_report):
    page = cast.client_for("other_supervisor").get(reverse("staff:exports")).text
    assert cast.other_organization.short_name in page and seed_report.project.organization.short_name not in page
    response = cast.client_for("other_supervisor").post(
        reverse("staff:exports"), {"organization": seed_report.project.organization_id, "fiscal_year": "2563"}
    )
    assert response.status_code == 200  # refused choice: the form again, nothing enqueued


def test_the_task_runs_with_the_immediate_backend_too(settings, cast, seed_report):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    result = export_reports.enqueue(
        organization_ids=[seed_report.project.organization_id], fiscal_year=seed_report.project.fiscal_year, requested_by=cast.supervisor.pk
    )
    assert result.status == TaskResultStatus.SUCCESSFUL
    with default_storage.open(result.return_value["file"], "rb") as f:
        assert zipfile.ZipFile(f).namelist() == [f"quarterly-report/{seed_report.file_stem()}.pdf"]


def test_a_long_drafts_pdf_is_made_by_the_worker_while_the_browser_waits(database_tasks, monkeypatch, cast, seed_report):
    """Rule "long renders run in the background": over the inline limit no request runs
    WeasyPrint; browsers get a waiting page that reloads, one render is queued however many
    times it is asked for, and the worker's PDF is then served."""
    from ita_portal import pdf, pdf_cache

    rendered = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: rendered.append(len(html)) or real(html))
    monkeypatch.setattr(pdf_cache, "INLINE_HTML_CHARS", 1_000)  # the seed report's PDF HTML has ~21,000
    client = cast.client_for("supervisor")
    url = seed_report.get_pdf_url()
    for _ in range(3):
        page = client.get(url)
        assert page.status_code == 202 and page["Refresh"] == "3" and "กำลังจัดทำไฟล์ PDF" in page.text
    assert rendered == []
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path="ita_portal.pdf_cache.render_draft_pdf").count() == 1

    _run_worker()
    assert len(rendered) == 1  # three waits, one render
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(rendered) == 1  # served from storage

    monkeypatch.setattr(pdf_cache, "INLINE_HTML_CHARS", 100_000)  # a short draft: rendered in the request
    seed_report.problems = "ปัญหาใหม่"
    seed_report.save()
    assert client.get(url).status_code == 200 and len(rendered) == 2


def test_a_long_documents_approved_pdf_is_stored_by_the_worker(database_tasks, monkeypatch, cast, seed_report, client):
    """Approving a long document records the approval at once; the worker renders the
    frozen document, stores the PDF with its SHA-256 and mails the hash; meanwhile the PDF
    URL answers with the waiting page."""
    from django.core import mail

    from ita_portal import pdf, pdf_cache, transitions

    rendered = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: rendered.append(len(html)) or real(html))
    monkeypatch.setattr(pdf_cache, "INLINE_HTML_CHARS", 1_000)
    transitions.submit(seed_report, by=cast.supervisor)
    mail.outbox.clear()
    approved = transitions.approve(seed_report, by=cast.director)
    assert approved.status == "approved" and not approved.approved_pdf and rendered == []
    assert "กำลังจัดทำ" in mail.outbox[-1].body
    assert client.get(approved.get_absolute_url()).status_code == 200  # published at once
    waiting = client.get(approved.get_pdf_url())
    assert waiting.status_code == 202 and "กำลังจัดทำไฟล์ PDF" in waiting.text
    staff = cast.client_for("director").get(approved.get_staff_url())
    assert "ไฟล์ PDF ฉบับอนุมัติกำลังจัดทำ" in staff.text

    _run_worker()
    stored = type(approved).objects.get(pk=approved.pk)
    assert len(rendered) == 1 and stored.approved_pdf
    data = stored.approved_pdf.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == stored.approved_pdf_sha256
    assert stored.approved_pdf_sha256 in mail.outbox[-1].body
    response = client.get(approved.get_pdf_url())
    assert response.status_code == 200 and response["X-Content-SHA256"] == stored.approved_pdf_sha256
    from ita_portal.workflow import FrozenDocumentError

    with pytest.raises(FrozenDocumentError):  # stored once: never replaced
        stored.store_approved_pdf(b"%PDF-1.4 other")
    assert type(approved).objects.get(pk=approved.pk).approved_pdf_sha256 == stored.approved_pdf_sha256
