"""Staff pages of progress reports besides the generic document views: start a report of a
plan for a period, edit its rows, and its table as .xlsx. Mounted with the action plans'
pages under /plans/ (``monitoring.progress_urls``), so their published paths stay.

Every view fetches through ``ita_portal.access.get_document`` (404 to outsiders, 403 to
members without the right).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import access, thai
from ita_portal.document_views import save_edit_page
from ita_portal.once import once
from monitoring.kinds import PROGRESS_REPORT
from monitoring.progress import ProgressReport
from monitoring.progress_excel import export_progress
from monitoring.progress_forms import ProgressCreateForm, ProgressReportForm, progress_line_forms
from plans.action_plan_excel import xlsx_response
from plans.kinds import ACTION_PLAN


@login_required
@require_safe
def progress_xlsx(request, report_id: int):
    """The progress table (budget, spent, result, status …) of a report as .xlsx."""
    report = access.get_document(request.user, PROGRESS_REPORT, report_id)
    return xlsx_response(export_progress(report), report.file_stem())


@login_required
@require_POST
@once
def progress_create(request, plan_id: int):
    """Start the progress report of a plan for a period (supervisors)."""
    plan = access.get_document(request.user, ACTION_PLAN, plan_id)
    access.check(request.user, plan.organization, access.EDIT)
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
@require_http_methods(["GET", "POST"])
def progress_edit(request, report_id: int):
    """Edit a draft or returned progress report: one row per activity of the plan; a status
    computed from quarterly reports is shown with its source instead of an input."""
    report = access.get_document(request.user, PROGRESS_REPORT, report_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form = ProgressReportForm(data, instance=report)
    rows = report.rows()
    lines = progress_line_forms(report, rows, data)
    saved = save_edit_page(request, [form, *(f for _, f in lines)], lambda: _save_progress(form, lines),
                           saved="บันทึกรายงานแล้ว", then=request.path, document=report)
    if saved:
        return saved
    context = {
        "report": report, "plan": report.plan, "form": form, "lines": lines,
        "summary": report.summary(rows), "ds": thai.ARABIC,
    }
    return render(request, "plans/progress_form.html", context)


@transaction.atomic
def _save_progress(form, lines) -> None:
    form.save(commit=False).save_edit(form.cleaned_data["version"])
    for _node, line_form in lines:
        if line_form.instance.pk or line_form.has_changed():
            line_form.save()
