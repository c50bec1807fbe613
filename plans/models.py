"""Projects (โครงการ) of an organization for a fiscal year, with activities, budget and risks.

Every total here is computed from the rows (``Project.activity_budget_total`` and friends);
figures a source document *stated* are kept only to flag where its arithmetic disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ita_portal.documents import (
    Discrepancy,
    check_stated,
    fiscal_year_validators,
    month_in_fiscal_year,
    related_or_none,
    text_lines,
)
from ita_portal import thai
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, VersionedModel
from simple_history.models import HistoricalRecords
from ita_portal.fields import NonNegativeDecimalField, money_field
from plans.activity_tree import ActivityTree, TreeRow

STATED_HELP = "ใช้ตรวจสอบความถูกต้องเท่านั้น ระบบคำนวณยอดรวมเอง"
DUPLICATE_PROJECT = "หน่วยงานนี้มีโครงการชื่อนี้ในปีงบประมาณนี้แล้ว"


@dataclass(frozen=True)
class QuarterCell:
    """One quarter (1–4) of a project's fiscal year in a quarter table: the latest revision
    of its quarterly report (``report``, ``None`` when the quarter has none yet) and, for an
    empty quarter, the latest report of the quarter before it in the same fiscal year
    (``previous``: what "คัดลอกจากไตรมาสก่อน" copies; ``None`` for quarter 1, whose
    previous quarter belongs to another fiscal year's project, or when that quarter is
    empty too)."""

    quarter: int
    report: object = None
    previous: object = None


class Project(VersionedModel):
    """An anti-corruption project of one organization for one fiscal year (BE).

    Texts typed as lists (objectives, targets, expected results) hold one item a line;
    numbering is added when printed. ``stated_*`` fields keep totals exactly as a source
    document printed them (baht), for ``discrepancies()`` only.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="projects", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", validators=fiscal_year_validators
    )
    name = models.CharField("ชื่อโครงการ", max_length=500)
    activity_title = models.CharField(
        "ชื่อกิจกรรมหลัก", max_length=500, blank=True, help_text="เช่น กิจกรรมเขตพื้นที่การศึกษาสุจริต"
    )
    responsible = models.CharField("หน่วยงาน/ผู้รับผิดชอบ", max_length=500, blank=True)
    policy_alignment = models.TextField(
        "สอดคล้องกับนโยบาย",
        blank=True,
        help_text="บรรทัดแรกคือชื่อแผนหรือนโยบาย บรรทัดต่อไปคือยุทธศาสตร์ที่สอดคล้อง บรรทัดละหนึ่งข้อ",
    )
    component_number = models.PositiveSmallIntegerField(
        "กิจกรรมที่", null=True, blank=True, help_text="ลำดับกิจกรรมของโครงการที่รายงานนี้ครอบคลุม"
    )
    component_title = models.CharField("ชื่อกิจกรรมที่ดำเนินการ", max_length=500, blank=True)
    objectives = models.TextField("วัตถุประสงค์", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    quantitative_targets = models.TextField("เป้าหมายด้านปริมาณ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    qualitative_targets = models.TextField("เป้าหมายด้านคุณภาพ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    expected_results = models.TextField("ผลสำเร็จที่คาดว่าจะได้รับ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    budget_note = models.CharField("หมายเหตุงบประมาณ", max_length=500, blank=True)
    stated_activity_budget_total = money_field("ยอดรวมงบประมาณกิจกรรมตามเอกสารต้นฉบับ (บาท)", null=True, blank=True, help_text=STATED_HELP)
    stated_budget_total = money_field("งบประมาณจำนวน (ตามเอกสารต้นฉบับ, บาท)", null=True, blank=True, help_text=STATED_HELP)
    stated_line_items_total = money_field("ยอดรวมรายละเอียดการใช้งบประมาณตามเอกสารต้นฉบับ (บาท)", null=True, blank=True, help_text=STATED_HELP)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "โครงการ"
        verbose_name_plural = "โครงการ"
        ordering = ["organization", "-fiscal_year", "name"]
        # Serves the dashboard's "projects of this organization for this year" lookup.
        indexes = [models.Index(fields=["organization", "fiscal_year"])]
        constraints = [
            # A project's natural key: a second "new project" of the same name and year (a
            # double click, two tabs) opens the existing one (``plans.views.project_create``).
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "name"],
                name="one_project_per_organization_year_name",
                violation_error_message=DUPLICATE_PROJECT,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (ปีงบประมาณ {self.fiscal_year})"

    def has_approved_report(self) -> bool:
        return type(self)._base_manager.filter(Q(pk=self.pk) & self.frozen_q()).exists()

    def quarter_cells(self) -> list[QuarterCell]:
        """The four quarters of the project's fiscal year with their reports, for the quarter
        tables of the project page, the dashboard and the landing page (``QuarterCell``). Uses
        prefetched ``quarterly_reports`` when present (no query then); a quarter with several
        revisions shows the highest."""
        latest = {}
        for report in sorted(self.quarterly_reports.all(), key=lambda r: (r.quarter, r.revision)):
            latest[report.quarter] = report
        return [
            QuarterCell(quarter, latest.get(quarter), None if quarter in latest else latest.get(quarter - 1))
            for quarter in thai.QUARTERS
        ]

    # Lists typed one item a line -------------------------------------------------------
    def policy_lines(self) -> list[str]:
        return text_lines(self.policy_alignment)

    def objective_lines(self) -> list[str]:
        return text_lines(self.objectives)

    def quantitative_target_lines(self) -> list[str]:
        return text_lines(self.quantitative_targets)

    def qualitative_target_lines(self) -> list[str]:
        return text_lines(self.qualitative_targets)

    def expected_result_lines(self) -> list[str]:
        return text_lines(self.expected_results)

    # Computed figures (baht) -----------------------------------------------------------
    def activity_tree(self) -> ActivityTree:
        """The project's activities as a one-level tree, numbered by ``Activity.number``
        (uses a prefetched ``activities`` if present)."""
        return ActivityTree.build(TreeRow(a.pk, None, a.number, a.budget) for a in self.activities.all())

    def activity_budget_total(self) -> Decimal:
        """Sum of the activities' budgets, in baht."""
        return self.activity_tree().total

    def line_items_total(self) -> Decimal:
        """Sum of quantity × unit rate over the project's budget line items, in baht."""
        return sum((item.amount for item in self.budget_line_items.all()), Decimal("0"))

    def budget_total(self) -> Decimal:
        """The project's budget (งบประมาณจำนวน), in baht: its detailed line items when it has
        any, otherwise the sum of its activities' budgets."""
        if self.budget_line_items.all():
            return self.line_items_total()
        return self.activity_budget_total()

    def discrepancies(self) -> list[Discrepancy]:
        """Totals a source document stated that disagree with the rows (empty when all agree)."""
        return (
            check_stated(
                "ยอดรวมงบประมาณในตารางแผนการดำเนินงาน (ข้อ ๔)",
                self.stated_activity_budget_total,
                self.activity_budget_total(),
            )
            + check_stated("งบประมาณจำนวน (ข้อ ๕.๑)", self.stated_budget_total, self.budget_total())
            + check_stated(
                "ยอดรวมรายละเอียดการใช้งบประมาณ (ข้อ ๕.๒)",
                self.stated_line_items_total,
                self.line_items_total(),
            )
        )


class _ProjectRow(FrozenGuardMixin, models.Model):
    """A row of a project (activity, budget line, risk, indicator): frozen with its project."""

    class Meta:
        abstract = True



class Activity(_ProjectRow):
    """A numbered activity of a project: budget in baht, and a period of whole months.

    ``start_month`` and ``end_month`` are stored as the first day of their month (CE dates)
    and must lie inside the project's fiscal year, ``end_month`` not before ``start_month``.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities", verbose_name="โครงการ")
    number = models.PositiveSmallIntegerField("ที่")
    title = models.CharField("รายละเอียดกิจกรรมที่ดำเนินการ", max_length=500)
    budget = money_field("งบประมาณ (บาท)", default=Decimal("0"))
    start_month = models.DateField("เริ่มเดือน")
    end_month = models.DateField("ถึงเดือน")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "กิจกรรม"
        verbose_name_plural = "กิจกรรม"
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="activity_number_unique_in_project",
                violation_error_message="ลำดับกิจกรรมนี้มีอยู่แล้วในโครงการ",
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="activity_budget_non_negative",
                violation_error_message="งบประมาณต้องไม่ติดลบ",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        """Normalise the months to their first day and check them against the fiscal year."""
        if self.start_month:
            self.start_month = self.start_month.replace(day=1)
        if self.end_month:
            self.end_month = self.end_month.replace(day=1)
        project = related_or_none(self, "project")
        fy = project and project.fiscal_year
        month_in_fiscal_year(self.start_month, fy, "start_month")
        month_in_fiscal_year(self.end_month, fy, "end_month")
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": "เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มต้น"})


class BudgetLineItem(_ProjectRow):
    """A budget line (รายการ) of a project, optionally tied to one of its activities.

    ``quantity`` (เป้าหมาย: people, pieces …) × ``unit_rate`` (baht) = ``amount`` (baht),
    always computed.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_line_items", verbose_name="โครงการ"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="budget_line_items",
        null=True,
        blank=True,
        verbose_name="กิจกรรม",
    )
    number = models.PositiveSmallIntegerField("ลำดับ")
    item = models.CharField("รายการ", max_length=500)
    quantity = NonNegativeDecimalField("เป้าหมาย (จำนวน)", max_digits=12, decimal_places=2, default=Decimal("0"))
    unit_rate = money_field("อัตรา (บาท)", default=Decimal("0"))

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "รายการงบประมาณ"
        verbose_name_plural = "รายการงบประมาณ"
        ordering = ["project", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(unit_rate__gte=0),
                name="budget_line_non_negative",
                violation_error_message="จำนวนและอัตราต้องไม่ติดลบ",
            ),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def amount(self) -> Decimal:
        """quantity × unit rate, in baht."""
        return (self.quantity or Decimal("0")) * (self.unit_rate or Decimal("0"))

    def clean(self) -> None:
        """An activity named here must belong to the same project."""
        if self.activity_id and self.project_id and self.activity.project_id != self.project_id:
            raise ValidationError({"activity": "กิจกรรมนี้ไม่ได้อยู่ในโครงการเดียวกัน"})


class Risk(_ProjectRow):
    """A risk that may arise during the project: opportunity and impact → management plan."""

    class Category(models.TextChoices):
        MANAGEMENT = "management", "ระบบการจัดการ"
        SCHEDULE = "schedule", "กำหนดเวลาการดำเนินโครงการ"
        COST = "cost", "ค่าใช้จ่าย"
        TECHNICAL = "technical", "เทคนิค"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks", verbose_name="โครงการ")
    category = models.CharField("ด้าน", max_length=20, choices=Category.choices)
    order = models.PositiveSmallIntegerField("ลำดับ", default=1)
    opportunity_impact = models.TextField("โอกาสและผลกระทบ", help_text="บรรทัดละหนึ่งข้อ")
    management_plan = models.TextField("แผนการจัดการความเสี่ยง", help_text="บรรทัดละหนึ่งข้อ")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ปัจจัยความเสี่ยง"
        verbose_name_plural = "ปัจจัยความเสี่ยง"
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return f"ความเสี่ยงด้าน{self.get_category_display()} {self.order}"

    def opportunity_impact_lines(self) -> list[str]:
        return text_lines(self.opportunity_impact)

    def management_plan_lines(self) -> list[str]:
        return text_lines(self.management_plan)


class SuccessIndicator(_ProjectRow):
    """A success indicator (ตัวชี้วัดความสำเร็จ) of a project with its achievement note."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="success_indicators", verbose_name="โครงการ"
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=1)
    indicator = models.TextField("ตัวชี้วัด")
    achievement = models.TextField("ความสำเร็จ", blank=True, help_text="บรรทัดละหนึ่งข้อ")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ตัวชี้วัดความสำเร็จ"
        verbose_name_plural = "ตัวชี้วัดความสำเร็จ"
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return self.indicator[:80]

    def achievement_lines(self) -> list[str]:
        return text_lines(self.achievement)


def risks_by_category(risks) -> list[tuple[str, list[Risk]]]:
    """Group risks in the official category order: [(category label, [risk, …]), …].

    Categories without a risk are left out; the caller numbers the groups (๗.๑, ๗.๒ …).
    """
    groups = []
    for value, label in Risk.Category.choices:
        rows = [r for r in risks if r.category == value]
        if rows:
            groups.append((label, rows))
    return groups


# The action plan's schema lives in ``plans.action_plans``; it is part of this app's models.
from plans.action_plans import (  # noqa: E402,F401
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
)
