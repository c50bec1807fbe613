"""Pages of action plans and their progress reports: HTML documents, PDFs, Excel in and out,
and the staff pages (create, edit the header and the activity tree in place, progress rows,
submit / approve / return, audit history).

The HTML and PDF pages reproduce published documents (OIT items): an approved document is
readable by anyone, like ``/reports/<id>/``; any other state only by members of its
organization (outsiders and the public get 404). Staff views fetch every object through one
helper that calls ``ita_portal.access.check`` (404 outsider, 403 member without the right).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import access, thai
from ita_portal.forms import ReviewNoteForm
from ita_portal.history import history_entries
from ita_portal.pdf import render_pdf
from ita_portal.uploads import signature_image_or_error
from ita_portal.workflow import EditConflictError, FrozenDocumentError, Status
from plans import action_plan_excel as excel
from plans import action_plan_services as services
from plans.action_plan_forms import (
    ActionPlanCreateForm,
    ActionPlanForm,
    ProgressCreateForm,
    ProgressReportForm,
    activity_formset,
    progress_line_forms,
)
from plans.action_plans import (
    ActionPlan,
    MasterPlanSubPlan,
    PlanActivity,
    ProgressLine,
    ProgressReport,
)

PLAN_PREFETCH = ("activities", "sub_plans__targets__indicators")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_plan(plan_id: int) -> ActionPlan:
    """A plan with everything its document shows (fixed number of queries); 404 if unknown."""
    queryset = ActionPlan.objects.select_related("organization").prefetch_related(*PLAN_PREFETCH)
    return get_object_or_404(queryset, pk=plan_id)


def _get_report(report_id: int) -> ProgressReport:
    queryset = ProgressReport.objects.select_related("plan__organization").prefetch_related(
        "lines", *(f"plan__{p}" for p in PLAN_PREFETCH)
    )
    return get_object_or_404(queryset, pk=report_id)


def _get_plan_for(user, plan_id: int, action: str) -> ActionPlan:
    """A plan the user may ``action`` (READ/EDIT): 404 for outsiders, 403 without the right."""
    plan = _get_plan(plan_id)
    access.check(user, plan.organization, action)
    return plan


def _get_report_for(user, report_id: int, action: str) -> ProgressReport:
    report = _get_report(report_id)
    access.check(user, report.plan.organization, action)
    return report


def plan_context(plan: ActionPlan) -> dict:
    """Context of the plan document (part 1): the listed activity tree and its total."""
    tree = plan.activity_tree(listed_only=True)
    return {"plan": plan, "ds": plan.digit_system, "tree": tree, "plan_total": ActionPlan.total_of(tree)}


def progress_context(report: ProgressReport) -> dict:
    """Context of the progress report: cover, part 1 (the plan) and part 2 (the rows)."""
    rows = report.rows()
    return {
        **plan_context(report.plan),
        "report": report,
        "ds": report.digit_system,
        "rows": rows,
        "summary": report.summary(rows),
        "show_spent": any(r.line and r.line.spent is not None for r in rows),
    }


def published_or_member(user, document):
    """``document`` when it is approved (published) or ``user`` is a member of its
    organization; ``Http404`` otherwise, so a draft's existence is not revealed."""
    if not document.is_approved:
        access.check(user, document.organization, access.READ)
    return document


@require_safe
def plan(request, plan_id: int):
    """The action plan as an HTML page (with, for staff, the figures that do not add up)."""
    plan = published_or_member(request.user, _get_plan(plan_id))
    return render(request, "plans/plan_page.html", plan_context(plan))


@require_safe
def plan_pdf(request, plan_id: int):
    plan = published_or_member(request.user, _get_plan(plan_id))
    return document_pdf(plan, "plans/plan_pdf.html", plan_context)


@require_safe
def progress(request, report_id: int):
    report = published_or_member(request.user, _get_report(report_id))
    return render(request, "plans/progress_page.html", progress_context(report))


@require_safe
def progress_pdf(request, report_id: int):
    report = published_or_member(request.user, _get_report(report_id))
    return document_pdf(report, "plans/progress_pdf.html", progress_context)


def document_pdf(document, template: str, context) -> HttpResponse:
    """The PDF of ``document``: the stored file of an approved document (with its SHA-256
    in ``X-Content-SHA256``), otherwise rendered now from ``template`` and ``context(document)``."""
    filename = f"{document.file_stem()}.pdf"
    if document.is_approved and document.approved_pdf:
        response = FileResponse(document.approved_pdf.open("rb"), content_type="application/pdf", filename=filename)
        response["X-Content-SHA256"] = document.approved_pdf_sha256
    else:
        response = HttpResponse(render_pdf(template, context(document)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _xlsx(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@login_required
@require_safe
def plan_xlsx(request, plan_id: int):
    """The plan's activity table (budgets, schedule) as .xlsx, in the import layout."""
    plan = _get_plan_for(request.user, plan_id, access.READ)
    return _xlsx(excel.export_plan(plan), plan.file_stem())


@login_required
@require_safe
def progress_xlsx(request, report_id: int):
    """The progress table (budget, spent, result …) of a report as .xlsx."""
    report = _get_report_for(request.user, report_id, access.READ)
    return _xlsx(excel.export_progress(report), report.file_stem())


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    """Import a plan from an .xlsx in the export layout into an organization the user edits.

    Nothing is saved unless every row is valid; every bad row is listed with its number.
    """
    form = excel.PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        access.check(request.user, form.cleaned_data["organization"], access.EDIT)
        try:
            plan = excel.import_plan(
                form.cleaned_data["file"],
                organization=form.cleaned_data["organization"],
            )
        except excel.ImportRefused as exc:
            errors = exc.errors
        else:
            return redirect(plan.get_absolute_url())
    return render(request, "plans/plan_import.html", {"form": form, "errors": errors})


# --- staff: shared by every document of issue 4 ----------------------------------------


def staff_context(request, document, url_prefix: str, history) -> dict:
    """The workflow panel of a staff page: state, the actions the user may take and their
    URLs (``<url_prefix>_edit``, ``_transition``), the SHA-256 of the approved PDF, history."""
    organization = document.organization
    role = access.role_in(request.user, organization)
    return {
        "doc": document,
        "can_edit": access.can(request.user, organization, access.EDIT) and document.is_editable,
        "can_submit": role == "supervisor" and document.is_editable,
        "can_review": role == "director" and document.status == Status.SUBMITTED,
        "edit_url": reverse(f"{url_prefix}_edit", args=[document.pk]),
        "submit_url": reverse(f"{url_prefix}_transition", args=[document.pk, "submit"]),
        "approve_url": reverse(f"{url_prefix}_transition", args=[document.pk, "approve"]),
        "return_url": reverse(f"{url_prefix}_transition", args=[document.pk, "return"]),
        "history": history,
    }


TRANSITION_ACTIONS = {"submit": access.EDIT, "approve": access.REVIEW, "return": access.REVIEW}


def run_transition(request, document, transition: str):
    """Run ``transition`` ("submit", "approve", "return") on ``document`` for the signed-in
    user (access already checked by the caller's fetch helper) and go back to its staff page."""
    try:
        note = ReviewNoteForm(request.POST)
        if not note.is_valid():
            raise services.TransitionError(note.error_text())
        if transition == "submit":
            services.submit(document=document, by=request.user)
            messages.success(request, "เสนอเอกสารต่อผู้อำนวยการแล้ว")
        elif transition == "approve":
            signature = request.FILES.get("signature")
            if signature is not None and (error := signature_image_or_error(signature)):
                raise services.TransitionError(error)
            services.approve(document=document, by=request.user, signature=signature, endorsement=note.cleaned_data["endorsement"])
            messages.success(request, "อนุมัติเอกสารแล้ว เอกสารนี้ถูกล็อกไม่ให้แก้ไข")
        else:
            services.return_document(document=document, by=request.user, comment=note.cleaned_data["comment"])
            messages.success(request, "ส่งเอกสารกลับให้แก้ไขแล้ว")
    except (services.TransitionError, FrozenDocumentError, EditConflictError) as exc:
        messages.error(request, str(exc))
    return redirect(document.get_staff_url())


def require_editable(document) -> None:
    if not document.is_editable:
        raise PermissionDenied(f"แก้ไขไม่ได้: เอกสารอยู่ในสถานะ “{document.get_status_display()}”")


def save_header(form):
    """Save a document's header form with optimistic locking; a returned document goes back
    to draft. Raises ``EditConflictError`` when the page was out of date."""
    document = form.save(commit=False)
    document.version = form.cleaned_data["version"]
    if document.status == Status.RETURNED:
        document.status = Status.DRAFT
    document.save()
    return document


def plan_history(plan: ActionPlan):
    return history_entries([
        (ActionPlan, Q(id=plan.pk), lambda r: "แผน"),
        (PlanActivity, Q(plan_id=plan.pk), lambda r: f"กิจกรรม {r.title[:40]}"),
        (MasterPlanSubPlan, Q(plan_id=plan.pk), lambda r: "แผนย่อยของแผนแม่บท"),
    ])


def progress_history(report: ProgressReport):
    return history_entries([
        (ProgressReport, Q(id=report.pk), lambda r: "รายงาน"),
        (ProgressLine, Q(report_id=report.pk), lambda r: "ผลการดำเนินงานรายกิจกรรม"),
    ])


# --- staff: action plans ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    """Start an action plan in an organization the user edits (supervisors); the header and
    the activity tree are filled in on the next page."""
    form = ActionPlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        access.check(request.user, form.cleaned_data["organization"], access.EDIT)
        plan = form.save()
        messages.success(request, "สร้างแผนแล้ว กรอกรายละเอียดและกิจกรรมต่อได้เลย")
        return redirect("action_plans:plan_edit", plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
@require_safe
def plan_staff(request, plan_id: int):
    """The staff view of a plan: state and actions, its progress reports, the document,
    and its audit history."""
    plan = _get_plan_for(request.user, plan_id, access.READ)
    context = {
        **plan_context(plan),
        **staff_context(request, plan, "action_plans:plan", plan_history(plan)),
        "reports": list(plan.progress_reports.all()),
        "progress_form": ProgressCreateForm(plan=plan),
        "can_create_report": access.can(request.user, plan.organization, access.EDIT),
    }
    return render(request, "plans/plan_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id: int):
    """Edit a draft or returned plan: the header and the activity tree in one page."""
    plan = _get_plan_for(request.user, plan_id, access.EDIT)
    require_editable(plan)
    data = request.POST if request.method == "POST" else None
    form = ActionPlanForm(data, instance=plan)
    activities = activity_formset(plan, data)
    if data is not None and form.is_valid() and activities.is_valid():
        try:
            _save_plan(form, activities)
        except (EditConflictError, FrozenDocumentError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกแผนแล้ว")
            return redirect("action_plans:plan_edit", plan.pk)
    elif data is not None:
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    tree = plan.activity_tree()
    context = {"plan": plan, "form": form, "activities": activities, "plan_total": ActionPlan.total_of(tree)}
    return render(request, "plans/plan_form.html", context)


POSITION_SHIFT = 1000  # moves every position out of the way while the tree is renumbered


@transaction.atomic
def _save_plan(form: ActionPlanForm, activities) -> None:
    """Save the header and the tree: deleted rows go, and each row's position is its place
    among its siblings in the submitted order (numbers are derived from positions)."""
    plan = save_header(form)
    activities.save(commit=False)  # fills deleted_objects; rows are saved below
    for obj in activities.deleted_objects:
        if obj.pk and PlanActivity.objects.filter(pk=obj.pk).exists():
            obj.delete()
    PlanActivity.objects.filter(plan=plan).update(position=F("position") + POSITION_SHIFT)
    counters: dict = {}
    for row in activities.ordered_forms:
        if not row.instance.pk and not row.has_changed():
            continue
        activity = row.instance
        activity.plan = plan
        counters[activity.parent_id] = counters.get(activity.parent_id, 0) + 1
        activity.position = counters[activity.parent_id]
        activity.save()
    for obj in PlanActivity.objects.filter(plan=plan, position__gt=POSITION_SHIFT):
        # rows not in the form (none normally): keep them after their siblings
        counters[obj.parent_id] = counters.get(obj.parent_id, 0) + 1
        obj.position = counters[obj.parent_id]
        obj.save(update_fields=["position"])


@login_required
@require_POST
def plan_transition(request, plan_id: int, transition: str):
    plan = _get_plan_for(request.user, plan_id, TRANSITION_ACTIONS[transition])
    return run_transition(request, plan, transition)


# --- staff: progress reports -----------------------------------------------------------


@login_required
@require_POST
def progress_create(request, plan_id: int):
    """Start the progress report of a plan for a period (supervisors)."""
    plan = _get_plan_for(request.user, plan_id, access.EDIT)
    form = ProgressCreateForm(request.POST, plan=plan)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(plan.get_staff_url())
    report = ProgressReport.objects.create(plan=plan, period=form.cleaned_data["period"], digit_system=plan.digit_system)
    messages.success(request, "สร้างรายงานแล้ว กรอกผลการดำเนินงานรายกิจกรรมต่อได้เลย")
    return redirect("action_plans:progress_edit", report.pk)


@login_required
@require_safe
def progress_staff(request, report_id: int):
    report = _get_report_for(request.user, report_id, access.READ)
    context = {
        **progress_context(report),
        **staff_context(request, report, "action_plans:progress", progress_history(report)),
    }
    return render(request, "plans/progress_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_edit(request, report_id: int):
    """Edit a draft or returned progress report: one row per activity of the plan."""
    report = _get_report_for(request.user, report_id, access.EDIT)
    require_editable(report)
    data = request.POST if request.method == "POST" else None
    form = ProgressReportForm(data, instance=report)
    rows = report.rows()
    lines = progress_line_forms(report, rows, data)
    if data is not None and form.is_valid() and all(f.is_valid() for _, f in lines):
        try:
            _save_progress(form, lines)
        except (EditConflictError, FrozenDocumentError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกรายงานแล้ว")
            return redirect("action_plans:progress_edit", report.pk)
    elif data is not None:
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    context = {
        "report": report, "plan": report.plan, "form": form, "lines": lines,
        "summary": report.summary(rows), "ds": thai.ARABIC,
    }
    return render(request, "plans/progress_form.html", context)


@transaction.atomic
def _save_progress(form, lines) -> None:
    save_header(form)
    for _node, line_form in lines:
        if line_form.instance.pk or line_form.has_changed():
            line_form.save()


@login_required
@require_POST
def progress_transition(request, report_id: int, transition: str):
    report = _get_report_for(request.user, report_id, TRANSITION_ACTIONS[transition])
    return run_transition(request, report, transition)


# --- the staff dashboard's section -----------------------------------------------------


def other_documents(user, fiscal_year: int) -> dict:
    """The action plans (with their progress reports), monitoring calendars (with their
    tracking reports) and memos of ``user``'s organizations for ``fiscal_year`` (BE), for
    ``templates/staff/_other_documents.html``; a fixed number of queries."""
    from monitoring.calendar import Memo, MonitoringCalendar

    organizations = access.organizations_for(user)
    start, end = thai.fiscal_year_start(fiscal_year), thai.fiscal_year_end(fiscal_year)
    return {
        "action_plans": list(
            ActionPlan.objects.filter(organization__in=organizations, fiscal_year=fiscal_year)
            .select_related("organization").prefetch_related("progress_reports").order_by("organization__code", "project_name")
        ),
        "calendars": list(
            MonitoringCalendar.objects.filter(organization__in=organizations, fiscal_year=fiscal_year)
            .select_related("organization").prefetch_related("tracking_reports").order_by("organization__code", "title")
        ),
        "memos": list(
            Memo.objects.filter(organization__in=organizations, date__range=(start, end))
            .select_related("organization").order_by("organization__code", "-date", "pk")
        ),
        "can_create": access.organizations_for(user, access.EDIT).exists(),
    }
