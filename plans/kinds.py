"""The document kinds of plans: the action plan (แผนปฏิบัติการป้องกันการทุจริต) and its
6-month / annual progress report, registered with ``ita_portal.kinds`` from
``PlansConfig.ready()``. Each kind's named queryset fetches everything its document prints.
"""

from __future__ import annotations

from ita_portal.kinds import DocumentKind, Row, register
from plans.action_plans import (
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
    ProgressLine,
    ProgressReport,
)

PLAN_PREFETCH = ("activities", "sub_plans__targets__indicators")


def plan_queryset():
    """Action plans with everything their document shows (a fixed number of queries)."""
    return ActionPlan.objects.select_related("organization").prefetch_related(*PLAN_PREFETCH)


def progress_queryset():
    """Progress reports with their lines and their plan's document (a fixed number of queries)."""
    return ProgressReport.objects.select_related("plan__organization").prefetch_related(
        "lines", *(f"plan__{p}" for p in PLAN_PREFETCH)
    )


def plan_context(plan: ActionPlan) -> dict:
    """Context of the plan document (part 1): the listed activity tree and its total (baht)."""
    tree = plan.activity_tree(listed_only=True)
    return {"plan": plan, "ds": plan.digit_system, "tree": tree, "plan_total": ActionPlan.total_of(tree)}


def progress_context(report: ProgressReport) -> dict:
    """Context of the progress report: cover, part 1 (the plan) and part 2 (the rows)."""
    rows = report.rows()
    return {
        **plan_context(report.plan),
        "report": report,
        "ds": report.digit_system,
        "rows": rows,
        "summary": report.summary(rows),
        "show_spent": any(r.line and r.line.spent is not None for r in rows),
    }


def _plan_must_be_approved(report: ProgressReport) -> None:
    """A progress report prints its plan (part 1), so it is approved only after the plan."""
    from ita_portal.transitions import TransitionError

    if not report.plan.is_approved:
        raise TransitionError("อนุมัติรายงานไม่ได้ เพราะแผนปฏิบัติการของรายงานนี้ยังไม่ได้รับอนุมัติ กรุณาอนุมัติแผนก่อน")


def _plan_staff_extra(user, plan: ActionPlan) -> dict:
    """The plan's staff page also lists its progress reports and starts a new one."""
    from ita_portal import access
    from plans.action_plan_forms import ProgressCreateForm

    return {
        "reports": list(plan.progress_reports.all()),
        "progress_form": ProgressCreateForm(plan=plan),
        "can_create_report": access.can(user, plan.organization, access.EDIT),
    }


ACTION_PLAN = DocumentKind(
    slug="action-plan",
    model=ActionPlan,
    label="แผนปฏิบัติการป้องกันการทุจริต",
    queryset=plan_queryset,
    organization_path="organization",
    fiscal_year_path="fiscal_year",
    context=plan_context,
    pdf_template="plans/plan_pdf.html",
    body_template="plans/_plan_document.html",
    notes_template="plans/_staff_notes.html",
    page_links_template="plans/_plan_links.html",
    staff_sections_template="plans/_plan_sections.html",
    stylesheet="css/action_plan.css",
    wide=True,
    article_class="document action-plan",
    edit_url_name="action_plans:plan_edit",
    staff_extra=_plan_staff_extra,
    history_label="แผน",
    rows=(
        Row(PlanActivity, "plan", lambda r: f"กิจกรรม {r.title[:40]}"),
        Row(MasterPlanSubPlan, "plan", lambda r: "แผนย่อยของแผนแม่บท"),
        Row(MasterPlanTarget, "sub_plan__plan", lambda r: "เป้าหมายของแผนย่อย"),
        Row(MasterPlanIndicator, "target__sub_plan__plan", lambda r: "ตัวชี้วัดของแผนย่อย"),
    ),
)

PROGRESS_REPORT = DocumentKind(
    slug="progress-report",
    model=ProgressReport,
    label="รายงานการกำกับติดตามแผนปฏิบัติการ",
    queryset=progress_queryset,
    organization_path="plan__organization",
    fiscal_year_path="plan__fiscal_year",
    context=progress_context,
    page_template="plans/progress_page.html",
    pdf_template="plans/progress_pdf.html",
    staff_template="plans/progress_staff.html",
    edit_url_name="action_plans:progress_edit",
    history_label="รายงาน",
    rows=(Row(ProgressLine, "report", lambda r: "ผลการดำเนินงานรายกิจกรรม"),),
    check_approve=_plan_must_be_approved,
)


def register_kinds() -> None:
    """Register the kinds of this app (called from ``PlansConfig.ready()``)."""
    register(ACTION_PLAN)
    register(PROGRESS_REPORT)
