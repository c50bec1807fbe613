"""Quarterly monitoring reports (รายงานผลกำกับติดตามการดำเนินการป้องกันการทุจริตรายไตรมาส)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ita_portal import thai
from ita_portal.fields import ProgressStatus, ThaiSmallIntegerField
from ita_portal.documents import TotalsDisagreement, check_totals, month_in_fiscal_year, related_or_none, text_lines
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, Status, WorkflowDocument
from plans.models import Activity, Project
from simple_history.models import HistoricalRecords

QUARTER_MESSAGE = "ไตรมาสต้องเป็น 1, 2, 3 หรือ 4"


# Everything the report document shows, prefetched so a page costs a fixed number of queries.
REPORT_PREFETCH = (
    "pdca_steps",
    "activity_results",
    "project__activities",
    "project__budget_line_items",
    "project__risks",
    "project__success_indicators",
)


class ReportQuerySet(FrozenAwareQuerySet):
    def with_document(self):
        """Reports with everything their document shows (a fixed number of queries)."""
        return self.select_related("project__organization").prefetch_related(*REPORT_PREFETCH)

    def for_user(self, user):
        """Reports of the organizations ``user`` may read (all for a superuser)."""
        from ita_portal.access import organizations_for

        return self.filter(project__organization__in=organizations_for(user))

    def published(self):
        """Approved reports: readable by the public."""
        return self.filter(status=Status.APPROVED)


class QuarterlyReport(WorkflowDocument):
    """The monitoring report of one project for one quarter (1–4) of the project's fiscal year.

    The reporter's name and position are kept as printed at the time of reporting; the
    certifier is always the organization's director (``Organization.director_*``), never
    typed here. ``digit_system`` ("thai" / "arabic") applies to every number printed.
    """

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="quarterly_reports", verbose_name="โครงการ"
    )
    quarter = ThaiSmallIntegerField(
        "ไตรมาสที่",
        validators=[MinValueValidator(1, QUARTER_MESSAGE), MaxValueValidator(4, QUARTER_MESSAGE)],
        error_messages={"invalid": QUARTER_MESSAGE},
    )
    digit_system = models.CharField(
        "ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.THAI
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ใช้ที่รายงาน",
    )
    reporter_name = models.CharField("ชื่อผู้รายงาน", max_length=255, help_text="ชื่อเต็มพร้อมคำนำหน้า")
    reporter_position = models.CharField("ตำแหน่งผู้รายงาน", max_length=255, blank=True)
    problems = models.TextField("ปัญหาและอุปสรรค", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    solutions = models.TextField("แนวทางการแก้ปัญหา", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    # Set by ``monitoring.services.start_quarterly_report`` when the report was started as a
    # copy of the previous quarter's report; never typed. Until the user first saves the
    # copy (``version`` still 1) the report awaits review and cannot be submitted.
    copied_from_quarter = ThaiSmallIntegerField(
        "คัดลอกจากรายงานไตรมาสที่",
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1, QUARTER_MESSAGE), MaxValueValidator(4, QUARTER_MESSAGE)],
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    TITLE = "รายงานผลกำกับติดตามการดำเนินการป้องกันการทุจริตรายไตรมาส"

    class Meta:
        verbose_name = "รายงานผลกำกับติดตามรายไตรมาส"
        verbose_name_plural = "รายงานผลกำกับติดตามรายไตรมาส"
        ordering = ["project", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "quarter", "revision"],
                name="one_report_per_project_quarter_revision",
                violation_error_message="โครงการนี้มีรายงานของไตรมาสนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="report_quarter_1_to_4",
                violation_error_message=QUARTER_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.organization.short_name} ไตรมาสที่ {self.quarter}/{self.project.fiscal_year}: {self.project.name}"

    def certifier_name(self) -> str:
        """Who certifies (ผู้รับรอง): the approver once approved, else the organization's director."""
        return self.approver_name if self.is_approved else self.project.organization.director_name

    def certifier_position(self) -> str:
        return self.approver_position if self.is_approved else self.project.organization.director_title

    @property
    def organization(self):
        return self.project.organization

    @property
    def fiscal_year(self) -> int:
        """The fiscal year (BE) of the report: the project's."""
        return self.project.fiscal_year

    def quarter_period(self) -> str:
        """The months of the quarter in the report's digits: "มกราคม – มีนาคม ๒๕๖๓"."""
        return thai.format_quarter_period(self.fiscal_year, self.quarter, self.digit_system)

    def pdca_steps_in_order(self) -> list[PDCAStep]:
        """The PDCA steps in cycle order P, D, C, A (uses prefetched ``pdca_steps``)."""
        return sorted(self.pdca_steps.all(), key=lambda step: step.number)

    def pdca_state(self) -> str | None:
        """The state of the quarter's PDCA cycle, as a ``ProgressStatus`` value: done when
        all four steps (P, D, C, A) are recorded and done, not started when no recorded step
        has started, otherwise in progress; ``None`` when the report records no step.
        Uses prefetched ``pdca_steps`` when present."""
        statuses = {step.step: step.status for step in self.pdca_steps.all()}
        if not statuses:
            return None
        if len(statuses) == len(PDCAStep.STEP_ORDER) and set(statuses.values()) == {ProgressStatus.DONE}:
            return ProgressStatus.DONE
        if set(statuses.values()) == {ProgressStatus.NOT_STARTED}:
            return ProgressStatus.NOT_STARTED
        return ProgressStatus.IN_PROGRESS

    def awaits_copy_review(self) -> bool:
        """Whether this report was copied from the previous quarter's report
        (``copied_from_quarter``) and nobody has saved it since: the copy is a starting
        point the reporter confirms by saving the edit page once (every save bumps
        ``version``, which a new report starts at 1)."""
        return self.copied_from_quarter is not None and self.version == 1 and self.is_editable

    def copy_review_note(self) -> str:
        """The Thai note shown on a copied report until it is reviewed ("" otherwise)."""
        if not self.awaits_copy_review():
            return ""
        return f"คัดลอกจากรายงานไตรมาสที่ {self.copied_from_quarter} — กรุณาตรวจทาน"

    def problem_lines(self) -> list[str]:
        return text_lines(self.problems)

    def solution_lines(self) -> list[str]:
        return text_lines(self.solutions)

    def activity_rows(self) -> list[tuple[Activity, str]]:
        """Every activity of the project with this report's result for it ("" when none yet).

        Uses prefetched ``project.activities`` and ``activity_results`` when present.
        """
        results = {r.activity_id: r.result for r in self.activity_results.all()}
        return [(a, results.get(a.pk, "")) for a in self.project.activities.all()]

    def totals_disagreements(self) -> list[TotalsDisagreement]:
        """The project's activity budgets (ข้อ ๔) against its budget lines (ข้อ ๕.๒), when
        it has budget lines: both are printed, so they must agree or be explained
        (``totals_reason``). Uses prefetched activities and budget lines."""
        project = self.project
        if not project.budget_line_items.all():
            return []
        return check_totals(
            "งบประมาณรวมของกิจกรรม (ข้อ ๔)", project.activity_budget_total(),
            "ยอดรวมรายละเอียดการใช้งบประมาณ (ข้อ ๕.๒)", project.line_items_total(),
        )

    def missing(self) -> list[str]:
        """What the report still lacks before it is submitted (``QUARTERLY_REPORT.check_submit``):
        one Thai sentence a gap, in the report's digits, naming the part of the printed form
        it belongs to; ``[]`` when complete. Uses prefetched ``pdca_steps``,
        ``activity_results`` and ``project.activities`` when present.

        The rules follow the report form (แบบรายงานผลกำกับติดตามรายไตรมาส, seed 000):

        * ปฏิทินการกำกับ ติดตามการดำเนินงาน prints all four steps P, D, C, A of the quarter:
          each is recorded with its methods (วิธีการดำเนินงาน); its month (ระยะเวลา) lies in
          the report's quarter (seed 000, quarter 2: มกราคม, กุมภาพันธ์, มีนาคม ×2). Its
          status (สภาพการดำเนินงาน) always has a value (ยังไม่ดำเนินการ by default) and its
          outcome may stay ยังไม่ประเมิน, as the edit form allows: neither is a gap.
        * a report copied from the previous quarter (``awaits_copy_review``) is reviewed and
          saved once before it is submitted: the copied texts are only a starting point.
        * ๖. รายงานผลการดำเนินงาน lists every activity of the project: an activity whose
          period (ระยะเวลา, ``Activity.end_month``) ended by the quarter's last month has
          its result typed; an activity still running or not
          yet begun may stay blank (seed 000, quarter 2, leaves activities ๒–๑๐,
          February–June and August–September, blank), but when activities have begun, at
          least one of them has a result. A result is any text typed ("-" included: the
          reporter wrote it).
        """
        months = {(month.year, month.month) for month in thai.quarter_months(self.fiscal_year, self.quarter)}
        last = thai.quarter_months(self.fiscal_year, self.quarter)[-1]
        quarter = f"ไตรมาสที่ {self.quarter} ({self.quarter_period()})"
        gaps = []
        if self.awaits_copy_review():
            gaps.append(f"{self.copy_review_note()} แล้วกดบันทึกรายงานก่อนเสนอ")
        steps = {step.step: step for step in self.pdca_steps.all()}
        for number, letter in enumerate(PDCAStep.STEP_ORDER, start=1):
            name = f"ปฏิทินการกำกับ ติดตามการดำเนินงาน ขั้นตอนที่ {number} {PDCAStep.Step(letter).label} ({letter})"
            step = steps.get(letter)
            if step is None:
                gaps.append(f"{name}: ยังไม่ได้กรอกขั้นตอนนี้ (ระยะเวลา วิธีการดำเนินงาน และสภาพการดำเนินงาน)")
                continue
            if not step.methods.strip():
                gaps.append(f"{name}: ยังไม่ได้กรอกวิธีการดำเนินงาน")
            if step.month and (step.month.year, step.month.month) not in months:
                gaps.append(f"{name}: เดือน{thai.format_month_year(step.month, thai.ARABIC)} อยู่นอก{quarter}")
        activities = list(self.project.activities.all())
        results = {r.activity_id: r.result.strip() for r in self.activity_results.all()}
        begun = [a for a in activities if a.start_month <= last]
        due = [a for a in begun if a.end_month <= last and not results.get(a.pk)]
        for activity in due:
            gaps.append(
                f"๖. รายงานผลการดำเนินงาน กิจกรรมที่ {activity.number} {activity.title}: ดำเนินการถึง"
                f"{thai.format_month_year(activity.end_month, thai.ARABIC)} แล้ว แต่ยังไม่ได้กรอกผลการดำเนินงาน"
            )
        if begun and not due and not any(results.get(a.pk) for a in begun):
            numbers = ", ".join(str(a.number) for a in begun)
            gaps.append(f"๖. รายงานผลการดำเนินงาน: ยังไม่ได้กรอกผลการดำเนินงานของกิจกรรมที่เริ่มแล้วเลย (กิจกรรมที่ {numbers})")
        return [thai.apply_digits(gap, self.digit_system) for gap in gaps]


class PDCAStep(FrozenGuardMixin, models.Model):
    """One step of the PDCA monitoring calendar of a report.

    ``month`` is the first day of the month it happened in (CE date; inside the report's
    fiscal year). ``methods`` holds one numbered method a line; numbering is added when printed.
    """

    class Step(models.TextChoices):
        PLAN = "P", "ขั้นวางแผนการดำเนินงาน"
        DO = "D", "ขั้นปฏิบัติตามแผนการดำเนินงาน"
        CHECK = "C", "ขั้นตรวจสอบ/ประเมินผล/นำผลมาวิเคราะห์"
        ACT = "A", "ขั้นปรับปรุงแก้ไขการดำเนินงาน"

    # The quarterly report's PDCA table prints the progress scale in its own base words.
    STATUS_CHOICES = ProgressStatus.worded()

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", "บรรลุผลสำเร็จตามวัตถุประสงค์"
        NOT_ACHIEVED = "not_achieved", "ไม่บรรลุผลสำเร็จ"

    STEP_ORDER = ("P", "D", "C", "A")

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="pdca_steps", verbose_name="รายงาน"
    )
    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()
    step = models.CharField("ขั้นตอน", max_length=1, choices=Step.choices)
    month = models.DateField("ระยะเวลา (เดือน)")
    methods = models.TextField("วิธีการดำเนินงาน", help_text="บรรทัดละหนึ่งวิธี")
    status = models.CharField(
        "สภาพการดำเนินงาน", max_length=20, choices=STATUS_CHOICES, default=ProgressStatus.NOT_STARTED
    )
    outcome = models.CharField("ผลการดำเนินงาน", max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = "ขั้นตอน PDCA"
        verbose_name_plural = "ปฏิทินการกำกับ ติดตามการดำเนินงาน (PDCA)"
        ordering = ["report", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "step"],
                name="one_pdca_step_per_report",
                violation_error_message="รายงานนี้มีขั้นตอนนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.step})"

    @property
    def number(self) -> int:
        """ขั้นตอนที่ 1–4, from the step letter (P = 1 … A = 4)."""
        return self.STEP_ORDER.index(self.step) + 1

    def method_lines(self) -> list[str]:
        return text_lines(self.methods)

    def clean(self) -> None:
        """Normalise the month to its first day; it must lie in the report's fiscal year."""
        if self.month:
            self.month = self.month.replace(day=1)
        project = related_or_none(related_or_none(self, "report"), "project")
        month_in_fiscal_year(self.month, project and project.fiscal_year, "month")


class ActivityResult(FrozenGuardMixin, models.Model):
    """The result (ผลการดำเนินงาน) of one project activity in one quarterly report."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="activity_results", verbose_name="รายงาน"
    )
    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results", verbose_name="กิจกรรม")
    result = models.TextField("ผลการดำเนินงาน", blank=True)

    class Meta:
        verbose_name = "ผลการดำเนินงานของกิจกรรม"
        verbose_name_plural = "ผลการดำเนินงานของกิจกรรม"
        ordering = ["report", "activity__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"],
                name="one_result_per_activity_per_report",
                violation_error_message="รายงานนี้มีผลของกิจกรรมนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.result[:40]}"

    def clean(self) -> None:
        """The activity must belong to the report's project."""
        if self.activity_id and self.report_id and self.activity.project_id != self.report.project_id:
            raise ValidationError({"activity": "กิจกรรมนี้ไม่ได้อยู่ในโครงการของรายงาน"})


# The schema of progress reports lives in ``monitoring.progress`` and that of calendars,
# monitoring reports and memos in ``monitoring.calendar``; both are part of this app's models.
from monitoring.progress import ProgressLine, ProgressReport  # noqa: E402,F401
from monitoring.calendar import (  # noqa: E402,F401
    CalendarItem,
    Memo,
    MemoSettings,
    MonitoringCalendar,
    MonitoringReport,
    MonitoringReportItem,
    ResponsibleGroup,
    SignatureBlock,
)
