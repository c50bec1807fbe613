"""Progress reports of an action plan (รายงานการกำกับติดตาม รอบ 6 เดือน / รอบ 12 เดือน): what
is reported on a plan of ``plans.action_plans``.

Shapes and units
----------------
* ``ProgressReport``: ``period`` "half" (รอบ 6 เดือน = October–March of the fiscal year,
  quarters 1–2) or "full" (the whole fiscal year, October–September, quarters 1–4). One
  report per plan, period and revision. Fiscal years are Buddhist Era.
* ``ProgressLine``: the report's entry for one activity of the plan. The budget shown is the
  activity's computed budget (baht), never retyped; ``spent`` is baht, optional, typed.
* The status of an activity (done / in progress / not done) is computed from quarterly
  reports where they exist, typed otherwise (``activity_progress``):

  - an activity linked to a project (``PlanActivity.project``) takes its status from that
    project's quarterly reports (``monitoring.models.QuarterlyReport``) of the period's
    quarters. Only approved reports count, and of a quarter only its latest approved
    revision; once the progress report itself is approved, only quarterly reports approved
    no later than it (so its page keeps saying what its signed PDF says). The status is read
    from the latest quarter so counted: all four PDCA steps recorded and done → done; no
    recorded step started → not done; otherwise in progress (``QuarterlyReport.pdca_state``).
    A project of another organization or fiscal year than the plan's is not counted.
  - the quarterly report records the PDCA steps and each project activity's result as text,
    but no money spent, so ``spent`` is typed for every activity.
  - when no quarterly report counts (none yet, none approved, or the latest counted one
    has no PDCA step) the typed status is used, and ``QuarterlyProgress.notes`` says why;
    every quarter of the period left out is named there too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.documents import TotalsDisagreement, check_totals, related_or_none
from ita_portal.fields import ProgressStatus, money_field
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, WorkflowDocument
from plans.action_plans import ActionPlan, PlanActivity
from plans.models import Project

if TYPE_CHECKING:  # monitoring.models lists this module's models, so no import at run time
    from monitoring.models import QuarterlyReport

__all__ = ["ProgressReport", "ProgressLine", "ReportSummary", "QuarterlyProgress", "ActivityProgress", "activity_progress"]


class ProgressReport(WorkflowDocument):
    """A progress report of an action plan: รอบ 6 เดือน (October–March) or the full year.

    Its rows are the plan's activities in tree order with this report's ``ProgressLine`` and
    their status (``rows()``); totals (planned, spent, share of activities done) are computed
    by ``summary()``. The database tables keep the names they had when this model lived in
    the ``plans`` app.
    """

    class Period(models.TextChoices):
        HALF = "half", "รอบ 6 เดือน"
        FULL = "full", "รอบ 12 เดือน"

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="progress_reports", verbose_name="แผน")
    period = models.CharField("รอบการรายงาน", max_length=10, choices=Period.choices, default=Period.HALF)
    digit_system = models.CharField(
        "ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.THAI
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    history = HistoricalRecords(table_name="plans_historicalprogressreport")

    class Meta:
        db_table = "plans_progressreport"
        verbose_name = "รายงานการกำกับติดตามแผนปฏิบัติการ"
        verbose_name_plural = "รายงานการกำกับติดตามแผนปฏิบัติการ"
        ordering = ["plan", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "revision"], name="one_progress_report_per_period",
                violation_error_message="แผนนี้มีรายงานของรอบนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"รายงานการกำกับติดตาม{self.get_period_display()} {self.plan}"

    @property
    def parent_document(self):
        """The action plan this report follows (breadcrumbs lead to it)."""
        return self.plan

    @property
    def fiscal_year(self) -> int:
        return self.plan.fiscal_year

    @property
    def organization(self) -> Organization:
        return self.plan.organization

    def months(self) -> tuple[int, ...]:
        """Calendar months the report covers, in fiscal order: October–March for รอบ 6 เดือน."""
        return thai.HALF_YEAR_MONTHS if self.period == self.Period.HALF else thai.FISCAL_MONTH_ORDER

    def quarters(self) -> tuple[int, ...]:
        """Fiscal quarters the report covers: 1–2 for รอบ 6 เดือน, 1–4 for the year."""
        return thai.QUARTERS[:2] if self.period == self.Period.HALF else thai.QUARTERS

    def start_date(self) -> datetime.date:
        """1 October before the fiscal year's end (CE date)."""
        return thai.fiscal_month(self.fiscal_year, self.months()[0])

    def end_date(self) -> datetime.date:
        """Last day of the covered period: 31 March for รอบ 6 เดือน, 30 September for the year."""
        last = thai.fiscal_month(self.fiscal_year, self.months()[-1])
        following = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)

    def rows(self) -> list[PlanActivity]:
        """Every activity of the plan in tree order, each with ``line`` (this report's
        ``ProgressLine`` or ``None``) and ``progress`` (its ``ActivityProgress``).

        Uses prefetched ``lines`` and ``plan.activities`` (with their project's quarterly
        reports and PDCA steps) when present.
        """
        lines = {line.activity_id: line for line in self.lines.all()}
        tree = self.plan.activity_tree()
        for node in tree:
            node.line = lines.get(node.pk)
            if node.line is not None:
                node.line.activity = node  # its title falls back to the activity's: no query
            node.progress = activity_progress(node, node.line, self)
        return tree

    def totals_disagreements(self, rows: list[PlanActivity] | None = None) -> list[TotalsDisagreement]:
        """The plan's total (part 1: the activities it lists) against the report's budget
        total (part 2: every activity reported on, those added during the year included),
        in baht; ``rows`` as ``rows()``."""
        rows = self.rows() if rows is None else rows
        return check_totals(
            "งบประมาณตามแผน (ส่วนที่ 1)", self.plan.budget_total(listed_only=True),
            "งบประมาณรวมทุกกิจกรรมที่รายงาน (ส่วนที่ 2 รวมกิจกรรมที่เพิ่มระหว่างปี)", self.summary(rows).planned,
        )

    def summary(self, rows: list[PlanActivity] | None = None) -> ReportSummary:
        """Totals of the report (see ``ReportSummary``), from ``rows()`` when not given."""
        rows = self.rows() if rows is None else rows
        leaves = [r for r in rows if r.is_leaf]
        spent = [r.line.spent for r in leaves if r.line and r.line.spent is not None]
        done = sum(1 for r in leaves if r.progress.status == ProgressStatus.DONE)
        return ReportSummary(
            planned=ActionPlan.total_of(rows),
            spent=sum(spent, Decimal("0")) if spent else None,
            activities=len(leaves),
            done=done,
        )


@dataclass(frozen=True)
class ReportSummary:
    """Totals of a progress report: ``planned`` and ``spent`` in baht (``spent`` is ``None``
    when no line states it), ``activities`` = number of leaf activities, ``done`` = how many
    of them are done (computed or typed status)."""

    planned: Decimal
    spent: Decimal | None
    activities: int
    done: int

    @property
    def done_percent(self) -> Decimal:
        """Share of leaf activities done, in percent (0–100), rounded to 2 decimals (0 when none)."""
        if not self.activities:
            return Decimal("0")
        return (Decimal(self.done) * 100 / self.activities).quantize(Decimal("0.01"))

    @property
    def spent_percent(self) -> Decimal | None:
        """Spent as a percent (0–100 and above) of planned, 2 decimals; ``None`` without both."""
        if self.spent is None or not self.planned:
            return None
        return (self.spent * 100 / self.planned).quantize(Decimal("0.01"))


class ProgressLine(FrozenGuardMixin, models.Model):
    """What a progress report says about one activity. The budget shown is the activity's
    computed budget; ``spent`` is baht; ``status`` is the typed status (blank for heading
    rows, and for an activity whose status is computed from quarterly reports)."""

    # The progress report's own words for the progress scale.
    STATUS_CHOICES = ProgressStatus.worded(not_started="ไม่ได้ดำเนินการ")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines", verbose_name="รายงาน")
    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="progress_lines", verbose_name="กิจกรรม")
    reported_title = models.TextField(
        "ชื่อกิจกรรมตามรายงาน", blank=True, help_text="เว้นว่างเพื่อใช้ชื่อกิจกรรมในแผน"
    )
    spent = money_field("ใช้จ่ายจริง (บาท)", null=True, blank=True)
    result = models.TextField("ผลการดำเนินงาน", blank=True)
    obstacles = models.TextField("อุปสรรค/ข้อเสนอแนะ", blank=True)
    remarks = models.TextField("หมายเหตุ", blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=STATUS_CHOICES, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords(table_name="plans_historicalprogressline")

    class Meta:
        db_table = "plans_progressline"
        verbose_name = "ผลการดำเนินงานรายกิจกรรม"
        verbose_name_plural = "ผลการดำเนินงานรายกิจกรรม"
        ordering = ["report", "activity_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"], name="one_progress_line_per_activity",
                violation_error_message="รายงานนี้มีผลของกิจกรรมนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.result[:40]}"

    @property
    def title(self) -> str:
        return self.reported_title or self.activity.title

    def clean(self) -> None:
        """The activity must belong to the report's plan."""
        report = related_or_none(self, "report")
        activity = related_or_none(self, "activity")
        if report is not None and activity is not None and activity.plan_id != report.plan_id:
            raise ValidationError({"activity": "กิจกรรมนี้ไม่ได้อยู่ในแผนของรายงาน"})


# --- the status computed from quarterly reports ---------------------------------------------



@dataclass(frozen=True)
class QuarterlyProgress:
    """What the quarterly reports of an activity's project say for a progress report.

    ``project``: the linked ``plans.Project``; ``source``: the quarterly report the status is
    read from (the latest quarter of the period with a counted report) or ``None``;
    ``status``: a ``ProgressStatus`` value, "" when it cannot be derived; ``notes``: Thai
    sentences naming every quarter left out and why, and why no status was derived.
    """

    project: Project
    source: QuarterlyReport | None
    status: str
    notes: tuple[str, ...] = ()

    def source_label(self) -> str:
        """"รายงานผลการกำกับติดตามรายไตรมาส ไตรมาสที่ 2 ปีงบประมาณ 2564 ของโครงการ…" ("" without a source)."""
        if self.source is None:
            return ""
        revision = f" ฉบับปรับปรุงครั้งที่ {self.source.revision}" if self.source.revision > 1 else ""
        return (
            f"รายงานผลการกำกับติดตามรายไตรมาส ไตรมาสที่ {self.source.quarter}{revision} "
            f"ปีงบประมาณ {self.project.fiscal_year} ของโครงการ{self.project.name}"
        )


@dataclass(frozen=True)
class ActivityProgress:
    """The status a progress report gives one activity: ``status`` (a ``ProgressStatus``
    value, "" when none) comes from ``quarterly`` when it could be derived there
    (``computed``), otherwise from the typed line."""

    status: str
    quarterly: QuarterlyProgress | None = None

    @property
    def computed(self) -> bool:
        return bool(self.quarterly and self.quarterly.status)

    @property
    def label(self) -> str:
        """The Thai name of the status ("" when none)."""
        return dict(ProgressLine.STATUS_CHOICES).get(self.status, "")


def activity_progress(activity: PlanActivity, line: ProgressLine | None, report: ProgressReport) -> ActivityProgress:
    """The status ``report`` gives ``activity`` (rules in the module docstring): computed from
    the quarterly reports of the activity's project when it has one and they give a status,
    else ``line.status`` as typed. Uses prefetched ``project.quarterly_reports`` and their
    ``pdca_steps`` when present."""
    quarterly = quarterly_progress(activity, report) if activity.project_id else None
    if quarterly is not None and quarterly.status:
        return ActivityProgress(quarterly.status, quarterly)
    return ActivityProgress(line.status if line else "", quarterly)


def quarterly_progress(activity: PlanActivity, report: ProgressReport) -> QuarterlyProgress:
    """The status of ``activity``'s project for ``report``'s period from its counted quarterly
    reports (see the module docstring); ``status`` is "" and ``notes`` say why when none
    counts or the project is not one of the plan's organization and fiscal year."""
    project, plan = activity.project, report.plan
    if project.organization_id != plan.organization_id or project.fiscal_year != plan.fiscal_year:
        return QuarterlyProgress(project, None, "", (
            f"โครงการ{project.name} ไม่ใช่โครงการของหน่วยงานและปีงบประมาณของแผนนี้ จึงไม่นำรายงานรายไตรมาสมาคำนวณ",
        ))
    cutoff = report.reviewed_at if report.is_approved else None
    quarters = report.quarters()
    counted, waiting, later = {}, set(), set()
    for quarterly in project.quarterly_reports.all():
        if quarterly.quarter not in quarters:
            continue
        if not quarterly.is_approved:
            waiting.add(quarterly.quarter)
        elif cutoff and quarterly.reviewed_at and quarterly.reviewed_at > cutoff:
            later.add(quarterly.quarter)
        elif quarterly.quarter not in counted or quarterly.revision > counted[quarterly.quarter].revision:
            counted[quarterly.quarter] = quarterly
    notes = []
    for quarter in quarters:
        if quarter in counted:
            continue
        if quarter in later:
            notes.append(f"ไตรมาสที่ {quarter}: รายงานได้รับอนุมัติหลังรายงานฉบับนี้ จึงไม่นำมาคำนวณ")
        elif quarter in waiting:
            notes.append(f"ไตรมาสที่ {quarter}: รายงานยังไม่ได้รับอนุมัติ จึงไม่นำมาคำนวณ")
        else:
            notes.append(f"ไตรมาสที่ {quarter}: ยังไม่มีรายงาน")
    if not counted:
        notes.append("ยังไม่มีรายงานรายไตรมาสที่อนุมัติแล้วในรอบนี้ จึงใช้สถานะที่กรอก")
        return QuarterlyProgress(project, None, "", tuple(notes))
    source = counted[max(counted)]
    state = source.pdca_state()
    if state is None:
        notes.append(f"รายงานไตรมาสที่ {source.quarter} ไม่มีขั้นตอน PDCA จึงคำนวณสถานะไม่ได้ และใช้สถานะที่กรอก")
        return QuarterlyProgress(project, source, "", tuple(notes))
    return QuarterlyProgress(project, source, state, tuple(notes))
