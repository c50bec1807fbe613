"""Quarterly report staff pages: create and edit. The document page, PDF, signature, staff
page and transitions are the generic ones (``ita_portal.document_views``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ita_portal import access
from ita_portal.document_views import save_edit_page
from ita_portal.once import once
from monitoring.forms import ActivityResultsForm, ReportCreateForm, ReportForm, ReportStartForm, pdca_forms
from monitoring.kinds import QUARTERLY_REPORT
from monitoring.models import ActivityResult, QuarterlyReport
from monitoring.services import NothingToCopy, start_quarterly_report
from plans.views import _get_project_for_user


# --- staff ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once
def report_create(request, project_id: int):
    """Start the quarterly report of a project (supervisors).

    One report per project and quarter (``QuarterlyReport.Meta.constraints``): the form
    refuses a quarter already reported; a post that loses a race with another post of the
    same quarter (both passed the form's check) opens the report the other one created, with
    a Thai note. The form's one-time token (``ita_portal.once``) makes a double submit
    create one row."""
    project = _get_project_for_user(request.user, project_id, access.EDIT)
    membership = request.user.memberships.filter(organization=project.organization_id).first()
    initial = {
        "digit_system": project.organization.default_digit_system,
        "reporter_name": request.user.get_full_name(),
        "reporter_position": membership.position if membership else "",
        "quarter": request.GET.get("quarter"),  # the quarter chosen on the landing page or dashboard
    }
    form = ReportCreateForm(request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.project = project
        report.reporter = request.user
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            existing = project.quarterly_reports.filter(quarter=report.quarter).order_by("-revision").first()
            if existing is None:
                raise
            messages.info(request, f"โครงการนี้มีรายงานของไตรมาสที่ {existing.quarter} แล้ว ระบบจึงเปิดรายงานที่มีอยู่")
            return redirect(existing.get_staff_url())
        messages.success(request, "สร้างรายงานแล้ว กรอกปฏิทิน PDCA และผลการดำเนินงานต่อได้เลย")
        return redirect("staff:report_edit", report.pk)
    return render(request, "monitoring/report_create.html", {"form": form, "project": project})


@login_required
@require_POST
@once
def report_start(request, project_id: int):
    """The quarter tables' buttons (project page, dashboard, landing page): start the
    project's report of the posted ``quarter`` at once, empty or, with ``copy``, from the
    previous quarter's report (``monitoring.services.start_quarterly_report``), and open
    it for editing. Supervisors of the project's organization only (404 for outsiders, 403
    for other members). A quarter that already has a report opens that report (a double
    post, two tabs); the form's one-time token (``ita_portal.once``) makes a double click
    one post. A refused post (no such quarter, nothing to copy) goes back to the page it
    came from with the reason."""
    project = _get_project_for_user(request.user, project_id, access.EDIT)
    form = ReportStartForm(request.POST)
    back = redirect("staff:project_edit", project.pk)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    quarter = form.cleaned_data["quarter"]
    try:
        report, created = start_quarterly_report(project=project, quarter=quarter, by=request.user,
                                                 copy_previous=form.cleaned_data["copy"])
    except NothingToCopy as refusal:
        messages.error(request, str(refusal))
        return back
    if not created:
        messages.info(request, f"โครงการนี้มีรายงานของไตรมาสที่ {quarter} แล้ว ระบบจึงเปิดรายงานที่มีอยู่")
        return redirect(report.get_staff_url())
    if report.copied_from_quarter:
        messages.success(request, f"สร้างรายงานไตรมาสที่ {quarter} จากรายงานไตรมาสที่ {report.copied_from_quarter} แล้ว ตรวจทานแล้วกดบันทึกรายงาน")
    else:
        messages.success(request, f"สร้างรายงานไตรมาสที่ {quarter} แล้ว กรอกปฏิทิน PDCA และผลการดำเนินงานต่อได้เลย")
    return redirect("staff:report_edit", report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, report_id: int):
    """Edit a draft or returned report: header fields, the PDCA checklist and activity results."""
    report = access.get_document(request.user, QUARTERLY_REPORT, report_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, instance=report)
    steps = pdca_forms(report, data)
    results = ActivityResultsForm(data, report=report)
    saved = save_edit_page(request, [form, *steps, results], lambda: _save_report(report, form, steps, results),
                           saved="บันทึกรายงานแล้ว", then=report.get_staff_url(), document=report)
    if saved:
        return saved
    context = {"report": report, "form": form, "steps": steps, "results": results, "ds": report.digit_system}
    return render(request, "monitoring/report_form.html", context)


@transaction.atomic
def _save_report(report: QuarterlyReport, form: ReportForm, steps, results: ActivityResultsForm) -> None:
    """Save a report page in one transaction; a returned report goes back to draft."""
    report = form.save(commit=False)
    report.save_edit(form.cleaned_data["version"])  # raises EditConflictError when the page was out of date
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
