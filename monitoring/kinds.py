"""The document kinds of monitoring: the quarterly monitoring report (PDCA), the monitoring
calendar, its tracking report and the memo (บันทึกข้อความ), registered with
``ita_portal.kinds`` from ``MonitoringConfig.ready()``.
"""

from __future__ import annotations

from django.utils import timezone

from ita_portal.kinds import DocumentKind, Row, register
from monitoring.calendar import CalendarItem, Memo, MonitoringCalendar, SignatureBlock, TrackingItem, TrackingReport
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator, risks_by_category


def report_context(report: QuarterlyReport) -> dict:
    """The template context of the quarterly report (shared by the page, the PDF and exports)."""
    return {
        "report": report,
        "ds": report.digit_system,
        "risk_groups": risks_by_category(report.project.risks.all()),
    }


def calendar_queryset():
    """Calendars with their items, groups and signature blocks (a fixed number of queries)."""
    return MonitoringCalendar.objects.select_related("organization").prefetch_related("items__groups", "signatures")


def tracking_queryset():
    """Tracking reports with their items, groups and signature blocks."""
    return TrackingReport.objects.select_related("calendar__organization").prefetch_related("items__groups", "signatures")


def memo_queryset():
    """Memos with their attachments' headers and signature blocks."""
    return Memo.objects.select_related("organization", "tracking_report__calendar", "calendar").prefetch_related("signatures")


def calendar_context(calendar: MonitoringCalendar) -> dict:
    return {"calendar": calendar, "org": calendar.organization, "ds": calendar.digit_system, "items": calendar.numbered_items()}


def tracking_context(report: TrackingReport) -> dict:
    return {
        "report": report, "org": report.organization, "ds": report.digit_system,
        "items": report.numbered_items(), "statuses": TrackingReport.Status.choices,
    }


def memo_context(memo: Memo) -> dict:
    return {"memo": memo, "org": memo.organization, "ds": memo.digit_system}


def acknowledge_items(report: TrackingReport, by, **_extra) -> None:
    """Approving a tracking report signs the acknowledgement of every item not yet
    acknowledged: the organization's director (name and position from its record), today."""
    organization = report.organization
    for item in report.items.filter(acknowledged_by_name=""):
        item.acknowledged_by_name = organization.director_name or by.get_full_name() or by.username
        item.acknowledged_by_position = organization.director_title
        item.acknowledged_on = timezone.localdate()
        item.save(update_fields=["acknowledged_by_name", "acknowledged_by_position", "acknowledged_on"])


def endorse_memo(memo: Memo, by, endorsement: str = "", **_extra) -> None:
    """Approving a memo may record the director's order (ทราบ / อนุญาต …) when the memo has
    none yet, dated today."""
    if endorsement.strip() and not memo.endorsement:
        memo.endorsement = endorsement.strip()
    if memo.endorsement and not memo.endorsed_on:
        memo.endorsed_on = timezone.localdate()


def _calendar_staff_extra(user, calendar: MonitoringCalendar) -> dict:
    """The calendar's staff page also lists its tracking reports and starts a new one."""
    from ita_portal import access

    return {
        "tracking_reports": list(calendar.tracking_reports.all()),
        "can_create_tracking": access.can(user, calendar.organization, access.EDIT),
    }


def _tracking_page_extra(user, report: TrackingReport) -> dict:
    """The director may acknowledge the items on the tracking report's page until approval."""
    from ita_portal import access

    return {"can_acknowledge": access.can(user, report.organization, access.REVIEW) and not report.is_approved}


def _memos_of_year(queryset, fiscal_year: int):
    """Memos dated within ``fiscal_year`` (BE): a memo has a date, not a fiscal year."""
    from ita_portal import thai

    return queryset.filter(date__range=(thai.fiscal_year_start(fiscal_year), thai.fiscal_year_end(fiscal_year)))


QUARTERLY_REPORT = DocumentKind(
    slug="quarterly-report",
    model=QuarterlyReport,
    label="รายงานผลกำกับติดตามรายไตรมาส",
    queryset=lambda: QuarterlyReport.objects.with_document(),
    organization_path="project__organization",
    fiscal_year_path="project__fiscal_year",
    context=report_context,
    pdf_template="monitoring/report_pdf.html",
    body_template="monitoring/_report_document.html",
    notes_template="monitoring/_report_notes.html",
    edit_url_name="staff:report_edit",
    history_label="รายงาน",
    rows=(
        Row(PDCAStep, "report", lambda r: f"ขั้นตอน {r.step}"),
        Row(ActivityResult, "report", lambda r: "ผลการดำเนินงานของกิจกรรม"),
        Row(Project, "quarterly_reports", lambda r: "โครงการ", copy=False),
        Row(Activity, "project__quarterly_reports", lambda r: f"กิจกรรมที่ {r.number}", copy=False),
        Row(BudgetLineItem, "project__quarterly_reports", lambda r: f"รายการงบประมาณ {r.number}", copy=False),
        Row(Risk, "project__quarterly_reports", lambda r: "ปัจจัยความเสี่ยง", copy=False),
        Row(SuccessIndicator, "project__quarterly_reports", lambda r: "ตัวชี้วัดความสำเร็จ", copy=False),
    ),
)

CALENDAR = DocumentKind(
    slug="calendar",
    model=MonitoringCalendar,
    label="ปฏิทินการกำกับติดตาม",
    queryset=calendar_queryset,
    organization_path="organization",
    fiscal_year_path="fiscal_year",
    context=calendar_context,
    pdf_template="monitoring/calendar_pdf.html",
    body_template="monitoring/_calendar_document.html",
    notes_template="monitoring/_calendar_notes.html",
    staff_sections_template="monitoring/_calendar_sections.html",
    stylesheet="css/action_plan.css",
    edit_url_name="calendars:calendar_edit",
    staff_extra=_calendar_staff_extra,
    history_label="ปฏิทิน",
    rows=(
        Row(CalendarItem, "calendar", lambda r: f"กิจกรรม {r.text[:40]}"),
        Row(SignatureBlock, "calendar", lambda r: f"ลายมือชื่อ {r.name}"),
    ),
)

TRACKING_REPORT = DocumentKind(
    slug="tracking-report",
    model=TrackingReport,
    label="รายงานผลการกำกับติดตาม",
    queryset=tracking_queryset,
    organization_path="calendar__organization",
    fiscal_year_path="calendar__fiscal_year",
    context=tracking_context,
    pdf_template="monitoring/tracking_pdf.html",
    body_template="monitoring/_tracking_document.html",
    notes_template="monitoring/_calendar_notes.html",
    staff_sections_template="monitoring/_tracking_sections.html",
    stylesheet="css/action_plan.css",
    wide=True,
    edit_url_name="calendars:tracking_edit",
    page_extra=_tracking_page_extra,
    history_label="รายงาน",
    rows=(
        Row(TrackingItem, "report", lambda r: f"รายการ {r.text[:40]}"),
        Row(SignatureBlock, "tracking_report", lambda r: f"ลายมือชื่อ {r.name}"),
    ),
    on_approve=acknowledge_items,
)

MEMO = DocumentKind(
    slug="memo",
    model=Memo,
    label="บันทึกข้อความ",
    queryset=memo_queryset,
    organization_path="organization",
    fiscal_year_path="date",
    fiscal_year_filter=_memos_of_year,
    context=memo_context,
    pdf_template="monitoring/memo_pdf.html",
    body_template="monitoring/_memo_document.html",
    notes_template="monitoring/_calendar_notes.html",
    stylesheet="css/action_plan.css",
    edit_url_name="calendars:memo_edit",
    history_label="บันทึกข้อความ",
    rows=(Row(SignatureBlock, "memo", lambda r: f"ลายมือชื่อ {r.name}"),),
    on_approve=endorse_memo,
    approve_fields=("endorsement", "endorsed_on"),
)


def register_kinds() -> None:
    """Register the kinds of this app (called from ``MonitoringConfig.ready()``)."""
    for kind in (QUARTERLY_REPORT, CALENDAR, TRACKING_REPORT, MEMO):
        register(kind)
