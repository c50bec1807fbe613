"""Pages of monitoring calendars, tracking reports and memos: HTML documents and PDFs,
the director's acknowledgement of a tracking report's items, and the staff pages (create,
edit with items in place, submit / approve / return, audit history).

An approved document is published (OIT evidence) and readable by anyone, like
``/reports/<id>/``; any other state only by members of its organization (404 for others).
Staff views fetch every object through a helper that calls ``ita_portal.access.check``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import access
from ita_portal.history import history_entries
from ita_portal.workflow import EditConflictError, FrozenDocumentError
from monitoring.calendar import CalendarItem, Memo, MonitoringCalendar, ResponsibleGroup, SignatureBlock, TrackingItem, TrackingReport
from monitoring.calendar_forms import (
    CalendarCreateForm,
    CalendarForm,
    MemoForm,
    TrackingForm,
    calendar_item_formset,
    tracking_item_formset,
)
from plans.action_plan_views import (
    TRANSITION_ACTIONS,
    document_pdf,
    published_or_member,
    require_editable,
    run_transition,
    save_header,
    staff_context,
)


def _get_calendar(calendar_id: int) -> MonitoringCalendar:
    queryset = MonitoringCalendar.objects.select_related("organization").prefetch_related("items__groups", "signatures")
    return get_object_or_404(queryset, pk=calendar_id)


def _get_tracking(report_id: int) -> TrackingReport:
    queryset = TrackingReport.objects.select_related("calendar__organization").prefetch_related("items__groups", "signatures")
    return get_object_or_404(queryset, pk=report_id)


def _get_tracking_for(user, report_id: int, action: str) -> TrackingReport:
    """A tracking report ``user`` may ``action``: 404 for outsiders, 403 without the right."""
    report = _get_tracking(report_id)
    access.check(user, report.organization, action)
    return report


def _get_memo(memo_id: int) -> Memo:
    queryset = Memo.objects.select_related("organization", "tracking_report__calendar", "calendar").prefetch_related("signatures")
    return get_object_or_404(queryset, pk=memo_id)


def _get_calendar_for(user, calendar_id: int, action: str) -> MonitoringCalendar:
    calendar = _get_calendar(calendar_id)
    access.check(user, calendar.organization, action)
    return calendar


def _get_memo_for(user, memo_id: int, action: str) -> Memo:
    memo = _get_memo(memo_id)
    access.check(user, memo.organization, action)
    return memo


def calendar_context(calendar: MonitoringCalendar) -> dict:
    return {"calendar": calendar, "org": calendar.organization, "ds": calendar.digit_system, "items": calendar.numbered_items()}


def tracking_context(report: TrackingReport) -> dict:
    return {
        "report": report, "org": report.organization, "ds": report.digit_system,
        "items": report.numbered_items(), "statuses": TrackingReport.Status.choices,
    }


def memo_context(memo: Memo) -> dict:
    return {"memo": memo, "org": memo.organization, "ds": memo.digit_system}


@require_safe
def calendar(request, calendar_id: int):
    calendar = published_or_member(request.user, _get_calendar(calendar_id))
    return render(request, "monitoring/calendar_page.html", calendar_context(calendar))


@require_safe
def calendar_pdf(request, calendar_id: int):
    calendar = published_or_member(request.user, _get_calendar(calendar_id))
    return document_pdf(calendar, "monitoring/calendar_pdf.html", calendar_context)


@require_safe
def tracking(request, report_id: int):
    report = published_or_member(request.user, _get_tracking(report_id))
    context = tracking_context(report)
    context["can_acknowledge"] = access.can(request.user, report.organization, access.REVIEW) and not report.is_approved
    return render(request, "monitoring/tracking_page.html", context)


@require_safe
def tracking_pdf(request, report_id: int):
    report = published_or_member(request.user, _get_tracking(report_id))
    return document_pdf(report, "monitoring/tracking_pdf.html", tracking_context)


@login_required
@require_POST
def tracking_acknowledge(request, report_id: int):
    """The director acknowledges every item not yet acknowledged: name and position come
    from the organization's record, the date is today."""
    report = _get_tracking_for(request.user, report_id, access.REVIEW)
    org = report.organization
    pending = [i for i in report.items.all() if not i.acknowledged]
    try:
        with transaction.atomic():
            for item in pending:
                item.acknowledged_by_name = org.director_name or request.user.get_full_name()
                item.acknowledged_by_position = org.director_title
                item.acknowledged_on = timezone.localdate()
                item.save(update_fields=["acknowledged_by_name", "acknowledged_by_position", "acknowledged_on"])
    except FrozenDocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"ลงนามรับทราบแล้ว {len(pending)} รายการ")
    return redirect(report.get_absolute_url())


@require_safe
def memo(request, memo_id: int):
    memo = published_or_member(request.user, _get_memo(memo_id))
    return render(request, "monitoring/memo_page.html", memo_context(memo))


@require_safe
def memo_pdf(request, memo_id: int):
    memo = published_or_member(request.user, _get_memo(memo_id))
    return document_pdf(memo, "monitoring/memo_pdf.html", memo_context)


# --- staff ------------------------------------------------------------------------------


def _history(document, item_model, item_q: Q, signature_q: Q, item_label: str):
    return history_entries([
        (type(document), Q(id=document.pk), lambda r: "เอกสาร"),
        (item_model, item_q, lambda r: f"{item_label} {r.text[:40]}"),
        (SignatureBlock, signature_q, lambda r: f"ลายมือชื่อ {r.name}"),
    ])


def _add_groups(organization, names: list[str]) -> None:
    for name in names:
        ResponsibleGroup.objects.get_or_create(organization=organization, name=name)


@transaction.atomic
def _save_with_items(form, items, organization) -> None:
    """Save a header form and its item formset; positions follow the rows' order."""
    document = save_header(form)
    _add_groups(organization, form.cleaned_data.get("new_groups", []))
    for row in items.deleted_forms:
        if row.instance.pk:
            row.instance.delete()
    rows = [f for f in items.ordered_forms if f.instance.pk or f.has_changed()]
    for position, row in enumerate(rows, 1):
        item = row.save(commit=False)
        setattr(item, items.fk.name, document)
        item.position = position
        item.save()
        row.save_m2m()


def _edit_page(request, document, form, items, template: str, extra: dict):
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            _save_with_items(form, items, document.organization)
        except (EditConflictError, FrozenDocumentError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกแล้ว")
            return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    return render(request, template, {"form": form, "items": items, **extra})


def _create_page(request, form, heading: str, created):
    if request.method == "POST" and form.is_valid():
        access.check(request.user, form.cleaned_data["organization"], access.EDIT)
        document = form.save()
        messages.success(request, "สร้างเอกสารแล้ว กรอกรายละเอียดต่อได้เลย")
        return redirect(created, document.pk)
    return render(request, "plans/plan_create.html", {"form": form, "heading": heading})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_create(request):
    form = CalendarCreateForm(request.POST or None, user=request.user)
    return _create_page(request, form, "จัดทำปฏิทินการกำกับ ติดตาม", "calendars:calendar_edit")


@login_required
@require_safe
def calendar_staff(request, calendar_id: int):
    calendar = _get_calendar_for(request.user, calendar_id, access.READ)
    history = _history(calendar, CalendarItem, Q(calendar_id=calendar.pk), Q(calendar_id=calendar.pk), "รายการ")
    context = {
        **calendar_context(calendar),
        **staff_context(request, calendar, "calendars:calendar", history),
        "tracking_reports": list(calendar.tracking_reports.all()),
        "can_create_tracking": access.can(request.user, calendar.organization, access.EDIT),
    }
    return render(request, "monitoring/calendar_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request, calendar_id: int):
    """Edit a draft or returned calendar: title, new groups and the dated items in place."""
    calendar = _get_calendar_for(request.user, calendar_id, access.EDIT)
    require_editable(calendar)
    data = request.POST if request.method == "POST" else None
    form, items = CalendarForm(data, instance=calendar), calendar_item_formset(calendar, data)
    return _edit_page(request, calendar, form, items, "monitoring/calendar_form.html", {"calendar": calendar})


@login_required
@require_POST
def calendar_transition(request, calendar_id: int, transition: str):
    calendar = _get_calendar_for(request.user, calendar_id, TRANSITION_ACTIONS[transition])
    return run_transition(request, calendar, transition)


@login_required
@require_POST
def tracking_create(request, calendar_id: int):
    """Start the tracking report of a calendar (supervisors): one row per calendar item,
    with its text and groups, status "กำลังดำเนินการ"."""
    calendar = _get_calendar_for(request.user, calendar_id, access.EDIT)
    with transaction.atomic():
        report = TrackingReport.objects.create(
            calendar=calendar, title="รายงานผลการกำกับ ติดตามการดำเนินงาน", digit_system=calendar.digit_system
        )
        for item in calendar.numbered_items():
            row = TrackingItem.objects.create(report=report, position=item.number, calendar_item=item, text=item.text)
            row.groups.set(item.groups.all())
    messages.success(request, "สร้างรายงานผลแล้ว กรอกผลการดำเนินงานต่อได้เลย")
    return redirect("calendars:tracking_edit", report.pk)


@login_required
@require_safe
def tracking_staff(request, report_id: int):
    report = _get_tracking_for(request.user, report_id, access.READ)
    history = _history(report, TrackingItem, Q(report_id=report.pk), Q(tracking_report_id=report.pk), "รายการ")
    context = {**tracking_context(report), **staff_context(request, report, "calendars:tracking", history)}
    return render(request, "monitoring/tracking_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tracking_edit(request, report_id: int):
    report = _get_tracking_for(request.user, report_id, access.EDIT)
    require_editable(report)
    data = request.POST if request.method == "POST" else None
    form, items = TrackingForm(data, instance=report), tracking_item_formset(report, data)
    return _edit_page(request, report, form, items, "monitoring/tracking_form.html", {"report": report})


@login_required
@require_POST
def tracking_transition(request, report_id: int, transition: str):
    report = _get_tracking_for(request.user, report_id, TRANSITION_ACTIONS[transition])
    return run_transition(request, report, transition)


@login_required
@require_http_methods(["GET", "POST"])
def memo_create(request):
    form = MemoForm(request.POST or None, user=request.user)
    return _create_page(request, form, "จัดทำบันทึกข้อความ", "calendars:memo_edit")


@login_required
@require_safe
def memo_staff(request, memo_id: int):
    memo = _get_memo_for(request.user, memo_id, access.READ)
    history = history_entries([
        (Memo, Q(id=memo.pk), lambda r: "บันทึกข้อความ"),
        (SignatureBlock, Q(memo_id=memo.pk), lambda r: f"ลายมือชื่อ {r.name}"),
    ])
    context = {**memo_context(memo), **staff_context(request, memo, "calendars:memo", history)}
    return render(request, "monitoring/memo_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request, memo_id: int):
    memo = _get_memo_for(request.user, memo_id, access.EDIT)
    require_editable(memo)
    form = MemoForm(request.POST or None, instance=memo)
    if request.method == "POST" and form.is_valid():
        try:
            save_header(form)
        except (EditConflictError, FrozenDocumentError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกแล้ว")
            return redirect("calendars:memo_edit", memo.pk)
    elif request.method == "POST":
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    return render(request, "monitoring/memo_form.html", {"form": form, "memo": memo})


@login_required
@require_POST
def memo_transition(request, memo_id: int, transition: str):
    memo = _get_memo_for(request.user, memo_id, TRANSITION_ACTIONS[transition])
    return run_transition(request, memo, transition)
