"""Workflow transitions of the analysis-and-measures document (``ITAResult``, seed 002; OIT
item O42), each one ``transaction.atomic`` function, as for the quarterly report
(``monitoring.services``).

draft → submitted → approved, or submitted → returned → draft (when the supervisor saves
again). Only a supervisor of the organization submits; only its director approves or
returns. Approval freezes the result, its scores, focuses, measures, activities and
limitations, renders the PDF once and stores it with its SHA-256; from then on the document
is published (readable without logging in). An illegal transition raises
``TransitionError`` with a Thai message and changes nothing.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessments.models import ITAResult
from ita_portal.models import Membership
from ita_portal.pdf import render_pdf
from ita_portal.workflow import Status


class TransitionError(Exception):
    """A transition that the document's state or the user's role does not allow (Thai message)."""


def _locked(result: ITAResult) -> ITAResult:
    """Re-read the result under a row lock so two transitions cannot interleave."""
    return ITAResult.objects.select_for_update().select_related("organization", "framework").get(pk=result.pk)


def _membership(user, result: ITAResult, role: str) -> Membership:
    membership = Membership.objects.filter(user=user, organization=result.organization_id, role=role).first()
    if membership is None:
        who = {Membership.Role.SUPERVISOR: "ผู้รับผิดชอบ (ศึกษานิเทศก์)", Membership.Role.DIRECTOR: "ผู้อำนวยการ"}[role]
        raise TransitionError(f"เฉพาะ{who}ของหน่วยงานนี้เท่านั้นที่ทำรายการนี้ได้")
    return membership


def _require_status(result: ITAResult, allowed, action: str) -> None:
    if result.status not in allowed:
        raise TransitionError(f"{action}ไม่ได้ เพราะเอกสารอยู่ในสถานะ “{result.get_status_display()}”")


@transaction.atomic
def submit_result(*, result: ITAResult, by) -> ITAResult:
    """The supervisor sends a draft (or a returned document) to the director."""
    result = _locked(result)
    _membership(by, result, Membership.Role.SUPERVISOR)
    _require_status(result, (Status.DRAFT, Status.RETURNED), "เสนอเอกสาร")
    if not result.indicator_scores.exists():
        raise TransitionError("เสนอเอกสารไม่ได้ เพราะยังไม่ได้บันทึกคะแนนตัวชี้วัด")
    result.status = Status.SUBMITTED
    result.submitted_at = timezone.now()
    result.submitted_by = by
    result.save(update_fields=["status", "submitted_at", "submitted_by"])
    return result


@transaction.atomic
def return_result(*, result: ITAResult, by, comment: str) -> ITAResult:
    """The director sends a submitted document back with a comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขก่อนส่งกลับ")
    result = _locked(result)
    _membership(by, result, Membership.Role.DIRECTOR)
    _require_status(result, (Status.SUBMITTED,), "ส่งกลับ")
    result.status = Status.RETURNED
    result.reviewed_at = timezone.now()
    result.reviewed_by = by
    result.review_comment = comment
    result.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    return result


@transaction.atomic
def approve_result(*, result: ITAResult, by) -> ITAResult:
    """The director approves a submitted document: records who, their position and when,
    renders the PDF once and stores it with its SHA-256; the document is frozen and published."""
    from assessments.views import result_context, result_document_queryset  # the document's one context builder

    result = _locked(result)
    membership = _membership(by, result, Membership.Role.DIRECTOR)
    _require_status(result, (Status.SUBMITTED,), "อนุมัติ")
    organization = result.organization
    result.status = Status.APPROVED
    result.reviewed_at = timezone.now()
    result.reviewed_by = by
    result.review_comment = ""
    result.approver_name = organization.director_name or by.get_full_name() or by.username
    result.approver_position = membership.position or organization.director_title
    full = result_document_queryset().get(pk=result.pk)
    for field in ("status", "approver_name", "approver_position", "reviewed_at"):
        setattr(full, field, getattr(result, field))
    pdf = render_pdf("assessments/result_pdf.html", result_context(full))
    result.approved_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    result.approved_pdf.save(f"ita-{organization.code}-{result.fiscal_year}.pdf", ContentFile(pdf), save=False)
    result.save()
    return result
