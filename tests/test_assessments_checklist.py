"""The checklist workspace: evidence (type sniffed from bytes, size limit), statuses,
the director's approval, the readiness dashboard and access for each role."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import evidence_files
from assessments.models import ChecklistEntry, Evidence
from tests.assessments_fixtures import _framework_ids, frameworks, seed_004  # noqa: F401
from tests.conftest import LOGIN, Cast, outcome


@pytest.fixture
def cast(seed_004):
    return Cast(seed_004.organization)


@pytest.fixture
def entry(seed_004):
    return seed_004.entries.select_related("item").get(item__code="01")


def _url(entry):
    return reverse("assessments:entry", args=[entry.checklist_id, entry.pk])


def _zip(*names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", evidence_files.PDF),
        (b"\x89PNG\r\n\x1a\n....", evidence_files.PNG),
        (b"\xff\xd8\xff\xe0....", evidence_files.JPEG),
        (b"GIF89a....", evidence_files.GIF),
        (_zip("[Content_Types].xml", "word/document.xml"), evidence_files.DOCX),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), evidence_files.XLSX),
        (evidence_files.OLE2 + b"\0" * 100 + "WordDocument".encode("utf-16-le"), evidence_files.DOC),
        (evidence_files.OLE2 + b"\0" * 100 + "Workbook".encode("utf-16-le"), evidence_files.XLS),
        (_zip("evil.exe"), None),
        (b"MZ\x90\x00 windows executable", None),
        (b"<html>not a pdf</html>", None),
    ],
)
def test_it_recognises_files_by_their_bytes(data, expected):
    assert evidence_files.sniff_bytes(data) == expected


def test_a_supervisor_adds_a_url_and_a_pdf(client, cast, entry):
    client.force_login(cast.supervisor)
    response = client.post(_url(entry), {"evidence-title": "แผนผังโครงสร้าง", "evidence-url": "https://www.example.go.th/structure", "add_evidence": "1"})
    assert response.status_code == 302
    pdf = SimpleUploadedFile("โครงสร้าง.pdf", b"%PDF-1.4 body", content_type="application/octet-stream")
    client.post(_url(entry), {"evidence-title": "ไฟล์โครงสร้าง", "evidence-file": pdf, "add_evidence": "1"})
    rows = list(entry.evidence.order_by("pk"))
    assert [(e.title, e.approved_at) for e in rows] == [("แผนผังโครงสร้าง", None), ("ไฟล์โครงสร้าง", None)]
    assert rows[1].content_type == "application/pdf" and rows[1].size == 13
    rows[1].file.delete()


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused_and_the_title_kept(client, cast, entry):
    client.force_login(cast.supervisor)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(_url(entry), {"evidence-title": "รายงานของฉัน", "evidence-file": fake, "add_evidence": "1"})
    assert response.status_code == 200
    assert "ชนิดไฟล์ไม่ถูกต้อง" in response.text and 'value="รายงานของฉัน"' in response.text
    assert not entry.evidence.exists()


def test_an_oversized_file_is_refused(client, cast, entry, monkeypatch):
    monkeypatch.setattr(evidence_files, "MAX_EVIDENCE_BYTES", 10)
    client.force_login(cast.supervisor)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 20)
    response = client.post(_url(entry), {"evidence-title": "ใหญ่", "evidence-file": big, "add_evidence": "1"})
    assert "เกินขนาดที่รับได้" in response.text and not entry.evidence.exists()


def test_evidence_needs_a_url_or_a_file(client, cast, entry):
    client.force_login(cast.supervisor)
    response = client.post(_url(entry), {"evidence-title": "ว่าง", "add_evidence": "1"})
    assert "กรุณาระบุ URL หรือแนบไฟล์อย่างน้อยหนึ่งอย่าง" in response.text


def test_a_supervisor_sets_status_group_and_score(client, cast, entry):
    client.force_login(cast.supervisor)
    client.post(_url(entry), {"entry-responsible_group": "กลุ่มอำนวยการ", "entry-status": "done", "entry-score": "100", "save_entry": "1"})
    entry.refresh_from_db()
    assert (entry.responsible_group, entry.status, entry.score) == ("กลุ่มอำนวยการ", "done", 100)


def test_a_score_other_than_100_or_0_is_refused(client, cast, entry):
    client.force_login(cast.supervisor)
    response = client.post(_url(entry), {"entry-status": "done", "entry-score": "50", "save_entry": "1"})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.score == 0


def test_only_the_director_approves_and_only_ready_items(client, cast, entry):
    Evidence.objects.create(entry=entry, title="โครงสร้าง", url="https://example.go.th/s")
    approve = reverse("assessments:approve_entry", args=[entry.checklist_id, entry.pk])
    for role in ("supervisor", "viewer"):
        client.force_login(getattr(cast, role))
        assert client.post(approve).status_code == 403
    client.force_login(cast.outsider)
    assert client.post(approve).status_code == 404
    client.force_login(cast.director)
    client.post(approve)
    assert not entry.evidence.filter(approved_at__isnull=False).exists()  # still "not started"
    ChecklistEntry.objects.filter(pk=entry.pk).update(status="done")
    client.post(approve)
    assert entry.evidence.filter(approved_at__isnull=False).count() == 1
    entry.refresh_from_db()
    assert entry.approved_by == cast.director


@pytest.mark.parametrize(
    ("role", "expected"),
    [("supervisor", 302), ("director", 403), ("viewer", 403), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_only_a_supervisor_of_the_organization_adds_evidence(cast, entry, role, expected):
    response = cast.client_for(role).post(_url(entry), {"evidence-title": "x", "evidence-url": "https://example.go.th", "add_evidence": "1"})
    assert outcome(response) == expected
    assert entry.evidence.exists() == (expected == 302)


def test_the_readiness_dashboard(client, cast, seed_004, entry):
    seed_004.framework.answer_deadline = datetime.date.today() + datetime.timedelta(days=10)
    seed_004.framework.save(update_fields=["answer_deadline"])
    seed_004.entries.filter(item__code__in=["02", "03"]).update(status="in_progress", responsible_group="กลุ่มนโยบายและแผน")
    ChecklistEntry.objects.filter(pk=entry.pk).update(status="done")
    Evidence.objects.create(entry=entry, title="โครงสร้าง", url="https://example.go.th/s")
    ChecklistEntry.objects.get(pk=entry.pk).approve(by=cast.director)
    client.force_login(cast.viewer)
    html = client.get(seed_004.get_absolute_url()).text
    assert "เหลือเวลาอีก 10 วัน" in html
    assert "<strong>กลุ่มนโยบายและแผน</strong>: " in html
    from assessments.readiness import Readiness

    readiness = Readiness(seed_004, list(seed_004.entries.prefetch_related("evidence")), today=datetime.date.today())
    assert readiness.counts == {"missing": 36, "in_progress": 2, "ready": 0, "approved": 1}
