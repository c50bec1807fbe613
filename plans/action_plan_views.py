"""Pages of action plans: Excel in and out, and the staff pages (create, edit the header and
the activity tree in place). The document pages and the workflow are the generic views of
``ita_portal.document_views``; the progress reports' pages are in ``monitoring.progress_views``.

The HTML and PDF pages reproduce published documents (OIT items): an approved document is
readable by anyone, like ``/reports/<id>/``; any other state only by members of its
organization (outsiders and the public get 404). Staff views fetch every object through one
helper that calls ``ita_portal.access.check`` (404 outsider, 403 member without the right).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import access
from ita_portal.document_views import save_edit_page
from ita_portal.once import once
from plans import action_plan_excel as excel
from plans.action_plan_forms import ActionPlanCreateForm, ActionPlanForm, activity_formset
from plans.action_plans import ActionPlan, PlanActivity
from plans.kinds import ACTION_PLAN
from plans.services import CannotCopyPlan, copy_plan_to_next_year, reimport_refusal, update_plan_from_file


@login_required
@require_safe
def plan_xlsx(request, plan_id: int):
    """The plan's activity table (budgets, schedule) as .xlsx, in the import layout."""
    plan = access.get_document(request.user, ACTION_PLAN, plan_id)
    return excel.xlsx_response(excel.export_plan(plan), plan.file_stem())


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    """Import a plan from an .xlsx in the export layout into an organization the user edits.

    Nothing is saved unless every row is valid; every bad row is listed with its number. A
    file of a plan the organization has (``excel.same_plan``) updates it when it is a draft
    or returned: this page then shows what would change (``excel.plan_changes``) and keeps
    the file server-side (``excel.PendingImport``) for ``plan_import_confirm``; a submitted
    or approved plan is refused with what to do instead (``reimport_refusal``).
    """
    form = excel.PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        access.check(request.user, organization, access.EDIT)
        upload = form.cleaned_data["file"]
        try:
            parsed = excel.read_plan(upload)
            existing = excel.same_plan(organization, parsed)
            if existing is None:
                return redirect(excel.save_new_plan(organization, parsed).get_absolute_url())
            if refusal := reimport_refusal(existing):
                raise excel.ImportRefused([refusal])
        except excel.ImportRefused as exc:
            errors = exc.errors
        else:
            upload.seek(0)
            pending = excel.PendingImport.keep(request.user, upload.read(), existing)
            context = {"plan": existing, "changes": excel.plan_changes(existing, parsed), "token": pending.token}
            return render(request, "plans/plan_import_preview.html", context)
    return render(request, "plans/plan_import.html", {"form": form, "errors": errors})


@login_required
@require_POST
def plan_import_confirm(request):
    """The preview's buttons: "ยืนยันการนำเข้า" applies the kept file to its plan
    (``plans.services.update_plan_from_file``), "ยกเลิก" (``action=cancel``) discards the
    file and changes nothing. The kept file is named by a signed token of this user
    (``excel.PendingImport``); a stale or foreign token sends the user back to the import
    page with the reason. Supervisors of the plan's organization only."""
    try:
        pending = excel.PendingImport.load(request.user, request.POST.get("token", ""))
    except excel.ImportRefused as exc:
        messages.error(request, exc.errors[0])
        return redirect("action_plans:plan_import")
    plan = access.get_document(request.user, ACTION_PLAN, pending.plan_id)
    access.check(request.user, plan.organization, access.EDIT)
    if request.POST.get("action") == "cancel":
        pending.discard()
        messages.info(request, "ยกเลิกการนำเข้าแล้ว แผนไม่มีการเปลี่ยนแปลง")
        return redirect(plan.get_staff_url())
    try:
        parsed = excel.read_plan(pending.file())
        if excel.same_plan(plan.organization, parsed) != plan:
            raise excel.ImportRefused([excel.PendingImport.EXPIRED])
        update_plan_from_file(plan=plan, parsed=parsed, version=pending.version, by=request.user)
    except excel.ImportRefused as exc:
        pending.discard()
        for error in exc.errors:
            messages.error(request, error)
        return redirect("action_plans:plan_import")
    pending.discard()
    messages.success(request, "นำเข้าไฟล์แล้ว แผนเปลี่ยนตามรายการที่แสดง ตรวจทานแล้วเสนอผู้อำนวยการได้")
    return redirect(plan.get_staff_url())


# --- staff: action plans ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once
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
@require_POST
@once
def plan_copy_next_year(request, plan_id: int):
    """The plan staff page's button "คัดลอกเป็นแผนปีงบประมาณ N": start next fiscal year's
    draft plan as a copy of this one (``plans.services.copy_plan_to_next_year``) and open it
    for editing. Supervisors of the plan's organization only (404 for outsiders, 403 for
    other members); when next year's plan exists it is opened instead, and the form's
    one-time token (``ita_portal.once``) makes a double click one post."""
    plan = access.get_document(request.user, ACTION_PLAN, plan_id)
    access.check(request.user, plan.organization, access.EDIT)
    try:
        new, created = copy_plan_to_next_year(plan=plan, by=request.user)
    except CannotCopyPlan as refusal:
        messages.error(request, str(refusal))
        return redirect(plan.get_staff_url())
    if not created:
        messages.info(request, f"มีแผนปีงบประมาณ {new.fiscal_year} ของโครงการนี้แล้ว ระบบจึงเปิดแผนที่มีอยู่")
        return redirect(new.get_staff_url())
    messages.success(request, f"สร้างแผนปีงบประมาณ {new.fiscal_year} จากแผนปีงบประมาณ {plan.fiscal_year} แล้ว "
                              "ตรวจทานข้อความ งบประมาณ และระยะเวลา แล้วกดบันทึก")
    return redirect("action_plans:plan_edit", new.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id: int):
    """Edit a draft or returned plan: the header and the activity tree in one page."""
    plan = access.get_document(request.user, ACTION_PLAN, plan_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form = ActionPlanForm(data, instance=plan)
    activities = activity_formset(plan, data)
    saved = save_edit_page(request, [form, activities], lambda: _save_plan(form, activities),
                           saved="บันทึกแผนแล้ว", then=request.path, document=plan)
    if saved:
        return saved
    tree = plan.activity_tree()
    context = {"plan": plan, "form": form, "activities": activities, "plan_total": ActionPlan.total_of(tree)}
    return render(request, "plans/plan_form.html", context)


POSITION_SHIFT = 1000  # moves every position out of the way while the tree is renumbered


@transaction.atomic
def _save_plan(form: ActionPlanForm, activities) -> None:
    """Save the header and the tree: deleted rows go, and each row's position is its place
    among its siblings in the submitted order (numbers are derived from positions)."""
    plan = form.save(commit=False)
    plan.save_edit(form.cleaned_data["version"])
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
