"""Writes of plans that touch several rows at once, each one atomic function.

``copy_plan_to_next_year`` starts next fiscal year's action plan from this year's (the
button "คัดลอกเป็นแผนปีงบประมาณ N" of the plan's staff page:
``plans.action_plan_views.plan_copy_next_year``).

``update_plan_from_file`` applies an Excel file to the draft of the same plan after the
import page showed what it changes (``plans.action_plan_views.plan_import_confirm``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ita_portal import thai
from ita_portal.documents import FISCAL_YEAR_MAX
from ita_portal.workflow import Status
from plans.action_plan_excel import ImportRefused, PlanFile, activity_values
from plans.action_plans import ActionPlan, MasterPlanIndicator, MasterPlanSubPlan, MasterPlanTarget, PlanActivity

# The header fields of a plan that a copy carries over as they are (texts still valid).
PLAN_TEXT_FIELDS = (
    "digit_system", "programme", "project_name", "headline_activities", "rationale", "objectives",
    "targets", "target_group", "master_plan_issue", "location", "expected_impact", "evaluation_methods",
)
# The fields of an activity a copy carries over as they are: texts, the schedule (calendar
# months, the same in any year) and the figures (baht, target amounts) for the user to check.
ACTIVITY_FIELDS = ("position", "title", "indicator", "unit", "target_amount", "budget", "schedule_months", "responsible", "listed_in_plan")


class CannotCopyPlan(Exception):
    """Raised when next year's plan cannot be made (the year would be past the last fiscal
    year the portal accepts). The message is Thai."""


def copy_plan_to_next_year(*, plan: ActionPlan, by) -> tuple[ActionPlan, bool]:
    """Start the draft action plan of ``plan``'s organization for the next fiscal year (BE
    ``plan.fiscal_year + 1``) as a copy of ``plan`` (any state or revision), on behalf of
    user ``by``; return ``(new plan, created)``.

    Idempotent on the plan's natural key (organization, fiscal year, project name, revision
    1): when next year already has that plan, nothing is written and it is returned with
    ``created`` False (also when a post racing this one created it first).

    What is carried over, field by field:

    * copied as they are: the header texts (``PLAN_TEXT_FIELDS``); the master-plan sub-plans
      with their targets and indicators (a sub-plan's ``value_year`` is the year of the
      national master plan's target value, not the plan's year: kept); the activity tree
      (same parents and positions, hence the same numbers) with each activity's
      ``ACTIVITY_FIELDS``, budgets and target amounts included, kept for the user to check;
    * moved forward one year: the fiscal year, and the period (``period_start`` and
      ``period_end``, CE dates; 29 February becomes 28 February); blank stays blank;
    * not copied: the workflow (a new draft: status, submission, review, approval,
      signature, approved PDF, revision 1 without ``revision_of``), the figures a source
      document stated (``stated_budget``: the new plan has no source document to check) and
      each activity's ``project`` (a project belongs to one fiscal year).

    One transaction; every row written is recorded in the audit history with ``by`` as its
    user and "คัดลอกจากแผนปีงบประมาณ N" as the reason. Raises ``CannotCopyPlan`` when the
    next year is past ``FISCAL_YEAR_MAX``.
    """
    year = plan.fiscal_year + 1
    if year > FISCAL_YEAR_MAX:
        raise CannotCopyPlan(f"ปีงบประมาณ {year} เกินกว่าที่ระบบรับได้")
    existing = _next_year_plan(plan, year)
    if existing is not None:
        return existing, False
    reason = f"คัดลอกจากแผนปีงบประมาณ {plan.fiscal_year}"
    new = ActionPlan(organization_id=plan.organization_id, fiscal_year=year,
                     period_start=thai.same_day_next_year(plan.period_start), period_end=thai.same_day_next_year(plan.period_end))
    for name in PLAN_TEXT_FIELDS:
        setattr(new, name, getattr(plan, name))
    try:
        with transaction.atomic():
            _audited(new, by, reason).save()
            _copy_master_plan(plan, new, by, reason)
            _copy_activities(plan, new, by, reason)
    except IntegrityError:
        existing = _next_year_plan(plan, year)
        if existing is None:
            raise
        return existing, False
    return new, True


def _next_year_plan(plan: ActionPlan, year: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(
        organization_id=plan.organization_id, fiscal_year=year, project_name=plan.project_name, revision=1
    ).first()


def _audited(row, by, reason: str):
    row._history_user = by
    row._change_reason = reason
    return row


def _copy_master_plan(plan: ActionPlan, new: ActionPlan, by, reason: str) -> None:
    for sub in plan.sub_plans.prefetch_related("targets__indicators").order_by("position", "pk"):
        sub_copy = _audited(MasterPlanSubPlan(plan=new, position=sub.position, title=sub.title, value_year=sub.value_year), by, reason)
        sub_copy.save()
        for target in sorted(sub.targets.all(), key=lambda t: (t.position, t.pk)):
            target_copy = _audited(MasterPlanTarget(sub_plan=sub_copy, position=target.position, text=target.text), by, reason)
            target_copy.save()
            for indicator in sorted(target.indicators.all(), key=lambda i: (i.position, i.pk)):
                _audited(MasterPlanIndicator(target=target_copy, position=indicator.position, text=indicator.text,
                                             value=indicator.value), by, reason).save()


def _copy_activities(plan: ActionPlan, new: ActionPlan, by, reason: str) -> None:
    """The activity tree, parents before children (so each copy's parent exists)."""
    activities = list(plan.activities.order_by("pk"))
    children: dict = {}
    for activity in activities:
        children.setdefault(activity.parent_id, []).append(activity)
    copies: dict = {}
    queue = list(children.get(None, []))
    while queue:
        activity = queue.pop(0)
        copy = PlanActivity(plan=new, parent=copies.get(activity.parent_id))
        for name in ACTIVITY_FIELDS:
            setattr(copy, name, getattr(activity, name))
        _audited(copy, by, reason).save()
        copies[activity.pk] = copy
        queue.extend(children.get(activity.pk, []))


IMPORT_REASON = "นำเข้าจากไฟล์ Excel"


def reimport_refusal(plan: ActionPlan) -> str | None:
    """Why a file may not update ``plan`` (Thai, saying what to do instead), or ``None``
    when it may: only a draft or a plan returned for correction takes an import; a submitted
    plan waits for the director, an approved one is corrected by a new revision."""
    name = f"แผนปีงบประมาณ {plan.fiscal_year} โครงการ{plan.project_name}"
    if plan.status == Status.SUBMITTED:
        return (f"{name} เสนอผู้อำนวยการแล้ว จึงนำเข้าทับไม่ได้ "
                "กรุณารอผู้อำนวยการพิจารณา หากส่งกลับให้แก้ไข จึงนำเข้าไฟล์นี้อีกครั้ง")
    if plan.status == Status.APPROVED:
        return (f"{name} ได้รับอนุมัติแล้ว จึงนำเข้าทับไม่ได้ "
                "หากต้องการแก้ไข ให้กด “จัดทำฉบับปรับปรุง” ที่หน้าแผน แล้วนำเข้าไฟล์นี้อีกครั้ง")
    return None


def update_plan_from_file(*, plan: ActionPlan, parsed: PlanFile, version: int, by) -> ActionPlan:
    """Apply the file ``parsed`` (``action_plan_excel.read_plan``) to ``plan``, a draft or
    returned plan of the same organization, fiscal year and project, as
    ``action_plan_excel.plan_changes`` showed it (made from ``version`` of the plan); return
    the plan saved.

    Activities are matched by their numbers: one only in the file is added, one only in the
    plan deleted (sub-activities first), one in both takes the file's values; parents,
    positions and hence numbers are the file's, whose tree ``read_plan`` checked with
    ``plans.activity_tree`` (three levels, a parent's budget the sum of its children, so a
    parent stores none). The plan takes the file's แผนงาน; its ``version`` increases and a
    returned plan goes back to draft (``save_edit``). An activity's ``project`` is kept.

    One transaction; every row written or deleted is recorded in the audit history with
    ``by`` as its user and "นำเข้าจากไฟล์ Excel" as the reason. Raises ``ImportRefused``
    (nothing saved) when the plan may not take an import (``reimport_refusal``), changed
    since ``version`` (the preview is out of date), or a row fails the model's validation.
    """
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if refusal := reimport_refusal(plan):
            raise ImportRefused([refusal])
        if plan.version != version:
            raise ImportRefused(["มีผู้แก้ไขแผนนี้หลังจากระบบแสดงรายการเปลี่ยนแปลง กรุณานำเข้าไฟล์อีกครั้งเพื่อดูรายการล่าสุด"])
        plan.programme = parsed.programme
        _audited(plan, by, IMPORT_REASON).save_edit(version)
        stored = {a.dotted_number: a for a in plan.activity_tree()}
        wanted = {node.number for node, _ in parsed.rows}
        for number in sorted(set(stored) - wanted, key=lambda n: -n.count(".")):  # deepest first
            _audited(stored[number], by, IMPORT_REASON).delete()
        saved: dict[str, PlanActivity] = {}
        errors: list[str] = []
        for node, row in parsed.rows:  # parents first
            activity = stored.get(node.number) or PlanActivity(plan=plan)
            activity.parent = saved.get(node.parent.number) if node.parent else None
            activity.position = node.path[-1]
            for name, value in activity_values(row, node).items():
                setattr(activity, name, value)
            try:
                activity.full_clean()
            except ValidationError as exc:
                errors.extend(f"แถวที่ {row['row']}: {m}" for m in exc.messages)
                continue
            _audited(activity, by, IMPORT_REASON).save()
            saved[node.number] = activity
        if errors:
            raise ImportRefused(errors)
    return plan
