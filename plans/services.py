"""Writes of plans that touch several rows at once, each one atomic function.

``copy_plan_to_next_year`` starts next fiscal year's action plan from this year's (the
button "คัดลอกเป็นแผนปีงบประมาณ N" of the plan's staff page:
``plans.action_plan_views.plan_copy_next_year``).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from ita_portal.documents import FISCAL_YEAR_MAX
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
                     period_start=_next_year(plan.period_start), period_end=_next_year(plan.period_end))
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


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    if (day.month, day.day) == (2, 29):
        return day.replace(year=day.year + 1, day=28)
    return day.replace(year=day.year + 1)


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
