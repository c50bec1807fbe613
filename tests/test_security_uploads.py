"""Hostile uploads, on both upload paths: the approver's signature image
(staff:report_approve) and OIT evidence (assessments:entry). The type is read from the
bytes, sizes are limited, names cannot climb out of the media folder, files are served with
Content-Disposition and nosniff, and unapproved evidence is not reachable by guessing URLs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import ChecklistEntry, Evidence
from ita_portal.fields import ProgressStatus
from ita_portal.workflow import Status
from monitoring.models import QuarterlyReport
from tests.assessments_fixtures import seed_004  # noqa: F401
from tests.conftest import Cast

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
PDF_WITH_JS = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG_1PX = _png()
# Hostile files that are not images: (name, content type claimed by the browser, bytes).
NOT_IMAGES = [
    ("signature.pdf", "application/pdf", HTML),
    ("signature.png", "image/png", HTML),
    ("signature.svg", "image/svg+xml", SVG),
    ("signature.png", "image/png", PDF_WITH_JS),
    ("signature.jpg", "image/jpeg", b"\xff\xd8\xff" + b"not really a jpeg"),
]
NOT_EVIDENCE = [
    ("report.pdf", "application/pdf", HTML),
    ("report.html", "text/html", HTML),
    ("report.svg", "image/svg+xml", SVG),
    ("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04garbage"),
    ("report.exe", "application/octet-stream", b"MZ\x90\x00" + b"\x00" * 100),
    ("report.pdf", "application/pdf", b""),
]


@pytest.fixture
def submitted(seed_report, cast):
    from ita_portal import transitions

    return transitions.submit(seed_report, by=cast.supervisor)


@pytest.mark.parametrize(("name", "content_type", "data"), NOT_IMAGES)
def test_it_refuses_a_signature_that_is_not_a_png_or_jpeg(client, cast, submitted, name, content_type, data):
    client.force_login(cast.director)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(reverse("staff:document_transition", args=["quarterly-report", submitted.pk, "approve"]), {"signature": upload}, follow=True)
    assert "ไฟล์ลายมือชื่อต้องเป็นรูปภาพ PNG หรือ JPEG" in response.text
    report = QuarterlyReport.objects.get(pk=submitted.pk)
    assert (report.status, report.signature.name) == (Status.SUBMITTED, "")


def test_it_refuses_a_signature_over_2_mib(client, cast, submitted):
    client.force_login(cast.director)
    upload = SimpleUploadedFile("big.png", PNG_1PX + b"\x00" * (2 * 1024 * 1024), content_type="image/png")
    response = client.post(reverse("staff:document_transition", args=["quarterly-report", submitted.pk, "approve"]), {"signature": upload}, follow=True)
    assert "ไม่เกิน 2 MB" in response.text
    assert QuarterlyReport.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_a_signature_with_a_climbing_name_is_stored_under_media_and_served_safely(client, cast, submitted, media_root):
    client.force_login(cast.director)
    upload = SimpleUploadedFile("../../../etc/passwd.png", PNG_1PX, content_type="text/html")
    client.post(reverse("staff:document_transition", args=["quarterly-report", submitted.pk, "approve"]), {"signature": upload})
    report = QuarterlyReport.objects.get(pk=submitted.pk)
    assert report.status == Status.APPROVED
    assert ".." not in report.signature.name and report.signature.name.startswith("signatures/")
    assert media_root.resolve() in (media_root / report.signature.name).resolve().parents
    response = client.get(reverse("monitoring:report_signature", args=[report.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- OIT evidence --------------------------------------------------------------------------


@pytest.fixture
def entry_page(client, seed_004):
    cast = Cast(seed_004.organization)
    entry = seed_004.entries.select_related("item").order_by("item__order").first()
    client.force_login(cast.supervisor)
    return client, entry, cast, reverse("assessments:entry", args=[seed_004.pk, entry.pk])


def _add_evidence(client, url, name, content_type, data):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(url, {"add_evidence": "1", "evidence-title": "หลักฐาน", "evidence-url": "", "evidence-file": upload})


@pytest.mark.parametrize(("name", "content_type", "data"), NOT_EVIDENCE)
def test_it_refuses_evidence_whose_bytes_are_not_an_allowed_type(entry_page, name, content_type, data):
    client, entry, _, url = entry_page
    response = _add_evidence(client, url, name, content_type, data)
    assert response.status_code == 200
    assert Evidence.objects.filter(entry=entry).count() == 0


def test_it_refuses_evidence_over_20_mb(entry_page):
    client, entry, _, url = entry_page
    response = _add_evidence(client, url, "big.pdf", "application/pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    assert "เกินขนาดที่รับได้" in response.text
    assert Evidence.objects.filter(entry=entry).count() == 0


@pytest.mark.parametrize("name", ["../../../../etc/cron.d/evil.pdf", "..\\..\\evil.pdf", "/abs/evil.pdf", 'q"uote;.pdf', "ภาษาไทย ที่มีช่องว่าง.pdf"])
def test_evidence_names_are_sanitised_and_files_served_safely_once_approved(entry_page, media_root, name):
    client, entry, cast, url = entry_page
    response = _add_evidence(client, url, name, "text/html", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    evidence = Evidence.objects.get(entry=entry)
    assert evidence.content_type == "application/pdf"  # sniffed, not the browser's text/html
    stored = evidence.file.name
    assert ".." not in stored and "\\" not in stored and '"' not in stored and stored.startswith("oit/")
    assert media_root.resolve() in (media_root / stored).resolve().parents
    public = reverse(
        "oit:evidence_file",
        args=[entry.checklist.organization.code, entry.checklist.fiscal_year, entry.item.code, evidence.pk],
    )
    assert client.get(public).status_code == 404  # not approved yet: private

    entry.status = ProgressStatus.DONE
    entry.save(update_fields=["status"])
    entry.approve(by=cast.director)
    client.logout()
    response = client.get(public)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(("inline", "attachment"))
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and "/" not in disposition and ".." not in disposition


def test_unapproved_evidence_is_not_reachable_by_guessing(client, seed_004, media_root):
    """Every id near a private file, under every item code of the year, gives 404."""
    entry = seed_004.entries.select_related("item").order_by("item__order").first()
    evidence = Evidence(entry=entry, title="ร่าง", content_type="application/pdf", size=16)
    evidence.file.save("secret.pdf", SimpleUploadedFile("secret.pdf", b"%PDF-1.4\n%%EOF\n"), save=False)
    evidence.save()
    code, year = seed_004.organization.code, seed_004.fiscal_year
    codes = list(seed_004.entries.values_list("item__code", flat=True))
    for item_code in codes:
        for evidence_id in range(max(1, evidence.pk - 2), evidence.pk + 3):
            url = reverse("oit:evidence_file", args=[code, year, item_code, evidence_id])
            assert client.get(url).status_code == 404, url
    assert client.get(f"/media/{evidence.file.name}").status_code == 404  # media is never served directly


# --- stored names and image dimensions -------------------------------------------------------


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG (a few hundred bytes) whose header declares ``width`` × ``height`` pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [("report.html", b"%PDF-1.4\n%%EOF\n", ".pdf"), ("evil.html.pdf", b"%PDF-1.4\n%%EOF\n", ".pdf"), ("scan.pdf", PNG_1PX, ".png"), ("noext", PNG_1PX, ".png")],
)
def test_evidence_is_stored_under_the_extension_of_its_sniffed_type(entry_page, name, data, extension):
    client, entry, _, url = entry_page
    assert _add_evidence(client, url, name, "text/html", data).status_code == 302
    stored = Evidence.objects.get(entry=entry).file.name.rsplit("/", 1)[-1]
    assert stored.endswith(extension) and stored.count(".") == 1 and "html" not in stored.split(".")[-1], stored


@pytest.mark.parametrize(("width", "height"), [(16000, 16000), (5000, 10), (10, 4001)])
def test_a_signature_with_huge_dimensions_is_refused_before_decoding(client, cast, submitted, width, height):
    client.force_login(cast.director)
    upload = SimpleUploadedFile("signature.png", _png_declaring(width, height), content_type="image/png")
    response = client.post(reverse("staff:document_transition", args=["quarterly-report", submitted.pk, "approve"]), {"signature": upload}, follow=True)
    assert response.status_code == 200
    assert "ภาพลายมือชื่อต้องมีขนาดไม่เกิน 4,000 × 4,000 พิกเซล" in response.text
    assert QuarterlyReport.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_an_emblem_is_a_checked_image_stored_under_its_sniffed_type(admin_client, seed_report):
    from monitoring.calendar import MemoSettings

    url = reverse("admin:monitoring_memosettings_add")
    organization = seed_report.project.organization.pk
    for data, message in ((_png_declaring(16000, 16000), "ต้องมีขนาดไม่เกิน 4,000 × 4,000 พิกเซล"), (SVG, "ต้องเป็นรูปภาพ PNG หรือ JPEG")):
        upload = SimpleUploadedFile("garuda.png", data, content_type="image/png")
        response = admin_client.post(url, {"organization": organization, "emblem": upload})
        assert response.status_code == 200 and message in response.text
    assert not MemoSettings.objects.exists()
    upload = SimpleUploadedFile("garuda.svg", PNG_1PX, content_type="image/svg+xml")
    assert admin_client.post(url, {"organization": organization, "emblem": upload}).status_code == 302
    assert MemoSettings.objects.get().emblem.name.endswith("garuda.png")
