"""Workflow transitions of a quarterly report, each one ``transaction.atomic`` function.

draft → submitted → approved, or submitted → returned → draft (when the supervisor edits
again). Only a supervisor of the organization submits; only its director approves or
returns (the role comes from ``Membership``, not from being a superuser). Approval freezes
the report and the project it shows, renders the PDF once and stores it with its SHA-256.
An illegal transition raises ``TransitionError`` with a Thai message and changes nothing.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone


from ita_portal.models import Membership
from ita_portal.pdf import render_pdf
from ita_portal.workflow import Status
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport


class TransitionError(Exception):
    """A transition that the document's state or the user's role does not allow (Thai message)."""


def _locked(report: QuarterlyReport) -> QuarterlyReport:
    """Re-read the report under a row lock so two transitions cannot interleave."""
    return QuarterlyReport.objects.select_for_update().select_related("project__organization").get(pk=report.pk)


def _membership(user, report: QuarterlyReport, role: str) -> Membership:
    membership = Membership.objects.filter(user=user, organization=report.project.organization_id, role=role).first()
    if membership is None:
        who = {Membership.Role.SUPERVISOR: "ผู้รับผิดชอบ (ศึกษานิเทศก์)", Membership.Role.DIRECTOR: "ผู้อำนวยการ"}[role]
        raise TransitionError(f"เฉพาะ{who}ของหน่วยงานนี้เท่านั้นที่ทำรายการนี้ได้")
    return membership


def _require_status(report: QuarterlyReport, allowed, action: str) -> None:
    if report.status not in allowed:
        raise TransitionError(
            f"{action}ไม่ได้ เพราะเอกสารอยู่ในสถานะ “{report.get_status_display()}”"
        )


@transaction.atomic
def submit_report(*, report: QuarterlyReport, by) -> QuarterlyReport:
    """Supervisor sends a draft (or a returned report) to the director; e-mails the directors."""
    report = _locked(report)
    _membership(by, report, Membership.Role.SUPERVISOR)
    _require_status(report, (Status.DRAFT, Status.RETURNED), "เสนอรายงาน")
    report.status = Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    _notify(report, Membership.Role.DIRECTOR, "มีรายงานรอการอนุมัติ", f"{by.get_full_name() or by.username} เสนอรายงานเพื่อขออนุมัติ")
    return report


@transaction.atomic
def return_report(*, report: QuarterlyReport, by, comment: str) -> QuarterlyReport:
    """Director sends a submitted report back with a comment (required); e-mails the supervisor."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขก่อนส่งกลับ")
    report = _locked(report)
    _membership(by, report, Membership.Role.DIRECTOR)
    _require_status(report, (Status.SUBMITTED,), "ส่งกลับ")
    report.status = Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = comment
    report.save()
    _notify_submitter(report, "รายงานถูกส่งกลับให้แก้ไข", f"ความเห็นของผู้อำนวยการ: {comment}")
    return report


@transaction.atomic
def approve_report(*, report: QuarterlyReport, by, signature=None) -> QuarterlyReport:
    """Director approves a submitted report: records who, their position and when, keeps the
    optional signature image (an uploaded file already checked to be PNG or JPEG), renders the
    PDF once and stores it with its SHA-256; the report is frozen from then on."""
    from monitoring.views import report_context  # the document's one context builder

    report = _locked(report)
    membership = _membership(by, report, Membership.Role.DIRECTOR)
    _require_status(report, (Status.SUBMITTED,), "อนุมัติ")
    organization = report.project.organization
    report.status = Status.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = ""
    report.approver_name = organization.director_name or by.get_full_name() or by.username
    report.approver_position = membership.position or organization.director_title
    if signature is not None:
        report.signature.save(f"report{report.pk}-signature.{_image_extension(signature)}", signature, save=False)
    full = QuarterlyReport.objects.with_document().get(pk=report.pk)
    for field in ("status", "approver_name", "approver_position", "signature", "reviewed_at"):
        setattr(full, field, getattr(report, field))
    pdf = render_pdf("monitoring/report_pdf.html", report_context(full))
    report.approved_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    report.approved_pdf.save(f"{report.file_stem()}.pdf", ContentFile(pdf), save=False)
    report.save()
    _notify_submitter(report, "รายงานได้รับอนุมัติแล้ว", f"SHA-256 ของ PDF ฉบับอนุมัติ: {report.approved_pdf_sha256}")
    return report


@transaction.atomic
def create_revision(*, report: QuarterlyReport, by) -> QuarterlyReport:
    """Supervisor starts a correction of an approved report: a new draft that references it,
    with a copy of its PDCA steps and activity results. Both stay visible."""
    report = _locked(report)
    _membership(by, report, Membership.Role.SUPERVISOR)
    _require_status(report, (Status.APPROVED,), "จัดทำฉบับปรับปรุง")
    latest = QuarterlyReport.objects.filter(project=report.project, quarter=report.quarter).order_by("-revision").first()
    if latest.pk != report.pk:
        raise TransitionError(f"มีฉบับปรับปรุงครั้งที่ {latest.revision} อยู่แล้ว ให้แก้ไขฉบับนั้นแทน")
    revision = QuarterlyReport.objects.create(
        project=report.project,
        quarter=report.quarter,
        digit_system=report.digit_system,
        reporter=by,
        reporter_name=report.reporter_name,
        reporter_position=report.reporter_position,
        problems=report.problems,
        solutions=report.solutions,
        revision=report.revision + 1,
        revision_of=report,
    )
    PDCAStep.objects.bulk_create(
        PDCAStep(report=revision, step=s.step, month=s.month, methods=s.methods, status=s.status, outcome=s.outcome)
        for s in report.pdca_steps.all()
    )
    ActivityResult.objects.bulk_create(
        ActivityResult(report=revision, activity_id=r.activity_id, result=r.result) for r in report.activity_results.all()
    )
    return revision


def _image_extension(upload) -> str:
    return "png" if getattr(upload, "content_type", "") == "image/png" else "jpg"


def _document_line(report: QuarterlyReport) -> str:
    return (
        f"{report.TITLE}\n{report.project.organization.name}\n"
        f"ไตรมาสที่ {report.quarter} ปีงบประมาณ {report.fiscal_year}: {report.project.name}\n"
        f"{settings.SITE_URL}{reverse('staff:report', args=[report.pk])}"
    )


def _notify(report: QuarterlyReport, role: str, subject: str, text: str) -> None:
    emails = list(
        Membership.objects.filter(organization=report.project.organization_id, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    _send_on_commit(emails, subject, f"{text}\n\n{_document_line(report)}")


def _notify_submitter(report: QuarterlyReport, subject: str, text: str) -> None:
    user = report.submitted_by or report.reporter
    emails = [user.email] if user and user.email else []
    _send_on_commit(emails, subject, f"{text}\n\n{_document_line(report)}")


def _send_on_commit(emails: list[str], subject: str, body: str) -> None:
    if emails:
        transaction.on_commit(
            lambda: send_mail(f"[ITA Portal] {subject}", body, None, emails, fail_silently=False)
        )



