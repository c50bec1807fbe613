"""Annual anti-corruption action plans (แผนปฏิบัติการป้องกันการทุจริต): what is planned.
What is reported on a plan (its 6-month and annual progress reports) is in
``monitoring.progress``.

Shapes and units
----------------
* ``ActionPlan``: one organization, one fiscal year (Buddhist Era, e.g. 2564). Texts typed as
  lists (objectives, impacts, evaluation methods …) hold one item a line; numbers are added
  when printed.
* ``PlanActivity``: a tree of at most three levels, numbered from position only:
  top level "1.", second level "1.1", third level "1)". Nobody types a number. The rules
  (numbering, depth, cycles, sums) live in ``plans.activity_tree``.
* Budgets are baht (``Decimal``). Only a *leaf* activity carries ``budget``; a parent's
  budget is always the sum of its children, computed by ``plans.activity_tree`` through
  ``ActionPlan.activity_tree()``. ``stated_budget`` keeps a figure a source document
  printed, only so that ``ActionPlan.discrepancies()`` can flag where it disagrees.
* Schedule: ``PlanActivity.schedule_months`` is a JSON list of calendar month numbers
  (1 = January … 12 = December), stored in fiscal order (October first), without repeats.
  Month *m* of fiscal year *fy* is ``thai.fiscal_month(fy, m)``.
* ``PlanActivity.project``: optionally the project (``plans.models.Project``, same
  organization and fiscal year) that carries out a leaf activity; its quarterly reports then
  give the activity's status in progress reports.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.documents import Discrepancy, check_stated, fiscal_year_validators, related_or_none, text_lines
from ita_portal.fields import NonNegativeDecimalField, money_field
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, WorkflowDocument
from plans.activity_tree import PARENT_BUDGET, ActivityTree, Problem, TreeRow

__all__ = [
    "ActionPlan",
    "MasterPlanSubPlan",
    "MasterPlanTarget",
    "MasterPlanIndicator",
    "PlanActivity",
    "validate_schedule_months",
    "normalise_schedule",
]

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

    Holds everything of the plan's part 1 except the activity table (``PlanActivity``) and the
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

    # The activity tree: numbers and budget totals come from ``plans.activity_tree`` --------
    def activity_tree(self, listed_only: bool = False) -> list[PlanActivity]:
        """The plan's activities in reading order (each parent before its children), each
        annotated from its ``activity_tree.Node``:

        ``depth`` (0–2), ``number`` as printed ("1.", "1.1", "1)"), ``dotted_number``
        ("1", "1.1", "1.1.1"), ``child_nodes`` (list), ``is_leaf`` (bool), ``budget_total``
        (baht: own ``budget`` for a leaf, else the sum of its children's), ``month_flags``
        (12 booleans in fiscal order). Siblings with the same position come in the order
        they were created.

        ``listed_only`` leaves out activities not printed in the plan (``listed_in_plan``
        False, e.g. added during the year) and their descendants. Uses a prefetched
        ``activities`` when present (one query otherwise).
        """
        stored = sorted(self.activities.all(), key=lambda a: a.pk or 0)
        tree = ActivityTree.build(TreeRow(a.pk, a.parent_id, a.position, a.budget) for a in stored)
        if listed_only:
            tree = tree.without(a.pk for a in stored if not a.listed_in_plan)
        by_pk = {a.pk: a for a in stored}
        for node in tree.nodes:
            a = by_pk[node.id]
            a.depth, a.number, a.dotted_number = node.depth, node.printed_number, node.number
            a.is_leaf, a.budget_total = node.is_leaf, node.total
            a.child_nodes = [by_pk[child.id] for child in node.children]
            a.month_flags = [m in (a.schedule_months or []) for m in thai.FISCAL_MONTH_ORDER]
        return [by_pk[node.id] for node in tree.nodes]

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
    project = models.ForeignKey(
        "plans.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_activities",
        verbose_name="โครงการที่รายงานผลรายไตรมาส",
        help_text="เลือกเมื่อกิจกรรมนี้ดำเนินการโดยโครงการที่รายงานผลรายไตรมาส รายงานรอบ 6 เดือน/12 เดือนจะใช้สถานะจากรายงานรายไตรมาสที่อนุมัติแล้ว",
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

    def _tree_problems(self, plan: ActionPlan, parent: PlanActivity | None) -> list[Problem]:
        """The tree's problems of this activity placed under ``parent`` among the plan's
        stored activities (one query)."""
        me = "new" if self.pk is None else self.pk
        stored = PlanActivity.objects.filter(plan=plan).exclude(pk=self.pk)
        rows = [TreeRow(*values) for values in stored.values_list("pk", "parent_id", "position", "budget")]
        rows.append(TreeRow(me, parent.pk if parent else None, self.position, self.budget))
        return ActivityTree.build(rows).problems_of(me)

    def clean(self) -> None:
        """Same-plan parent; the tree's rules (``plans.activity_tree``: at most three
        levels, no cycle, no own budget on a parent) against the plan's stored activities;
        no project on a parent, a project of the plan's organization and fiscal year, and a
        valid schedule (normalised to fiscal order). Sibling positions are unique."""
        errors = {}
        parent = related_or_none(self, "parent")
        plan = related_or_none(self, "plan")
        project = related_or_none(self, "project")
        if project is not None and plan is not None and (
            project.organization_id != plan.organization_id or project.fiscal_year != plan.fiscal_year
        ):
            errors["project"] = "เลือกได้เฉพาะโครงการของหน่วยงานเดียวกันในปีงบประมาณเดียวกับแผน"
        if parent is not None and plan is not None and parent.plan_id != plan.pk:
            errors["parent"] = "กิจกรรมหลักต้องอยู่ในแผนเดียวกัน"
        elif plan is not None and plan.pk is not None:
            for problem in self._tree_problems(plan, parent):
                errors.setdefault("budget" if problem.code == PARENT_BUDGET else "parent", problem.message)
        if self.pk and project is not None and "project" not in errors and self.children.exists():
            errors["project"] = "กิจกรรมนี้มีกิจกรรมย่อย ให้เลือกโครงการที่กิจกรรมย่อยสุด"
        try:
            validate_schedule_months(self.schedule_months)
            self.schedule_months = normalise_schedule(self.schedule_months)
        except ValidationError as exc:
            errors["schedule_months"] = exc.messages
        if errors:
            raise ValidationError(errors)
