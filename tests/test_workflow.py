"""Workflow transitions of the quarterly report, legal and illegal, through the staff pages
and the transition functions; e-mail notifications; approval's stored PDF and signature."""

import hashlib
import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from ita_portal.workflow import Status
from monitoring.models import QuarterlyReport
from ita_portal import transitions
from ita_portal.transitions import TransitionError
from tests.forms import form_data


def png_bytes(color=(20, 40, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), color).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name="signature.png", content=None, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type=content_type)


def status_of(report) -> str:
    return QuarterlyReport.objects.get(pk=report.pk).status


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST, then run the transaction.on_commit callbacks (the e-mails), as a commit would."""

    def run(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return run


def test_the_whole_cycle_through_the_pages(cast, seed_report, post):
    supervisor, director = cast.client_for("supervisor"), cast.client_for("director")
    assert post(supervisor, reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "submit"])).status_code == 302
    assert status_of(seed_report) == Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[cast.director.email]]

    response = post(director, reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "return"]), {"comment": "กรุณาเพิ่มผลการดำเนินงานข้อ ๒"})
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    assert report.status == Status.RETURNED and report.review_comment == "กรุณาเพิ่มผลการดำเนินงานข้อ ๒"
    assert mail.outbox[-1].to == [cast.supervisor.email] and "ส่งกลับ" in mail.outbox[-1].subject

    post(supervisor, reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "submit"]))
    response = post(director, reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"]), {"signature": upload()})
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    assert report.status == Status.APPROVED
    assert report.reviewed_by == cast.director and report.reviewed_at is not None
    assert report.approver_name == "นายสมพงศ์ พรหมจันทร์"
    assert report.approver_position == "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๖"
    assert report.signature.name.endswith(".png")
    assert "อนุมัติ" in mail.outbox[-1].subject and mail.outbox[-1].to == [cast.supervisor.email]


def test_approval_stores_the_pdf_once_with_its_sha256(cast, approved_report, client):
    stored = approved_report.approved_pdf.read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == approved_report.approved_pdf_sha256
    served = b"".join(client.get(approved_report.get_pdf_url()).streaming_content)
    assert served == stored  # served from storage, not rendered again
    page = cast.client_for("viewer").get(reverse("staff:report", args=[approved_report.pk])).text
    assert approved_report.approved_pdf_sha256 in page


def test_the_signature_appears_in_the_certifier_block(cast, seed_report, client):
    transitions.submit(seed_report, by=cast.supervisor)
    transitions.approve(seed_report, by=cast.director, signature=upload())
    html = client.get(seed_report.get_absolute_url()).text
    signature_url = reverse("monitoring:report_signature", args=[seed_report.pk])
    assert f'src="{signature_url}"' in html
    assert client.get(signature_url).status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"<html><script>alert(1)</script></html>", "image/png"), (b"%PDF-1.7 not an image", "image/png"), (b"x" * (3 * 1024 * 1024), "image/png")],
)
def test_a_bad_signature_file_is_refused_and_nothing_changes(cast, seed_report, content, content_type):
    transitions.submit(seed_report, by=cast.supervisor)
    director = cast.client_for("director")
    response = director.post(
        reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"]), {"signature": upload("sig.png", content, content_type)}, follow=True
    )
    assert status_of(seed_report) == Status.SUBMITTED
    assert "ลายมือชื่อ" in response.text


def test_only_the_organizations_supervisor_submits(cast, seed_report):
    for user in (cast.director, cast.viewer, cast.other_supervisor, cast.superuser):
        with pytest.raises(TransitionError):
            transitions.submit(seed_report, by=user)
    assert status_of(seed_report) == Status.DRAFT


def test_only_the_organizations_director_approves_or_returns(cast, seed_report):
    transitions.submit(seed_report, by=cast.supervisor)
    for user in (cast.supervisor, cast.viewer, cast.other_director, cast.superuser):
        with pytest.raises(TransitionError):
            transitions.approve(seed_report, by=user)
        with pytest.raises(TransitionError):
            transitions.return_(seed_report, by=user, comment="x")
    assert status_of(seed_report) == Status.SUBMITTED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "approve"),
        ("draft", "return"),
        ("submitted", "submit"),
        ("approved", "submit"),
        ("approved", "approve"),
        ("approved", "return"),
        ("returned", "approve"),
        ("draft", "revise"),
        ("submitted", "revise"),
    ],
)
def test_illegal_transitions_are_refused(cast, seed_report, state, action):
    if state in ("submitted", "approved", "returned"):
        transitions.submit(seed_report, by=cast.supervisor)
    if state == "approved":
        transitions.approve(seed_report, by=cast.director)
    if state == "returned":
        transitions.return_(seed_report, by=cast.director, comment="แก้")
    run = {
        "submit": lambda: transitions.submit(seed_report, by=cast.supervisor),
        "approve": lambda: transitions.approve(seed_report, by=cast.director),
        "return": lambda: transitions.return_(seed_report, by=cast.director, comment="แก้"),
        "revise": lambda: transitions.revise(seed_report, by=cast.supervisor),
    }[action]
    with pytest.raises(TransitionError, match="ไม่ได้"):
        run()
    assert status_of(seed_report) == state


def test_an_illegal_transition_through_the_page_shows_a_clear_message(cast, seed_report):
    response = cast.client_for("director").post(reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"]), follow=True)
    assert "อนุมัติไม่ได้ เพราะเอกสารอยู่ในสถานะ “ฉบับร่าง”" in response.text


def test_returning_needs_a_comment(cast, seed_report):
    transitions.submit(seed_report, by=cast.supervisor)
    with pytest.raises(TransitionError, match="ระบุเหตุผล"):
        transitions.return_(seed_report, by=cast.director, comment="   ")
    assert status_of(seed_report) == Status.SUBMITTED


def test_editing_a_returned_report_makes_it_a_draft_again(cast, seed_report):
    transitions.submit(seed_report, by=cast.supervisor)
    transitions.return_(seed_report, by=cast.director, comment="แก้ปัญหาข้อ ๑")
    client = cast.client_for("supervisor")
    page = client.get(reverse("staff:report_edit", args=[seed_report.pk]))
    assert "แก้ปัญหาข้อ ๑" in page.text
    data = form_data(page)
    data["problems"] = "ปัญหาใหม่"
    assert client.post(reverse("staff:report_edit", args=[seed_report.pk]), data).status_code == 302
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    assert report.status == Status.DRAFT and report.problems == "ปัญหาใหม่"


def test_a_correction_is_a_new_revision_and_both_stay_visible(cast, approved_report, client):
    response = cast.client_for("supervisor").post(reverse("staff:document_transition", args=["quarterly-report", approved_report.pk, "revise"]))
    revision = QuarterlyReport.objects.get(revision_of=approved_report)
    assert response["Location"] == reverse("staff:report_edit", args=[revision.pk])
    assert (revision.revision, revision.status, revision.quarter) == (2, Status.DRAFT, approved_report.quarter)
    assert revision.pdca_steps.count() == approved_report.pdca_steps.count() == 4
    assert client.get(approved_report.get_absolute_url()).status_code == 200  # the approved one stays public
    staff_page = cast.client_for("viewer").get(reverse("staff:report", args=[revision.pk])).text
    assert reverse("staff:report", args=[approved_report.pk]) in staff_page
    with pytest.raises(TransitionError, match="ฉบับปรับปรุงครั้งที่ 2"):
        transitions.revise(approved_report, by=cast.supervisor)


def test_a_return_comment_with_a_nul_character_is_refused_in_thai(cast, seed_report, post):
    """PostgreSQL cannot store NUL: the comment is refused by a form, not by a server error."""
    post(cast.client_for("supervisor"), reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "submit"]))
    director = cast.client_for("director")
    response = post(director, reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "return"]), {"comment": "แก้\x00ไข"})
    assert response.status_code == 302
    assert "อักขระที่ระบบไม่รับ" in director.get(response["Location"]).text
    assert status_of(seed_report) == Status.SUBMITTED
