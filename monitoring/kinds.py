"""The document kinds of monitoring: the quarterly monitoring report (PDCA), the 6-month /
annual progress report of an action plan, the monitoring calendar, its monitoring report and
the memo (บันทึกข้อความ), registered with ``ita_portal.kinds`` from
``MonitoringConfig.ready()``.

The action plan is a kind of ``plans``, which knows nothing of progress reports; when
monitoring registers its kinds it adds to the plan's staff page the list of the plan's
progress reports and the form that starts one (``_with_progress_reports``).
"""

from __future__ import annotations

from calendar import monthrange

from django.utils import timezone

from ita_portal import thai
from ita_portal.documents import stated_figure_notes
from ita_portal.kinds import DocumentKind, Row, register
from monitoring.calendar import CalendarItem, Memo, MonitoringCalendar, MonitoringReport, MonitoringReportItem, SignatureBlock
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from monitoring.progress import ProgressLine, ProgressReport
from plans.kinds import ACTION_PLAN, PLAN_PREFETCH, plan_context, with_checklist
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator, risks_by_category


def report_context(report: QuarterlyReport) -> dict:
    """The template context of the quarterly report (shared by the page, the PDF and exports)."""
    return {
        "report": report,
        "ds": report.digit_system,
        "risk_groups": risks_by_category(report.project.risks.all()),
    }


def progress_queryset():
    """Progress reports with their lines, their plan's document and, for the status computed
    from quarterly reports, each activity's project with its reports and their PDCA steps
    (a fixed number of queries)."""
    return ProgressReport.objects.select_related("plan__organization").prefetch_related(
        "lines", *(f"plan__{p}" for p in PLAN_PREFETCH), "plan__activities__project__quarterly_reports__pdca_steps"
    )


def progress_context(report: ProgressReport) -> dict:
    """Context of the progress report: cover, part 1 (the plan) and part 2 (the rows, each
    with its line and its computed or typed status)."""
    rows = report.rows()
    return {
        **plan_context(report.plan),
        "report": report,
        "ds": report.digit_system,
        "rows": rows,
        "summary": report.summary(rows),
        "show_spent": any(r.line and r.line.spent is not None for r in rows),
    }


def _report_stated_figures(report: QuarterlyReport) -> list:
    """``source_figures``: the project's totals as its source stated them, where they
    disagree with the sums of its rows (``Project.discrepancies``)."""
    return stated_figure_notes(report.project.discrepancies(), report.digit_system)


def _progress_stated_figures(report: ProgressReport) -> list:
    """``source_figures``: the plan's stated activity budgets that disagree with the sums
    of their sub-activities (``ActionPlan.discrepancies``), which both documents print."""
    return stated_figure_notes(report.plan.discrepancies(), report.digit_system, "ผลรวมของกิจกรรมย่อย")


def _report_missing(report: QuarterlyReport) -> list[str]:
    """The quarterly report's gaps (``QuarterlyReport.missing``: the PDCA calendar of the
    quarter and the activities' results)."""
    return report.missing()


def _progress_missing(report: ProgressReport) -> list[str]:
    """A progress report reports on its plan's activities (part 2: one row per activity,
    seed 001), so its plan has at least one. The plan's own gaps are its own document's
    (``plans.kinds.plan_missing``): an approved plan is frozen, and its report must not be
    held up by it. Uses a prefetched ``plan.activities``."""
    if report.plan.activities.all():
        return []
    return [thai.apply_digits("ส่วนที่ ๒ ผลการดำเนินงาน: แผนปฏิบัติการของรายงานนี้ยังไม่มีกิจกรรม จึงไม่มีกิจกรรมให้รายงานผล", report.digit_system)]


def _items_missing(what: str, empty: str):
    """``check_submit`` of a document that is a list of items (the calendar: its
    activities by date; the monitoring report: what was followed up, seed 003): the list
    has at least one item. ``what``: the document's name, ``empty``: the gap in Thai."""

    def missing(document) -> list[str]:
        return [] if document.items.all() else [f"{what}: {empty}"]

    return missing


def _memo_missing(memo: Memo) -> list[str]:
    """A memo (บันทึกข้อความ, seed 003) is its subject (เรื่อง) and its text (ข้อความ)."""
    gaps = []
    if not memo.subject.strip():
        gaps.append("บันทึกข้อความ: ยังไม่ได้กรอกเรื่อง")
    if not memo.body.strip():
        gaps.append("บันทึกข้อความ: ยังไม่ได้กรอกข้อความ")
    return gaps


def _plan_must_be_approved(report: ProgressReport) -> None:
    """A progress report prints its plan (part 1), so it is approved only after the plan."""
    from ita_portal.transitions import TransitionError

    if not report.plan.is_approved:
        raise TransitionError("อนุมัติรายงานไม่ได้ เพราะแผนปฏิบัติการของรายงานนี้ยังไม่ได้รับอนุมัติ กรุณาอนุมัติแผนก่อน")


def _progress_reports_of_plan(user, plan) -> dict:
    """What the action plan's staff page shows of its progress reports: the list, and the
    form that starts one for members who edit (``templates/plans/_plan_sections.html``)."""
    from ita_portal import access
    from monitoring.progress_forms import ProgressCreateForm

    return {
        "reports": list(plan.progress_reports.all()),
        "progress_form": ProgressCreateForm(plan=plan),
        "can_create_report": access.can(user, plan.organization, access.EDIT),
    }


def _with_progress_reports(own):
    """The action plan's ``staff_extra``: its own (``own``, may be ``None``) and the progress
    reports'. Marked so that registering twice adds them once."""

    def staff_extra(user, plan) -> dict:
        return {**(own(user, plan) if own else {}), **_progress_reports_of_plan(user, plan)}

    staff_extra.adds_progress_reports = True
    return staff_extra


def calendar_queryset():
    """Calendars with their items, groups and signature blocks (a fixed number of queries)."""
    return MonitoringCalendar.objects.select_related("organization").prefetch_related("items__groups", "signatures")


def monitoring_report_queryset():
    """Monitoring reports with their items, groups and signature blocks."""
    return MonitoringReport.objects.select_related("calendar__organization").prefetch_related("items__groups", "signatures")


def memo_queryset():
    """Memos with their signature blocks and the documents they cover; the PDF prints the
    covered monitoring report's and calendar's items with their responsible groups."""
    return Memo.objects.select_related("organization", "monitoring_report__calendar", "calendar").prefetch_related(
        "signatures", "monitoring_report__items__groups", "calendar__items__groups"
    )


def calendar_context(calendar: MonitoringCalendar) -> dict:
    return {"calendar": calendar, "org": calendar.organization, "ds": calendar.digit_system, "items": calendar.numbered_items()}


def monitoring_report_context(report: MonitoringReport) -> dict:
    return {
        "report": report, "org": report.organization, "ds": report.digit_system,
        "items": report.numbered_items(),
    }


def memo_context(memo: Memo) -> dict:
    return {"memo": memo, "org": memo.organization, "ds": memo.digit_system}


def acknowledge_items(report: MonitoringReport, by, at=None, **_extra) -> None:
    """Approving a monitoring report signs the acknowledgement of every item not yet
    acknowledged: the organization's director (name and position from its record), on the
    day of the approval (``at``, an aware datetime, when ``publish`` dates a seed document;
    today otherwise)."""
    organization = report.organization
    for item in report.items.filter(acknowledged_by_name=""):
        item.acknowledged_by_name = organization.director_name or by.get_full_name() or by.username
        item.acknowledged_by_position = organization.director_title
        item.acknowledged_on = timezone.localdate(at) if at else timezone.localdate()
        item.save(update_fields=["acknowledged_by_name", "acknowledged_by_position", "acknowledged_on"])


def endorse_memo(memo: Memo, by, endorsement: str = "", **_extra) -> None:
    """Approving a memo records the director's order (ทราบ / อนุญาต …) typed on the approval
    form, dated today. Without one, an order the memo already holds (a seed memo's, from its
    source) stays with its own date, and a date the source left blank stays blank: the
    portal never prints the day of an approval as the day of a historical order."""
    if endorsement.strip():
        memo.endorsement = endorsement.strip()
        memo.endorsed_on = timezone.localdate()


def _calendar_staff_extra(user, calendar: MonitoringCalendar) -> dict:
    """The calendar's staff page also lists its monitoring reports and starts a new one, and
    offers supervisors to start next year's calendar from it
    (``templates/monitoring/_calendar_sections.html``)."""
    from ita_portal import access

    can_edit = access.can(user, calendar.organization, access.EDIT)
    return {
        "monitoring_reports": list(calendar.monitoring_reports.all()),
        "can_create_monitoring_report": can_edit,
        "can_copy_calendar": can_edit,
        "next_fiscal_year": calendar.fiscal_year + 1,
    }


def _monitoring_report_page_extra(user, report: MonitoringReport) -> dict:
    """The director may acknowledge the items on the monitoring report's page until approval."""
    from ita_portal import access

    return {"can_acknowledge": access.can(user, report.organization, access.REVIEW) and not report.is_approved}


def _memos_of_year(queryset, fiscal_year: int):
    """Memos dated within ``fiscal_year`` (BE): a memo has a date, not a fiscal year."""
    from ita_portal import thai

    return queryset.filter(date__range=(thai.fiscal_year_start(fiscal_year), thai.fiscal_year_end(fiscal_year)))


def _quarter_dated(report: QuarterlyReport):
    """A quarterly report prints no date: the last day of its quarter (CE)."""
    first = thai.quarter_months(report.project.fiscal_year, report.quarter)[-1]
    return first.replace(day=monthrange(first.year, first.month)[1]), f"วันสิ้นไตรมาสที่ {report.quarter}"


def _progress_dated(report: ProgressReport):
    """A progress report prints no date: the last day of the period it reports on."""
    return report.end_date(), "วันสิ้นสุดรอบที่รายงาน"


def _covered_dated(document):
    """A calendar or monitoring report prints no date; the memo that presents it does
    (seed 003: "วันที่ ๑๕ มิถุนายน ๒๕๖๑"): the latest such memo's date, else the end of
    the fiscal year."""
    memo = max(document.memos.all(), key=lambda m: m.date, default=None)
    if memo is not None:
        return memo.date, "วันที่ของบันทึกข้อความที่เสนอเอกสารนี้"
    fiscal_year = document.fiscal_year
    return thai.fiscal_year_end(fiscal_year), f"วันสิ้นปีงบประมาณ พ.ศ. {fiscal_year}"


PROGRESS_REPORT = DocumentKind(
    slug="progress-report",
    urls={"page": "action_plans:progress", "pdf": "action_plans:progress_pdf", "staff": "action_plans:progress_staff"},
    model=ProgressReport,
    label="รายงานการกำกับติดตามแผนปฏิบัติการ",
    section="รายงานรอบ 6 เดือน/ประจำปี",
    search_fields=("plan__project_name",),
    queryset=progress_queryset,
    organization_path="plan__organization",
    fiscal_year_path="plan__fiscal_year",
    context=progress_context,
    body_template="plans/_progress_document.html",
    notes_template="plans/_staff_notes.html",
    page_links_template="plans/_progress_links.html",
    staff_sections_template="plans/_progress_sections.html",
    stylesheet="css/action_plan.css",
    wide=True,
    edit_url_name="action_plans:progress_edit",
    history_label="รายงาน",
    dated=_progress_dated,
    rows=(Row(ProgressLine, "report", lambda r: "ผลการดำเนินงานรายกิจกรรม"),),
    check_submit=_progress_missing,
    source_figures=_progress_stated_figures,
    totals_check=ProgressReport.totals_disagreements,
    check_approve=_plan_must_be_approved,
    staff_extra=with_checklist(),
)

QUARTERLY_REPORT = DocumentKind(
    slug="quarterly-report",
    urls={"page": "monitoring:report", "pdf": "monitoring:report_pdf", "signature": "monitoring:report_signature", "staff": "staff:report"},
    model=QuarterlyReport,
    label="รายงานผลกำกับติดตามรายไตรมาส",
    section="โครงการและรายงานรายไตรมาส",
    search_fields=("project__name",),
    queryset=lambda: QuarterlyReport.objects.with_document(),
    organization_path="project__organization",
    fiscal_year_path="project__fiscal_year",
    context=report_context,
    body_template="monitoring/_report_document.html",
    staff_sections_template="monitoring/_report_sections.html",
    source_figures=_report_stated_figures,
    edit_url_name="staff:report_edit",
    history_label="รายงาน",
    dated=_quarter_dated,
    rows=(
        Row(PDCAStep, "report", lambda r: f"ขั้นตอน {r.step}"),
        Row(ActivityResult, "report", lambda r: "ผลการดำเนินงานของกิจกรรม"),
        Row(Project, "quarterly_reports", lambda r: "โครงการ", copy=False),
        Row(Activity, "project__quarterly_reports", lambda r: f"กิจกรรมที่ {r.number}", copy=False),
        Row(BudgetLineItem, "project__quarterly_reports", lambda r: f"รายการงบประมาณ {r.number}", copy=False),
        Row(Risk, "project__quarterly_reports", lambda r: "ปัจจัยความเสี่ยง", copy=False),
        Row(SuccessIndicator, "project__quarterly_reports", lambda r: "ตัวชี้วัดความสำเร็จ", copy=False),
    ),
    check_submit=_report_missing,
    totals_check=QuarterlyReport.totals_disagreements,
    staff_extra=with_checklist(),
)

CALENDAR = DocumentKind(
    slug="calendar",
    urls={"page": "calendars:calendar", "pdf": "calendars:calendar_pdf", "staff": "calendars:calendar_staff"},
    model=MonitoringCalendar,
    label="ปฏิทินการกำกับติดตาม",
    section="ปฏิทินและบันทึกข้อความ",
    search_fields=("title",),
    queryset=calendar_queryset,
    organization_path="organization",
    fiscal_year_path="fiscal_year",
    context=calendar_context,
    body_template="monitoring/_calendar_document.html",
    pdf_appendix_template="monitoring/_covered_document.html",
    notes_template="monitoring/_calendar_notes.html",
    staff_sections_template="monitoring/_calendar_sections.html",
    stylesheet="css/action_plan.css",
    edit_url_name="calendars:calendar_edit",
    staff_extra=with_checklist(_calendar_staff_extra),
    check_submit=_items_missing("ปฏิทินการกำกับติดตาม", "ยังไม่มีรายการกิจกรรม"),
    history_label="ปฏิทิน",
    dated=_covered_dated,
    rows=(
        Row(CalendarItem, "calendar", lambda r: f"กิจกรรม {r.text[:40]}"),
        Row(SignatureBlock, "calendar", lambda r: f"ลายมือชื่อ {r.name}"),
    ),
)

MONITORING_REPORT = DocumentKind(
    slug="monitoring-report",
    urls={"page": "calendars:monitoring_report", "pdf": "calendars:monitoring_report_pdf", "staff": "calendars:monitoring_report_staff"},
    model=MonitoringReport,
    label="รายงานผลการกำกับติดตาม",
    section="ปฏิทินและบันทึกข้อความ",
    search_fields=("title",),
    queryset=monitoring_report_queryset,
    organization_path="calendar__organization",
    fiscal_year_path="calendar__fiscal_year",
    context=monitoring_report_context,
    body_template="monitoring/_monitoring_report_document.html",
    pdf_appendix_template="monitoring/_covered_document.html",
    notes_template="monitoring/_calendar_notes.html",
    staff_sections_template="monitoring/_monitoring_report_sections.html",
    stylesheet="css/action_plan.css",
    wide=True,
    edit_url_name="calendars:monitoring_report_edit",
    page_extra=_monitoring_report_page_extra,
    history_label="รายงาน",
    dated=_covered_dated,
    rows=(
        Row(MonitoringReportItem, "report", lambda r: f"รายการ {r.text[:40]}"),
        Row(SignatureBlock, "monitoring_report", lambda r: f"ลายมือชื่อ {r.name}"),
    ),
    on_approve=acknowledge_items,
    check_submit=_items_missing("รายงานผลการกำกับติดตาม", "ยังไม่มีรายการที่ติดตาม"),
    staff_extra=with_checklist(),
)

MEMO = DocumentKind(
    slug="memo",
    urls={"page": "calendars:memo", "pdf": "calendars:memo_pdf", "staff": "calendars:memo_staff"},
    model=Memo,
    label="บันทึกข้อความ",
    section="ปฏิทินและบันทึกข้อความ",
    search_fields=("subject",),
    queryset=memo_queryset,
    organization_path="organization",
    fiscal_year_path="date",
    fiscal_year_filter=_memos_of_year,
    context=memo_context,
    body_template="monitoring/_memo_document.html",
    pdf_appendix_template="monitoring/_covered_document.html",
    notes_template="monitoring/_calendar_notes.html",
    stylesheet="css/action_plan.css",
    edit_url_name="calendars:memo_edit",
    history_label="บันทึกข้อความ",
    dated=lambda memo: (memo.date, ""),
    rows=(Row(SignatureBlock, "memo", lambda r: f"ลายมือชื่อ {r.name}"),),
    on_approve=endorse_memo,
    approve_fields=("endorsement", "endorsed_on"),
    revision_fields_reset=("endorsement", "endorsed_on"),  # the director orders the revision anew
    check_submit=_memo_missing,
    staff_extra=with_checklist(),
)


def register_kinds() -> None:
    """Register the kinds of this app (called from ``MonitoringConfig.ready()``)."""
    for kind in (QUARTERLY_REPORT, PROGRESS_REPORT, CALENDAR, MONITORING_REPORT, MEMO):
        register(kind)
    if not getattr(ACTION_PLAN.staff_extra, "adds_progress_reports", False):
        ACTION_PLAN.staff_extra = _with_progress_reports(ACTION_PLAN.staff_extra)
