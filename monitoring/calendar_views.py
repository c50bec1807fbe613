"""Pages of monitoring calendars, tracking reports and memos: HTML documents and PDFs,
and the director's acknowledgement of a tracking report's items.

The documents are published (OIT evidence) and readable by anyone, like ``/reports/<id>/``.
The acknowledgement is a staff action: the report is fetched through
``_get_tracking_for`` which calls ``ita_portal.access.check`` (REVIEW: directors).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ita_portal import access
from ita_portal.pdf import render_pdf
from monitoring.calendar import Memo, MonitoringCalendar, TrackingReport


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


def _pdf(template: str, context: dict, stem: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response


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
    return render(request, "monitoring/calendar_page.html", calendar_context(_get_calendar(calendar_id)))


@require_safe
def calendar_pdf(request, calendar_id: int):
    calendar = _get_calendar(calendar_id)
    return _pdf("monitoring/calendar_pdf.html", calendar_context(calendar), calendar.file_stem())


@require_safe
def tracking(request, report_id: int):
    report = _get_tracking(report_id)
    context = tracking_context(report)
    context["can_acknowledge"] = access.can(request.user, report.organization, access.REVIEW)
    return render(request, "monitoring/tracking_page.html", context)


@require_safe
def tracking_pdf(request, report_id: int):
    report = _get_tracking(report_id)
    return _pdf("monitoring/tracking_pdf.html", tracking_context(report), report.file_stem())


@login_required
@require_POST
def tracking_acknowledge(request, report_id: int):
    """The director acknowledges every item not yet acknowledged: name and position come
    from the organization's record, the date is today."""
    report = _get_tracking_for(request.user, report_id, access.REVIEW)
    org = report.organization
    pending = [i for i in report.items.all() if not i.acknowledged]
    for item in pending:
        item.acknowledged_by_name = org.director_name or request.user.get_full_name()
        item.acknowledged_by_position = org.director_title
        item.acknowledged_on = timezone.localdate()
        item.save(update_fields=["acknowledged_by_name", "acknowledged_by_position", "acknowledged_on"])
    messages.success(request, f"ลงนามรับทราบแล้ว {len(pending)} รายการ")
    return redirect(report.get_absolute_url())


@require_safe
def memo(request, memo_id: int):
    return render(request, "monitoring/memo_page.html", memo_context(_get_memo(memo_id)))


@require_safe
def memo_pdf(request, memo_id: int):
    memo = _get_memo(memo_id)
    return _pdf("monitoring/memo_pdf.html", memo_context(memo), memo.file_stem())
