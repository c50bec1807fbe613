"""Annual anti-corruption action plans (แผนปฏิบัติการป้องกันการทุจริต) and their progress
reports (รายงานการกำกับติดตาม รอบ 6 เดือน / รอบ 12 เดือน), as in seed 001.

Shapes and units
----------------
* ``ActionPlan``: one organization, one fiscal year (Buddhist Era, e.g. 2564). Texts typed as
  lists (objectives, impacts, evaluation methods …) hold one item a line; numbers are added
  when printed.
* ``PlanActivity``: a tree of at most three levels, numbered from position only:
  top level "1.", second level "1.1", third level "1)". Nobody types a number.
* Budgets are baht (``Decimal``). Only a *leaf* activity carries ``budget``; a parent's
  budget is always the sum of its children, computed by ``ActionPlan.activity_tree()`` —
  the one place that adds budgets up. ``stated_budget`` keeps a figure a source document
  printed, only so that ``ActionPlan.discrepancies()`` can flag where it disagrees.
* Schedule: ``PlanActivity.schedule_months`` is a JSON list of calendar month numbers
  (1 = January … 12 = December), stored in fiscal order (October first), without repeats.
  Month *m* of fiscal year *fy* is ``thai.fiscal_month(fy, m)``.
* ``ProgressReport``: ``period`` "half" (รอบ 6 เดือน = October–March of the fiscal year) or
  "full" (the whole fiscal year, October–September). One report per plan and period.
* ``ProgressLine``: the report's entry for one activity (budget comes from the plan, never
  retyped; ``spent`` in baht, optional).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.documents import Discrepancy, check_stated, fiscal_year_validators, related_or_none, text_lines
from ita_portal.fields import NonNegativeDecimalField, money_field
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, WorkflowDocument

__all__ = [
    "ActionPlan",
    "MasterPlanSubPlan",
    "MasterPlanTarget",
    "MasterPlanIndicator",
    "PlanActivity",
    "ProgressReport",
    "ProgressLine",
    "MAX_ACTIVITY_DEPTH",
    "validate_schedule_months",
    "normalise_schedule",
]

MAX_ACTIVITY_DEPTH = 3  # 1 → 1.1 → 1)
STATED_HELP = "ใช้ตรวจสอบความถูกต้องเท่านั้น ระบบคำนวณยอดรวมเอง"
LINES_HELP = "บรรทัดละหนึ่งข้อ ระบบใส่เลขข้อให้เอง"


def validate_schedule_months(value) -> None:
    """Raise ``ValidationError`` unless ``value`` is a list of distinct month numbers 1–12."""
    if not isinstance(value, list):
        raise ValidationError("เดือนที่ดำเนินการต้องเป็นรายการเลขเดือน 1–12")
    bad = [m for m in value if not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12]
    if bad:
        raise ValidationError(f"เดือนไม่ถูกต้อง: {', '.join(str(b) for b in bad)} (ต้องเป็นเลข 1–12)")
    if len(set(value)) != len(value):
        raise ValidationError("เดือนที่ดำเนินการซ้ำกัน")


def normalise_schedule(months) -> list[int]:
    """Distinct months 1–12 in fiscal order (October first): ``[1, 10, 3]`` → ``[10, 1, 3]``."""
    return sorted({int(m) for m in months}, key=thai.fiscal_month_index)


class ActionPlan(WorkflowDocument):
    """The anti-corruption action plan of one organization for one fiscal year (BE).

    Holds everything of seed 001 part 1 except the activity table (``PlanActivity``) and the
    master-plan targets (``MasterPlanSubPlan`` …). ``period_start``/``period_end`` are CE
    dates inside the fiscal year; left blank they print as the whole fiscal year.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="action_plans", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", validators=fiscal_year_validators)
    digit_system = models.CharField(
        "ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.THAI
    )
    programme = models.CharField("แผนงาน", max_length=500)
    project_name = models.CharField("โครงการ", max_length=500)
    headline_activities = models.TextField("กิจกรรม (หัวโครงการ)", blank=True, help_text="บรรทัดละหนึ่งกิจกรรม")
    rationale = models.TextField("เหตุผลความจำเป็น", blank=True, help_text="บรรทัดละหนึ่งย่อหน้า")
    objectives = models.TextField("วัตถุประสงค์", blank=True, help_text=LINES_HELP)
    targets = models.TextField("เป้าหมาย", blank=True, help_text="บรรทัดละหนึ่งย่อหน้า")
    target_group = models.TextField("กลุ่มเป้าหมายโครงการ", blank=True)
    master_plan_issue = models.CharField(
        "ประเด็นแผนแม่บทภายใต้ยุทธศาสตร์ชาติ", max_length=500, blank=True, help_text="เช่น การต่อต้านการทุจริตและประพฤติมิชอบ"
    )
    period_start = models.DateField("ระยะเวลาดำเนินการ ตั้งแต่", null=True, blank=True)
    period_end = models.DateField("ระยะเวลาดำเนินการ ถึง", null=True, blank=True)
    location = models.TextField("สถานที่/พื้นที่ดำเนินการ", blank=True)
    expected_impact = models.TextField("ผลประโยชน์ที่คาดว่าจะได้รับ (Impact)", blank=True, help_text=LINES_HELP)
    evaluation_methods = models.TextField("การติดตามประเมินผล", blank=True, help_text=LINES_HELP)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    TITLE = "แผนปฏิบัติการป้องกันการทุจริต"

    history = HistoricalRecords()

    class Meta:
        verbose_name = "แผนปฏิบัติการป้องกันการทุจริต"
        verbose_name_plural = "แผนปฏิบัติการป้องกันการทุจริต"
        ordering = ["organization", "-fiscal_year", "project_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "project_name", "revision"],
                name="one_action_plan_per_project_year",
                violation_error_message="หน่วยงานนี้มีแผนของโครงการนี้ในปีงบประมาณนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.TITLE} {self.organization.short_name} ปีงบประมาณ {self.fiscal_year}"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:plan", args=[self.pk])

    def get_pdf_url(self) -> str:
        return reverse("action_plans:plan_pdf", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("action_plans:plan_staff", args=[self.pk])

    def file_stem(self) -> str:
        return f"{self.organization.code}_{self.fiscal_year}_action_plan{self.pk}"

    def clean(self) -> None:
        """The period must lie inside the fiscal year and not end before it starts."""
        errors = {}
        if self.fiscal_year:
            for field in ("period_start", "period_end"):
                day = getattr(self, field)
                if day and not thai.in_fiscal_year(day, self.fiscal_year):
                    errors[field] = f"วันที่นี้อยู่นอกปีงบประมาณ {self.fiscal_year}"
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่มต้น"
        if errors:
            raise ValidationError(errors)

    # Texts typed one item a line --------------------------------------------------------
    def headline_activity_lines(self) -> list[str]:
        return text_lines(self.headline_activities)

    def rationale_paragraphs(self) -> list[str]:
        return text_lines(self.rationale)

    def objective_lines(self) -> list[str]:
        return text_lines(self.objectives)

    def target_paragraphs(self) -> list[str]:
        return text_lines(self.targets)

    def impact_lines(self) -> list[str]:
        return text_lines(self.expected_impact)

    def evaluation_lines(self) -> list[str]:
        return text_lines(self.evaluation_methods)

    def period(self) -> tuple[datetime.date, datetime.date]:
        """(first day, last day) of the plan's period, CE dates; the fiscal year when blank."""
        return (
            self.period_start or thai.fiscal_year_start(self.fiscal_year),
            self.period_end or thai.fiscal_year_end(self.fiscal_year),
        )

    def schedule_columns(self) -> list[tuple[int, list[datetime.date]]]:
        """The schedule table's columns: ``[(quarter 1–4, [first day of each month]), …]``."""
        return [(q, thai.quarter_months(self.fiscal_year, q)) for q in thai.QUARTERS]

    # The activity tree: the one place where numbers and budget totals are derived ---------
    def activity_tree(self, listed_only: bool = False) -> list[PlanActivity]:
        """The plan's activities in reading order (pre-order), each annotated with:

        ``depth`` (0–2), ``number`` ("1.", "1.1", "1)"), ``child_nodes`` (list),
        ``is_leaf`` (bool), ``budget_total`` (baht: own ``budget`` for a leaf, else the sum
        of its children's ``budget_total``), ``month_flags`` (12 booleans in fiscal order).

        ``listed_only`` leaves out activities not printed in the plan (``listed_in_plan``
        False, e.g. added during the year) and their descendants. Uses a prefetched
        ``activities`` when present (one query otherwise).
        """
        rows = [a for a in self.activities.all() if a.listed_in_plan or not listed_only]
        by_parent: dict[int | None, list[PlanActivity]] = {}
        for a in rows:
            by_parent.setdefault(a.parent_id, []).append(a)
        for siblings in by_parent.values():
            siblings.sort(key=lambda a: (a.position, a.pk or 0))
        ordered: list[PlanActivity] = []

        def visit(node: PlanActivity, depth: int, prefix: str) -> Decimal:
            node.depth = depth
            if depth == 0:
                node.number = f"{node.position}."
            elif depth == 1:
                node.number = f"{prefix}.{node.position}"
            else:
                node.number = f"{node.position})"
            node.child_nodes = by_parent.get(node.pk, [])
            node.is_leaf = not node.child_nodes
            node.month_flags = [m in (node.schedule_months or []) for m in thai.FISCAL_MONTH_ORDER]
            ordered.append(node)
            child_prefix = str(node.position) if depth == 0 else prefix
            child_totals = [visit(child, depth + 1, child_prefix) for child in node.child_nodes]
            node.budget_total = (node.budget or Decimal("0")) if node.is_leaf else sum(child_totals, Decimal("0"))
            return node.budget_total

        for top in by_parent.get(None, []):
            visit(top, 0, "")
        return ordered

    @staticmethod
    def total_of(tree: list[PlanActivity]) -> Decimal:
        """Sum of the top-level ``budget_total`` of an ``activity_tree()`` result, in baht."""
        return sum((a.budget_total for a in tree if a.depth == 0), Decimal("0"))

    def budget_total(self, listed_only: bool = False) -> Decimal:
        """The plan's budget in baht: the sum of its top-level activities."""
        return self.total_of(self.activity_tree(listed_only=listed_only))

    def discrepancies(self) -> list[Discrepancy]:
        """Stated activity budgets that disagree with their computed totals (baht)."""
        found = []
        for a in self.activity_tree():
            found += check_stated(f"งบประมาณกิจกรรม {a.number} {a.short_title()}", a.stated_budget, a.budget_total)
        return found

    def unlisted_activities(self) -> list[PlanActivity]:
        """Activities that progress reports show but the plan document does not."""
        return [a for a in self.activity_tree() if not a.listed_in_plan]


class MasterPlanSubPlan(FrozenGuardMixin, models.Model):
    """A sub-plan (แผนย่อย) of the national master plan the action plan contributes to;
    ``value_year`` (BE) heads the column of its indicators' values."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sub_plans", verbose_name="แผน")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    title = models.CharField("แผนย่อย", max_length=500)
    value_year = models.PositiveSmallIntegerField("ปีของค่าเป้าหมาย (พ.ศ.)", validators=fiscal_year_validators)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "แผนย่อยของแผนแม่บท"
        verbose_name_plural = "แผนย่อยของแผนแม่บท"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.title


class MasterPlanTarget(FrozenGuardMixin, models.Model):
    """A target (เป้าหมาย) of a master-plan sub-plan."""

    sub_plan = models.ForeignKey(MasterPlanSubPlan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    text = models.TextField("เป้าหมาย")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "เป้าหมายของแผนย่อย"
        verbose_name_plural = "เป้าหมายของแผนย่อย"
        ordering = ["sub_plan", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class MasterPlanIndicator(FrozenGuardMixin, models.Model):
    """An indicator (ตัวชี้วัด) of a master-plan target with its value for the sub-plan's year,
    as printed ("ร้อยละ 65 (85 คะแนนขึ้นไป)")."""

    target = models.ForeignKey(MasterPlanTarget, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    text = models.TextField("ตัวชี้วัด")
    value = models.CharField("ค่าเป้าหมาย", max_length=255, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ตัวชี้วัดของแผนย่อย"
        verbose_name_plural = "ตัวชี้วัดของแผนย่อย"
        ordering = ["target", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanActivity(FrozenGuardMixin, models.Model):
    """One node of a plan's activity tree (see the module docstring for numbering, budget
    and schedule conventions)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities", verbose_name="แผน")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="กิจกรรมหลัก"
    )
    position = models.PositiveSmallIntegerField("ลำดับในกลุ่ม", default=1)
    title = models.TextField("กิจกรรม")
    indicator = models.TextField("ตัวชี้วัด", blank=True)
    unit = models.CharField("หน่วยนับ", max_length=50, blank=True, help_text="เช่น ร้อยละ ชิ้น คะแนน")
    target_amount = NonNegativeDecimalField("จำนวน (เป้าหมาย)", max_digits=12, decimal_places=2, null=True, blank=True)
    budget = money_field(
        "งบประมาณ (บาท)", null=True, blank=True, help_text="กรอกเฉพาะกิจกรรมย่อยสุด กิจกรรมหลักรวมจากกิจกรรมย่อย"
    )
    stated_budget = money_field("งบประมาณตามเอกสารต้นฉบับ (บาท)", null=True, blank=True, help_text=STATED_HELP)
    schedule_months = models.JSONField(
        "เดือนที่ดำเนินการ", default=list, blank=True, validators=[validate_schedule_months],
        help_text="เลขเดือน 1–12 (ต.ค. = 10)",
    )
    responsible = models.CharField("ผู้รับผิดชอบ", max_length=255, blank=True)
    listed_in_plan = models.BooleanField(
        "แสดงในแผน", default=True, help_text="ไม่เลือก สำหรับกิจกรรมที่เพิ่มระหว่างปี (แสดงเฉพาะในรายงานผล)"
    )

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "กิจกรรมในแผนปฏิบัติการ"
        verbose_name_plural = "กิจกรรมในแผนปฏิบัติการ"
        ordering = ["plan", "parent_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "parent", "position"],
                name="plan_activity_position_unique",
                violation_error_message="ลำดับนี้มีอยู่แล้วในกลุ่มกิจกรรมเดียวกัน",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="plan_activity_position_positive",
                violation_error_message="ลำดับต้องเริ่มที่ 1",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title()

    def short_title(self) -> str:
        return self.title if len(self.title) <= 60 else self.title[:60] + "…"

    def depth_in_tree(self) -> int:
        """0 for a top-level activity; counts parents (one query per level)."""
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth

    def clean(self) -> None:
        """Same-plan parent, at most three levels, no cycle, no own budget on a parent, and
        a valid schedule (normalised to fiscal order). Sibling positions are unique."""
        errors = {}
        parent = related_or_none(self, "parent")
        plan = related_or_none(self, "plan")
        if parent is not None:
            if plan is not None and parent.plan_id != plan.pk:
                errors["parent"] = "กิจกรรมหลักต้องอยู่ในแผนเดียวกัน"
            node, depth = parent, 1
            while node is not None:
                if self.pk and node.pk == self.pk:
                    errors["parent"] = "เลือกกิจกรรมหลักเป็นตัวเองหรือกิจกรรมย่อยของตัวเองไม่ได้"
                    break
                node, depth = node.parent, depth + 1
            if depth > MAX_ACTIVITY_DEPTH and "parent" not in errors:
                errors["parent"] = "กิจกรรมซ้อนกันได้ไม่เกิน 3 ระดับ (1 → 1.1 → 1))"
        if self.pk and self.budget is not None and self.children.exists():
            errors["budget"] = "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย (กรอกยอดตามต้นฉบับในช่องงบประมาณตามเอกสารต้นฉบับ)"
        try:
            validate_schedule_months(self.schedule_months)
            self.schedule_months = normalise_schedule(self.schedule_months)
        except ValidationError as exc:
            errors["schedule_months"] = exc.messages
        if errors:
            raise ValidationError(errors)


class ProgressReport(WorkflowDocument):
    """A progress report of an action plan: รอบ 6 เดือน (October–March) or the full year.

    Its rows are the plan's activities in tree order with this report's ``ProgressLine``;
    totals (planned, spent, share of activities done) are computed by ``summary()``.
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

    history = HistoricalRecords()

    class Meta:
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

    def get_absolute_url(self) -> str:
        return reverse("action_plans:progress", args=[self.pk])

    def get_pdf_url(self) -> str:
        return reverse("action_plans:progress_pdf", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("action_plans:progress_staff", args=[self.pk])

    def file_stem(self) -> str:
        return f"{self.plan.organization.code}_{self.plan.fiscal_year}_progress_{self.period}{self.pk}"

    @property
    def fiscal_year(self) -> int:
        return self.plan.fiscal_year

    @property
    def organization(self) -> Organization:
        return self.plan.organization

    def months(self) -> tuple[int, ...]:
        """Calendar months the report covers, in fiscal order: October–March for รอบ 6 เดือน."""
        return thai.HALF_YEAR_MONTHS if self.period == self.Period.HALF else thai.FISCAL_MONTH_ORDER

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
        ``ProgressLine`` or ``None``). Uses prefetched ``lines`` and ``plan.activities``."""
        lines = {line.activity_id: line for line in self.lines.all()}
        tree = self.plan.activity_tree()
        for node in tree:
            node.line = lines.get(node.pk)
        return tree

    def summary(self, rows: list[PlanActivity] | None = None) -> ReportSummary:
        """Totals of the report (see ``ReportSummary``), from ``rows()`` when not given."""
        rows = self.rows() if rows is None else rows
        leaves = [r for r in rows if r.is_leaf]
        spent = [r.line.spent for r in leaves if r.line and r.line.spent is not None]
        done = sum(1 for r in leaves if r.line and r.line.status == ProgressLine.Status.DONE)
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
    of them are done."""

    planned: Decimal
    spent: Decimal | None
    activities: int
    done: int

    @property
    def done_percent(self) -> Decimal:
        """Share of leaf activities done, in percent, rounded to 2 decimals (0 when none)."""
        if not self.activities:
            return Decimal("0")
        return (Decimal(self.done) * 100 / self.activities).quantize(Decimal("0.01"))

    @property
    def spent_percent(self) -> Decimal | None:
        if self.spent is None or not self.planned:
            return None
        return (self.spent * 100 / self.planned).quantize(Decimal("0.01"))


class ProgressLine(FrozenGuardMixin, models.Model):
    """What a progress report says about one activity. The budget shown is the activity's
    computed budget; ``spent`` is baht; ``status`` is blank for heading rows."""

    class Status(models.TextChoices):
        DONE = "done", "ดำเนินการแล้ว"
        IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
        NOT_DONE = "not_done", "ไม่ได้ดำเนินการ"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines", verbose_name="รายงาน")
    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="progress_lines", verbose_name="กิจกรรม")
    reported_title = models.TextField(
        "ชื่อกิจกรรมตามรายงาน", blank=True, help_text="เว้นว่างเพื่อใช้ชื่อกิจกรรมในแผน"
    )
    spent = money_field("ใช้จ่ายจริง (บาท)", null=True, blank=True)
    result = models.TextField("ผลการดำเนินงาน", blank=True)
    obstacles = models.TextField("อุปสรรค/ข้อเสนอแนะ", blank=True)
    remarks = models.TextField("หมายเหตุ", blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
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
