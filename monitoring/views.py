"""Quarterly report pages.

Public (``monitoring:``): the document as HTML and PDF and the approver's signature image.
An approved report is published and readable by anyone; any other state is readable only by
members of its organization (outsiders get 404).

Staff (``staff:``): create, edit, submit, approve, return and revise, each through
``_get_report_for_user`` (404 outsider, 403 member without the right).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import access
from ita_portal.forms import ReviewNoteForm
from ita_portal.history import document_history
from ita_portal.pdf import render_pdf
from ita_portal.uploads import signature_image_or_error
from ita_portal.workflow import EditConflictError, FrozenDocumentError, Status
from monitoring.forms import ActivityResultsForm, ReportCreateForm, ReportForm, pdca_forms
from monitoring.models import ActivityResult, QuarterlyReport
from monitoring.services import TransitionError, approve_report, create_revision, return_report, submit_report
from plans.models import risks_by_category
from plans.views import _get_project_for_user


def _get_report_for_user(user, report_id: int, action: str = access.READ) -> QuarterlyReport:
    """Fetch a report with everything its document shows, checking ``action`` for ``user``.

    Raises ``Http404`` when it does not exist or the user is an outsider, and
    ``PermissionDenied`` when the user's role lacks ``action``.
    """
    report = get_object_or_404(QuarterlyReport.objects.with_document(), pk=report_id)
    access.check(user, report.project.organization, action)
    return report


def _get_published_or_member_report(user, report_id: int) -> QuarterlyReport:
    """An approved report for anyone; otherwise only for members (404 for others)."""
    report = get_object_or_404(QuarterlyReport.objects.with_document(), pk=report_id)
    if not report.is_approved:
        access.check(user, report.project.organization, access.READ)
    return report


def report_context(report: QuarterlyReport) -> dict:
    """The template context of the report document (shared by the page, the PDF and exports)."""
    return {
        "report": report,
        "ds": report.digit_system,
        "risk_groups": risks_by_category(report.project.risks.all()),
    }


@require_safe
def report(request, report_id: int):
    """The report as an HTML page, with a PDF link and, for members, discrepancy notes."""
    report = _get_published_or_member_report(request.user, report_id)
    context = {**report_context(report), "is_member": access.can(request.user, report.project.organization, access.READ)}
    return render(request, "monitoring/report_page.html", context)


@require_safe
def report_pdf(request, report_id: int):
    """The same document as an A4 PDF. An approved report is served from its stored file."""
    report = _get_published_or_member_report(request.user, report_id)
    filename = f"{report.file_stem()}.pdf"
    if report.is_approved and report.approved_pdf:
        response = FileResponse(report.approved_pdf.open("rb"), content_type="application/pdf", filename=filename)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["X-Content-SHA256"] = report.approved_pdf_sha256
        return response
    pdf = render_pdf("monitoring/report_pdf.html", report_context(report))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def report_signature(request, report_id: int):
    """The approver's signature image shown on the report page."""
    report = _get_published_or_member_report(request.user, report_id)
    if not report.signature:
        raise Http404("ไม่มีลายมือชื่อ")
    response = FileResponse(report.signature.open("rb"))
    response["Content-Disposition"] = "inline"
    return response


# --- staff ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, project_id: int):
    """Start the quarterly report of a project (supervisors)."""
    project = _get_project_for_user(request.user, project_id, access.EDIT)
    membership = request.user.memberships.filter(organization=project.organization_id).first()
    initial = {
        "digit_system": project.organization.default_digit_system,
        "reporter_name": request.user.get_full_name(),
        "reporter_position": membership.position if membership else "",
    }
    form = ReportCreateForm(request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.project = project
        report.reporter = request.user
        report.save()
        messages.success(request, "สร้างรายงานแล้ว กรอกปฏิทิน PDCA และผลการดำเนินงานต่อได้เลย")
        return redirect("staff:report_edit", report.pk)
    return render(request, "monitoring/report_create.html", {"form": form, "project": project})


@login_required
@require_safe
def report_staff(request, report_id: int):
    """The staff view of a report: its state, the actions the user may take, the document,
    the SHA-256 of the approved PDF, its revisions and its audit history."""
    report = _get_report_for_user(request.user, report_id)
    organization = report.project.organization
    revisions = list(
        QuarterlyReport.objects.filter(project=report.project_id, quarter=report.quarter).order_by("revision")
    )
    context = {
        **report_context(report),
        "is_member": True,
        "can_edit": access.can(request.user, organization, access.EDIT) and report.is_editable,
        "can_submit": _has_role(request.user, organization, "supervisor") and report.is_editable,
        "can_review": _has_role(request.user, organization, "director") and report.status == Status.SUBMITTED,
        "can_revise": _has_role(request.user, organization, "supervisor") and report.is_approved and revisions[-1].pk == report.pk,
        "revisions": revisions,
        "history": document_history(report),
    }
    return render(request, "monitoring/report_staff.html", context)


def _has_role(user, organization, role: str) -> bool:
    return access.role_in(user, organization) == role


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, report_id: int):
    """Edit a draft or returned report: header fields, the PDCA checklist and activity results."""
    report = _get_report_for_user(request.user, report_id, access.EDIT)
    if not report.is_editable:
        raise PermissionDenied(f"แก้ไขไม่ได้: เอกสารอยู่ในสถานะ “{report.get_status_display()}”")
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, instance=report)
    steps = pdca_forms(report, data)
    results = ActivityResultsForm(data, report=report)
    if data is not None and form.is_valid() and all(f.is_valid() for f in steps) and results.is_valid():
        try:
            _save_report(report, form, steps, results)
        except EditConflictError as exc:
            form.add_error(None, str(exc))
        except FrozenDocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกรายงานแล้ว")
            return redirect("staff:report", report.pk)
    elif data is not None:
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    context = {"report": report, "form": form, "steps": steps, "results": results, "ds": report.digit_system}
    return render(request, "monitoring/report_form.html", context)


@transaction.atomic
def _save_report(report: QuarterlyReport, form: ReportForm, steps, results: ActivityResultsForm) -> None:
    """Save a report page in one transaction; a returned report goes back to draft."""
    report = form.save(commit=False)
    report.version = form.cleaned_data["version"]
    if report.status == Status.RETURNED:
        report.status = Status.DRAFT
    report.save()  # raises EditConflictError when the page was out of date
    for step_form in steps:
        if step_form.instance.pk or step_form.has_changed():
            step_form.save()
    existing = {r.activity_id: r for r in report.activity_results.all()}
    for activity, _old in results.rows:
        text = results.cleaned_data[f"result_{activity.pk}"].strip()
        row = existing.get(activity.pk)
        if row is None and text:
            ActivityResult.objects.create(report=report, activity=activity, result=text)
        elif row is not None and row.result != text:
            row.result = text
            row.save(update_fields=["result"])


def _transition(request, report_id: int, action: str, run):
    report = _get_report_for_user(request.user, report_id, action)
    try:
        run(report)
    except (TransitionError, FrozenDocumentError, EditConflictError) as exc:
        messages.error(request, str(exc))
    return redirect("staff:report", report.pk)


@login_required
@require_POST
def report_submit(request, report_id: int):
    def run(report):
        submit_report(report=report, by=request.user)
        messages.success(request, "เสนอรายงานต่อผู้อำนวยการแล้ว")

    return _transition(request, report_id, access.EDIT, run)


@login_required
@require_POST
def report_approve(request, report_id: int):
    def run(report):
        signature = request.FILES.get("signature")
        if signature is not None:
            error = signature_image_or_error(signature)
            if error:
                raise TransitionError(error)
        approve_report(report=report, by=request.user, signature=signature)
        messages.success(request, "อนุมัติรายงานแล้ว เอกสารนี้ถูกล็อกไม่ให้แก้ไข")

    return _transition(request, report_id, access.REVIEW, run)


@login_required
@require_POST
def report_return(request, report_id: int):
    def run(report):
        note = ReviewNoteForm(request.POST)
        if not note.is_valid():
            raise TransitionError(note.error_text())
        return_report(report=report, by=request.user, comment=note.cleaned_data["comment"])
        messages.success(request, "ส่งรายงานกลับให้แก้ไขแล้ว")

    return _transition(request, report_id, access.REVIEW, run)


@login_required
@require_POST
def report_revise(request, report_id: int):
    report = _get_report_for_user(request.user, report_id, access.EDIT)
    try:
        revision = create_revision(report=report, by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("staff:report", report.pk)
    messages.success(request, f"สร้างฉบับปรับปรุงครั้งที่ {revision.revision} แล้ว")
    return redirect("staff:report_edit", revision.pk)
