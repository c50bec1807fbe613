"""Pages of monitoring calendars, monitoring reports and memos: HTML documents and PDFs,
the director's acknowledgement of a monitoring report's items, and the staff pages (create,
edit with items in place, submit / approve / return, audit history).

An approved document is published (OIT evidence) and readable by anyone, like
``/reports/<id>/``; any other state only by members of its organization (404 for others).
Staff views fetch every object through a helper that calls ``ita_portal.access.check``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ita_portal import access
from ita_portal.document_views import save_edit_page
from ita_portal.once import once
from ita_portal.workflow import FrozenDocumentError
from monitoring.calendar import MonitoringReport, MonitoringReportItem, ResponsibleGroup
from monitoring.calendar_forms import (
    CalendarCreateForm,
    CalendarForm,
    MemoForm,
    MonitoringReportForm,
    calendar_item_formset,
    monitoring_report_item_formset,
)
from monitoring.kinds import CALENDAR, MEMO, MONITORING_REPORT
from monitoring.services import CannotCopyCalendar, copy_calendar_to_next_year


@login_required
@require_POST
def monitoring_report_acknowledge(request, report_id: int):
    """The director acknowledges every item not yet acknowledged: name and position come
    from the organization's record, the date is today."""
    report = access.get_document(request.user, MONITORING_REPORT, report_id)
    access.check(request.user, report.organization, access.REVIEW)
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


# --- staff ------------------------------------------------------------------------------


def _add_groups(organization, names: list[str]) -> None:
    for name in names:
        ResponsibleGroup.objects.get_or_create(organization=organization, name=name)


@transaction.atomic
def _save_with_items(form, items, organization) -> None:
    """Save a header form and its item formset; positions follow the rows' order."""
    document = form.save(commit=False)
    document.save_edit(form.cleaned_data["version"])
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
    saved = save_edit_page(request, [form, items], lambda: _save_with_items(form, items, document.organization),
                           saved="บันทึกแล้ว", then=request.path, document=document)
    return saved or render(request, template, {"form": form, "items": items, **extra})


def _create_page(request, form, heading: str, created):
    if request.method == "POST" and form.is_valid():
        access.check(request.user, form.cleaned_data["organization"], access.EDIT)
        document = form.save()
        messages.success(request, "สร้างเอกสารแล้ว กรอกรายละเอียดต่อได้เลย")
        return redirect(created, document.pk)
    return render(request, "plans/plan_create.html", {"form": form, "heading": heading})


@login_required
@require_http_methods(["GET", "POST"])
@once
def calendar_create(request):
    form = CalendarCreateForm(request.POST or None, user=request.user)
    return _create_page(request, form, "จัดทำปฏิทินการกำกับ ติดตาม", "calendars:calendar_edit")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request, calendar_id: int):
    """Edit a draft or returned calendar: title, new groups and the dated items in place."""
    calendar = access.get_document(request.user, CALENDAR, calendar_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form, items = CalendarForm(data, instance=calendar), calendar_item_formset(calendar, data)
    return _edit_page(request, calendar, form, items, "monitoring/calendar_form.html", {"calendar": calendar})


@login_required
@require_POST
@once
def calendar_copy_next_year(request, calendar_id: int):
    """The calendar staff page's button "คัดลอกเป็นปฏิทินปีงบประมาณ N": start next fiscal
    year's draft calendar as a copy of this one (``monitoring.services.copy_calendar_to_next_year``:
    items with dates one year later) and open it for editing. Supervisors of the calendar's
    organization only (404 for outsiders, 403 for other members); when next year's calendar
    exists nothing is written and this page says so with a link to it."""
    calendar = access.get_document(request.user, CALENDAR, calendar_id)
    access.check(request.user, calendar.organization, access.EDIT)
    try:
        new = copy_calendar_to_next_year(calendar=calendar, by=request.user)
    except CannotCopyCalendar as refusal:
        if refusal.existing is not None:
            messages.error(request, format_html('{} ไม่ได้คัดลอกซ้ำ <a href="{}">เปิดปฏิทินปีงบประมาณ {}</a>',
                                                str(refusal), refusal.existing.get_staff_url(), refusal.existing.fiscal_year))
        else:
            messages.error(request, str(refusal))
        return redirect(calendar.get_staff_url())
    messages.success(request, f"สร้างปฏิทินปีงบประมาณ {new.fiscal_year} จากปฏิทินปีงบประมาณ {calendar.fiscal_year} แล้ว "
                              "วันที่เลื่อนไปหนึ่งปี ตรวจทานรายการและวันที่ แล้วกดบันทึก")
    return redirect("calendars:calendar_edit", new.pk)


@login_required
@require_POST
@once
def monitoring_report_create(request, calendar_id: int):
    """Start the monitoring report of a calendar (supervisors): one row per calendar item,
    with its text and groups, status "กำลังดำเนินการ", titled ``MonitoringReport.NEW_TITLE``.

    One report per calendar and title (``MonitoringReport.Meta.constraints``): while a report
    started here still has the new report's title, a second "new" opens it with a Thai note
    (rename it to start another). The button's one-time token (``ita_portal.once``) makes a
    double click create one row."""
    calendar = access.get_document(request.user, CALENDAR, calendar_id)
    access.check(request.user, calendar.organization, access.EDIT)
    try:
        report = _start_monitoring_report(calendar)
    except IntegrityError:
        existing = MonitoringReport.objects.filter(calendar=calendar, title=MonitoringReport.NEW_TITLE, revision=1).first()
        if existing is None:
            raise
        messages.info(request, f"ปฏิทินนี้มีรายงานผล “{existing.title}” ที่ยังไม่ได้เปลี่ยนชื่ออยู่แล้ว ระบบจึงเปิดรายงานนั้น"
                               " (เปลี่ยนชื่อรายงานนั้นก่อน หากต้องการจัดทำรายงานผลอีกฉบับ)")
        return redirect("calendars:monitoring_report_edit", existing.pk) if existing.is_editable else redirect(existing.get_staff_url())
    messages.success(request, "สร้างรายงานผลแล้ว กรอกผลการดำเนินงานต่อได้เลย")
    return redirect("calendars:monitoring_report_edit", report.pk)


@transaction.atomic
def _start_monitoring_report(calendar) -> MonitoringReport:
    report = MonitoringReport.objects.create(calendar=calendar, title=MonitoringReport.NEW_TITLE, digit_system=calendar.digit_system)
    for item in calendar.numbered_items():
        row = MonitoringReportItem.objects.create(report=report, position=item.number, calendar_item=item, text=item.text)
        row.groups.set(item.groups.all())
    return report


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_report_edit(request, report_id: int):
    report = access.get_document(request.user, MONITORING_REPORT, report_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form, items = MonitoringReportForm(data, instance=report), monitoring_report_item_formset(report, data)
    return _edit_page(request, report, form, items, "monitoring/monitoring_report_form.html", {"report": report})


@login_required
@require_http_methods(["GET", "POST"])
@once
def memo_create(request):
    form = MemoForm(request.POST or None, user=request.user)
    return _create_page(request, form, "จัดทำบันทึกข้อความ", "calendars:memo_edit")


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request, memo_id: int):
    memo = access.get_document(request.user, MEMO, memo_id, access.EDIT)
    form = MemoForm(request.POST or None, instance=memo)
    saved = save_edit_page(request, [form], lambda: form.save(commit=False).save_edit(form.cleaned_data["version"]),
                           saved="บันทึกแล้ว", then=request.path, document=memo)
    return saved or render(request, "monitoring/memo_form.html", {"form": form, "memo": memo})
