"""Workflow transitions of the documents of issue 4 — action plans, their progress reports,
monitoring calendars, tracking reports and memos — each one ``transaction.atomic``
keyword-only function, like ``monitoring.services`` does for the quarterly report.

draft → submitted → approved, or submitted → returned → draft (when the supervisor saves
again). Only a supervisor of the document's organization submits; only its director
approves or returns (the role comes from ``Membership``, not from being a superuser).
Approval renders the PDF once through ``ita_portal.pdf.render_pdf`` and stores it with its
SHA-256; the document and its rows are frozen from then on (``WorkflowDocument``).

Rules particular to one kind of document:

* a progress report shows the plan (part 1), so it is approved only after its plan is;
* approving a tracking report signs the acknowledgement of every item not yet acknowledged
  (the organization's director, today);
* approving a memo may record the director's order (ทราบ / อนุญาต …) and its date, when the
  memo does not carry them yet.

An illegal transition raises ``TransitionError`` (Thai message) and changes nothing.
"""

from __future__ import annotations

import hashlib
from typing import Callable, NamedTuple

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ita_portal.models import Membership
from ita_portal.pdf import render_pdf
from ita_portal.workflow import Status, WorkflowDocument
from monitoring.services import TransitionError

__all__ = ["TransitionError", "submit", "return_document", "approve", "publish_demo"]

ROLE_NAMES = {Membership.Role.SUPERVISOR: "ผู้รับผิดชอบ (ศึกษานิเทศก์)", Membership.Role.DIRECTOR: "ผู้อำนวยการ"}


def _locked(document: WorkflowDocument) -> WorkflowDocument:
    """Re-read the document under a row lock so two transitions cannot interleave."""
    return type(document).objects.select_for_update().get(pk=document.pk)


def _membership(user, document, role: str) -> Membership:
    membership = Membership.objects.filter(user=user, organization=document.organization.pk, role=role).first()
    if membership is None:
        raise TransitionError(f"เฉพาะ{ROLE_NAMES[role]}ของหน่วยงานนี้เท่านั้นที่ทำรายการนี้ได้")
    return membership


def _require_status(document, allowed, action: str) -> None:
    if document.status not in allowed:
        raise TransitionError(f"{action}ไม่ได้ เพราะเอกสารอยู่ในสถานะ “{document.get_status_display()}”")


@transaction.atomic
def submit(*, document: WorkflowDocument, by) -> WorkflowDocument:
    """Supervisor sends a draft (or a returned document) to the director; e-mails the directors."""
    document = _locked(document)
    _membership(by, document, Membership.Role.SUPERVISOR)
    _require_status(document, (Status.DRAFT, Status.RETURNED), "เสนอเอกสาร")
    document.status = Status.SUBMITTED
    document.submitted_at = timezone.now()
    document.submitted_by = by
    document.save()
    emails = Membership.objects.filter(organization=document.organization.pk, role=Membership.Role.DIRECTOR)
    _mail(
        list(emails.exclude(user__email="").values_list("user__email", flat=True)),
        "มีเอกสารรอการอนุมัติ",
        f"{by.get_full_name() or by.username} เสนอเอกสารเพื่อขออนุมัติ",
        document,
    )
    return document


@transaction.atomic
def return_document(*, document: WorkflowDocument, by, comment: str) -> WorkflowDocument:
    """Director sends a submitted document back with a comment (required); e-mails the submitter."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขก่อนส่งกลับ")
    document = _locked(document)
    _membership(by, document, Membership.Role.DIRECTOR)
    _require_status(document, (Status.SUBMITTED,), "ส่งกลับ")
    document.status = Status.RETURNED
    document.reviewed_at = timezone.now()
    document.reviewed_by = by
    document.review_comment = comment
    document.save()
    _mail_submitter(document, "เอกสารถูกส่งกลับให้แก้ไข", f"ความเห็นของผู้อำนวยการ: {comment}")
    return document


@transaction.atomic
def approve(*, document: WorkflowDocument, by, signature=None, endorsement: str = "") -> WorkflowDocument:
    """Director approves a submitted document: records who, their position and when, keeps
    the optional signature image (already checked to be PNG or JPEG), renders the PDF once
    and stores it with its SHA-256. ``endorsement`` is a memo's order when it has none."""
    from monitoring.calendar import Memo, TrackingReport
    from plans.action_plans import ProgressReport

    document = _locked(document)
    membership = _membership(by, document, Membership.Role.DIRECTOR)
    _require_status(document, (Status.SUBMITTED,), "อนุมัติ")
    if isinstance(document, ProgressReport) and not document.plan.is_approved:
        raise TransitionError("อนุมัติรายงานไม่ได้ เพราะแผนปฏิบัติการของรายงานนี้ยังไม่ได้รับอนุมัติ กรุณาอนุมัติแผนก่อน")
    organization = document.organization
    today = timezone.localdate()
    if isinstance(document, TrackingReport):
        for item in document.items.filter(acknowledged_by_name=""):
            item.acknowledged_by_name = organization.director_name or by.get_full_name() or by.username
            item.acknowledged_by_position = organization.director_title
            item.acknowledged_on = today
            item.save(update_fields=["acknowledged_by_name", "acknowledged_by_position", "acknowledged_on"])
    if isinstance(document, Memo):
        if endorsement.strip() and not document.endorsement:
            document.endorsement = endorsement.strip()
        if document.endorsement and not document.endorsed_on:
            document.endorsed_on = today
    document.status = Status.APPROVED
    document.reviewed_at = timezone.now()
    document.reviewed_by = by
    document.review_comment = ""
    document.approver_name = organization.director_name or by.get_full_name() or by.username
    document.approver_position = membership.position or organization.director_title
    if signature is not None:
        extension = "png" if getattr(signature, "content_type", "") == "image/png" else "jpg"
        document.signature.save(f"{type(document).__name__.lower()}{document.pk}-signature.{extension}", signature, save=False)
    pdf = _render_approved(document)
    document.approved_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    document.approved_pdf.save(f"{document.file_stem()}.pdf", ContentFile(pdf), save=False)
    document.save()
    _mail_submitter(document, "เอกสารได้รับอนุมัติแล้ว", f"SHA-256 ของ PDF ฉบับอนุมัติ: {document.approved_pdf_sha256}")
    return document


APPROVAL_FIELDS = ("status", "approver_name", "approver_position", "signature", "reviewed_at", "endorsement", "endorsed_on")


def _render_approved(document: WorkflowDocument) -> bytes:
    """The PDF of ``document`` as it is being approved, from the page's own template and context."""
    kind = pdf_kind(document)
    full = kind.fetch(document.pk)
    for field in APPROVAL_FIELDS:
        if hasattr(document, field):
            setattr(full, field, getattr(document, field))
    return render_pdf(kind.template, kind.context(full))


class PDFKind(NamedTuple):
    fetch: Callable  # pk → the document with everything it shows
    template: str
    context: Callable  # document → template context


def pdf_kind(document) -> PDFKind:
    """How a document kind is printed: the one place that pairs a model with the fetch
    helper, template and context builder of its pages."""
    from monitoring import calendar_views as cv
    from monitoring.calendar import Memo, MonitoringCalendar, TrackingReport
    from plans import action_plan_views as pv
    from plans.action_plans import ActionPlan, ProgressReport

    kinds = {
        ActionPlan: (pv._get_plan, "plans/plan_pdf.html", pv.plan_context),
        ProgressReport: (pv._get_report, "plans/progress_pdf.html", pv.progress_context),
        MonitoringCalendar: (cv._get_calendar, "monitoring/calendar_pdf.html", cv.calendar_context),
        TrackingReport: (cv._get_tracking, "monitoring/tracking_pdf.html", cv.tracking_context),
        Memo: (cv._get_memo, "monitoring/memo_pdf.html", cv.memo_context),
    }
    return PDFKind(*kinds[type(document)])


def publish_demo(*, document: WorkflowDocument, supervisor, director) -> WorkflowDocument:
    """Submit and approve a seed document through the same transitions as the staff pages
    (used by ``load_demo``); an approved document is left as it is."""
    if document.is_approved:
        return document
    document = submit(document=document, by=supervisor)
    return approve(document=document, by=director)


def _mail_submitter(document, subject: str, text: str) -> None:
    user = document.submitted_by
    _mail([user.email] if user and user.email else [], subject, text, document)


def _mail(emails: list[str], subject: str, text: str, document) -> None:
    if not emails:
        return
    from django.conf import settings

    body = f"{text}\n\n{document}\n{settings.SITE_URL}{document.get_staff_url()}"
    transaction.on_commit(lambda: send_mail(f"[ITA Portal] {subject}", body, None, emails, fail_silently=False))
