"""The document kind of plans: the action plan (แผนปฏิบัติการป้องกันการทุจริต), registered
with ``ita_portal.kinds`` from ``PlansConfig.ready()``. Its named queryset fetches everything
its document prints. Its progress reports are a kind of ``monitoring`` (``monitoring.kinds``),
which also adds their list to the plan's staff page.
"""

from __future__ import annotations

from typing import Callable

from ita_portal import thai
from ita_portal.documents import stated_figure_notes
from ita_portal.kinds import DocumentKind, Row, kind_of, register
from plans.action_plans import (
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
)

PLAN_PREFETCH = ("activities", "sub_plans__targets__indicators")


def plan_queryset():
    """Action plans with everything their document shows (a fixed number of queries)."""
    return ActionPlan.objects.select_related("organization").prefetch_related(*PLAN_PREFETCH)


def plan_context(plan: ActionPlan) -> dict:
    """Context of the plan document (part 1): the listed activity tree and its total (baht)."""
    tree = plan.activity_tree(listed_only=True)
    return {"plan": plan, "ds": plan.digit_system, "tree": tree, "plan_total": ActionPlan.total_of(tree)}


def plan_missing(plan: ActionPlan) -> list[str]:
    """What the action plan still lacks before it is submitted (``check_submit``), one Thai
    sentence a gap in the plan's digits; ``[]`` when complete. The plan document is its
    table of activities (seed 001: ๕ activities with their sub-activities), so it has at
    least one activity printed in the plan. (Months are not required: seed 001 leaves them
    blank for some sub-activities.) Uses a prefetched ``activities`` (no query on the staff
    page)."""
    if plan.activity_tree(listed_only=True):
        return []
    return [thai.apply_digits("ตารางแผนปฏิบัติการ: ยังไม่มีกิจกรรมที่แสดงในแผน", plan.digit_system)]


def plan_stated_figures(plan: ActionPlan) -> list:
    """``source_figures``: stated activity budgets that disagree with the sums of their
    sub-activities (``ActionPlan.discrepancies``; the plan prints the sums)."""
    return stated_figure_notes(plan.discrepancies(), plan.digit_system, "ผลรวมของกิจกรรมย่อย")


def _plan_staff_extra(user, plan: ActionPlan) -> dict:
    """The action plan's staff page: whether the user may start next year's plan from it
    (supervisors of its organization; ``templates/plans/_plan_sections.html``)."""
    from ita_portal import access

    return {"can_copy_plan": access.can(user, plan.organization, access.EDIT), "next_fiscal_year": plan.fiscal_year + 1}


def with_checklist(own: Callable | None = None) -> Callable:
    """A kind's ``staff_extra`` that adds ``missing`` (what ``DocumentKind.missing`` finds
    missing; ``None`` once approved, when there is nothing left to submit) to ``own``'s
    context (may be ``None``), for the workflow panel's list "รายการที่ยังไม่ครบ"
    (``templates/includes/workflow_panel.html``)."""

    def staff_extra(user, document) -> dict:
        kind = kind_of(document)
        missing = None if document.is_approved or (kind.check_submit is None and kind.totals_check is None) else kind.missing(document)
        return {**(own(user, document) if own else {}), "missing": missing}

    return staff_extra


def _plan_dated(plan: ActionPlan):
    """A plan prints no date of its own; it is in force from the start of its period
    (``ActionPlan.period``), so it is dated then: its progress reports come after it."""
    return plan.period()[0], "วันเริ่มระยะเวลาดำเนินการของแผน"


ACTION_PLAN = DocumentKind(
    slug="action-plan",
    urls={"page": "action_plans:plan", "pdf": "action_plans:plan_pdf", "staff": "action_plans:plan_staff"},
    model=ActionPlan,
    label="แผนปฏิบัติการป้องกันการทุจริต",
    section="แผนปฏิบัติการ",
    search_fields=("project_name",),
    queryset=plan_queryset,
    organization_path="organization",
    fiscal_year_path="fiscal_year",
    context=plan_context,
    body_template="plans/_plan_document.html",
    notes_template="plans/_staff_notes.html",
    page_links_template="plans/_plan_links.html",
    staff_sections_template="plans/_plan_sections.html",
    stylesheet="css/action_plan.css",
    wide=True,
    article_class="document action-plan",
    edit_url_name="action_plans:plan_edit",
    history_label="แผน",
    dated=_plan_dated,
    rows=(
        Row(PlanActivity, "plan", lambda r: f"กิจกรรม {r.title[:40]}"),
        Row(MasterPlanSubPlan, "plan", lambda r: "แผนย่อยของแผนแม่บท"),
        Row(MasterPlanTarget, "sub_plan__plan", lambda r: "เป้าหมายของแผนย่อย"),
        Row(MasterPlanIndicator, "target__sub_plan__plan", lambda r: "ตัวชี้วัดของแผนย่อย"),
    ),
    check_submit=plan_missing,
    source_figures=plan_stated_figures,
    staff_extra=with_checklist(_plan_staff_extra),
)


def register_kinds() -> None:
    """Register the kinds of this app (called from ``PlansConfig.ready()``)."""
    register(ACTION_PLAN)
