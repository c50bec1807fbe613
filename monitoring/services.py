"""Writes of quarterly reports that touch several rows at once, each one atomic function.

``start_quarterly_report`` starts a project's report of one quarter, empty or as a copy of
the previous quarter's report (the "เริ่มรายงานไตรมาสที่ N" and "คัดลอกจากไตรมาสก่อน"
buttons of the quarter tables: ``monitoring.views.report_start``).

``copy_calendar_to_next_year`` starts next fiscal year's monitoring calendar from this
year's (the button "คัดลอกเป็นปฏิทินปีงบประมาณ N" of the calendar's staff page:
``monitoring.calendar_views.calendar_copy_next_year``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ita_portal import thai
from ita_portal.documents import FISCAL_YEAR_MAX
from monitoring.calendar import CalendarItem, MonitoringCalendar
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Project


class NothingToCopy(Exception):
    """Raised by ``start_quarterly_report(copy_previous=True)`` when the quarter before has
    no report in the project (or the quarter is 1: its previous quarter belongs to the
    previous fiscal year's project). The message is Thai."""


def start_quarterly_report(*, project: Project, quarter: int, by, copy_previous: bool = False) -> tuple[QuarterlyReport, bool]:
    """Start ``project``'s quarterly report of ``quarter`` (1–4 of the project's fiscal year,
    ``thai.quarter_months``: quarter 1 is October–December of the year before the fiscal
    year, in Buddhist Era terms fiscal 2569 quarter 1 is ตุลาคม–ธันวาคม 2568) for user ``by``;
    return ``(report, created)``.

    Idempotent on the report's natural key (project, quarter): when the quarter already has a
    report (of any state or revision, or one created by a post racing this one) nothing is
    written and its latest revision is returned with ``created`` False.

    A new report is a draft written by ``by``: ``reporter`` ``by``, ``reporter_name`` their
    full name (else their username), ``reporter_position`` their position in the project's
    organization, ``digit_system`` the organization's default.

    With ``copy_previous`` the report is started from the latest revision of the previous
    quarter's report (``NothingToCopy`` when there is none) and marked
    ``copied_from_quarter``: it awaits review (``QuarterlyReport.awaits_copy_review``) and
    cannot be submitted until the reporter has saved it once. What is carried over, field by
    field:

    * copied, as a starting point the reporter edits: the digit system, ปัญหาและอุปสรรค and
      แนวทางการแก้ปัญหา, each PDCA step's วิธีการดำเนินงาน (methods), and each activity's
      ผลการดำเนินงาน text;
    * moved, not copied: each PDCA step's month (ระยะเวลา) becomes the month at the same
      place in the new quarter (the 2nd month of quarter 2, February, becomes the 2nd month
      of quarter 3, May): a step's month must lie in its report's quarter;
    * not copied, quarter-specific: each step's status (สภาพการดำเนินงาน, back to
      ยังไม่ดำเนินการ) and outcome (ผลการดำเนินงาน, back to ยังไม่ประเมิน); the report's
      status, submission, review, approval, signature, approved PDF, revision and dates;
      the reporter (the person starting the report is the reporter).

    One transaction; every row written is recorded in the audit history (django-simple-
    history) with ``by`` as its user and "คัดลอกจากรายงานไตรมาสที่ N" as the reason of a copy.
    Raises ``ValueError`` for a quarter outside 1–4.
    """
    if quarter not in thai.QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    existing = _latest(project, quarter)
    if existing is not None:
        return existing, False
    source = _latest(project, quarter - 1) if copy_previous and quarter > 1 else None
    if copy_previous and source is None:
        raise NothingToCopy(f"ไตรมาสที่ {quarter - 1} ยังไม่มีรายงานให้คัดลอก" if quarter > 1 else "ไตรมาสที่ 1 ไม่มีไตรมาสก่อนในปีงบประมาณเดียวกัน")
    membership = by.memberships.filter(organization=project.organization_id).first()
    report = QuarterlyReport(
        project=project,
        quarter=quarter,
        reporter=by,
        reporter_name=by.get_full_name() or by.get_username(),
        reporter_position=membership.position if membership else "",
        digit_system=project.organization.default_digit_system,
    )
    reason = ""
    if source is not None:
        reason = f"คัดลอกจากรายงานไตรมาสที่ {source.quarter}"
        report.copied_from_quarter = source.quarter
        report.digit_system = source.digit_system
        report.problems, report.solutions = source.problems, source.solutions
    try:
        with transaction.atomic():
            _audited(report, by, reason).save()
            if source is not None:
                _copy_rows(source, report, by, reason)
    except IntegrityError:
        existing = _latest(project, quarter)
        if existing is None:
            raise
        return existing, False
    return report, True


def _latest(project: Project, quarter: int) -> QuarterlyReport | None:
    return project.quarterly_reports.filter(quarter=quarter).order_by("-revision").first()


def _audited(row, by, reason: str):
    """``row`` with the audit history's user and reason set for its next save."""
    row._history_user = by
    if reason:
        row._change_reason = reason
    return row


def _copy_rows(source: QuarterlyReport, report: QuarterlyReport, by, reason: str) -> None:
    """The PDCA steps and activity results of ``source`` written under ``report`` (the rule
    is in ``start_quarterly_report``'s docstring)."""
    old_months = thai.quarter_months(source.fiscal_year, source.quarter)
    new_months = thai.quarter_months(report.fiscal_year, report.quarter)
    for step in source.pdca_steps.all():
        place = _month_place(step.month, old_months)
        _audited(PDCAStep(report=report, step=step.step, month=new_months[place], methods=step.methods), by, reason).save()
    for result in source.activity_results.all():
        if result.result.strip():
            _audited(ActivityResult(report=report, activity_id=result.activity_id, result=result.result), by, reason).save()


def _month_place(month, quarter_months) -> int:
    """0, 1 or 2: where ``month`` lies in a quarter's months (0 when outside it)."""
    for place, first_day in enumerate(quarter_months):
        if (month.year, month.month) == (first_day.year, first_day.month):
            return place
    return 0


class CannotCopyCalendar(Exception):
    """Raised when next year's calendar cannot be made: it exists already (``existing`` is
    that calendar) or the year is past the last fiscal year the portal accepts
    (``existing`` is ``None``). The message is Thai."""

    def __init__(self, message: str, existing: MonitoringCalendar | None = None):
        super().__init__(message)
        self.existing = existing


def copy_calendar_to_next_year(*, calendar: MonitoringCalendar, by) -> MonitoringCalendar:
    """Start the draft monitoring calendar of ``calendar``'s organization for the next
    fiscal year (BE ``calendar.fiscal_year + 1``) as a copy of ``calendar`` (any state or
    revision), on behalf of user ``by``; return the new calendar.

    An organization has one calendar a fiscal year: when next year has one (any state or
    revision) nothing is written and ``CannotCopyCalendar`` is raised with it as
    ``existing``; also when the year is past ``FISCAL_YEAR_MAX``.

    What is carried over, field by field:

    * copied as they are: the title and digit system; each item's position, รายการกิจกรรม
      (``text``), ผู้รับผิดชอบ (its responsible groups) and OIT item code;
    * moved forward one year: each item's date (CE ``date``, printed in the Buddhist Era:
      15 ม.ค. 2569 becomes 15 ม.ค. 2570; 29 February becomes 28 February), so it lies in
      the new fiscal year;
    * not copied: the workflow (a new draft: status, submission, review, approval,
      signature, approved PDF, revision 1), the items' remarks (notes of that year), the
      extra signature blocks and the source notes.

    One transaction; every row written is recorded in the audit history with ``by`` as its
    user and "คัดลอกจากปฏิทินปีงบประมาณ N" as the reason.
    """
    year = calendar.fiscal_year + 1
    if year > FISCAL_YEAR_MAX:
        raise CannotCopyCalendar(f"ปีงบประมาณ {year} เกินกว่าที่ระบบรับได้")
    reason = f"คัดลอกจากปฏิทินปีงบประมาณ {calendar.fiscal_year}"
    with transaction.atomic():
        # The organization's row is locked so that two copies posted at once make one calendar.
        type(calendar.organization)._base_manager.select_for_update().filter(pk=calendar.organization_id).first()
        existing = _calendar_of(calendar.organization_id, year)
        if existing is not None:
            raise CannotCopyCalendar(f"หน่วยงานนี้มีปฏิทินการกำกับ ติดตาม ปีงบประมาณ {year} แล้ว", existing)
        new = MonitoringCalendar(organization_id=calendar.organization_id, fiscal_year=year,
                                 title=calendar.title, digit_system=calendar.digit_system)
        _audited(new, by, reason).save()
        for item in calendar.items.prefetch_related("groups").order_by("position", "pk"):
            copy = CalendarItem(calendar=new, position=item.position, text=item.text, oit_item=item.oit_item,
                                date=thai.same_day_next_year(item.date))
            _audited(copy, by, reason).save()
            copy.groups.set(item.groups.all())
    return new


def _calendar_of(organization_id: int, year: int) -> MonitoringCalendar | None:
    """The latest revision of an organization's calendar of fiscal year ``year`` (BE)."""
    return MonitoringCalendar.objects.filter(organization_id=organization_id, fiscal_year=year).order_by("-revision").first()
