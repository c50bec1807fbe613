"""Pages of action plans and their progress reports: HTML documents, PDFs, Excel in and out.

The HTML and PDF pages reproduce published documents (OIT items) and are readable by
anyone, like ``/reports/<id>/``. The Excel export and import are staff views: every object
is fetched through one helper that calls ``ita_portal.access.check``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal import access
from ita_portal.pdf import render_pdf
from plans import action_plan_excel as excel
from plans.action_plans import ActionPlan, ProgressReport

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


@require_safe
def plan(request, plan_id: int):
    """The action plan as an HTML page (with, for staff, the figures that do not add up)."""
    return render(request, "plans/plan_page.html", plan_context(_get_plan(plan_id)))


@require_safe
def plan_pdf(request, plan_id: int):
    plan = _get_plan(plan_id)
    return _pdf("plans/plan_pdf.html", plan_context(plan), plan.file_stem())


@require_safe
def progress(request, report_id: int):
    return render(request, "plans/progress_page.html", progress_context(_get_report(report_id)))


@require_safe
def progress_pdf(request, report_id: int):
    report = _get_report(report_id)
    return _pdf("plans/progress_pdf.html", progress_context(report), report.file_stem())


def _pdf(template: str, context: dict, stem: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
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
