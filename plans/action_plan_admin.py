"""Admin pages for action plans and their progress reports (registered from ``PlansConfig.ready``)."""

from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin
from plans.action_plans import (
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
    ProgressLine,
    ProgressReport,
)


class PlanActivityInline(FrozenParentInlineMixin, admin.TabularInline):
    model = PlanActivity
    fk_name = "plan"
    extra = 0
    fields = ("parent", "position", "title", "unit", "target_amount", "budget", "stated_budget", "schedule_months", "responsible", "listed_in_plan")


@admin.register(ActionPlan)
class ActionPlanAdmin(DocumentAdmin):
    list_display = ("project_name", "organization", "fiscal_year")
    list_filter = ("fiscal_year", "organization")
    inlines = [PlanActivityInline]


@admin.register(PlanActivity)
class PlanActivityAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("title", "plan", "parent", "position", "budget")
    list_select_related = ("plan__organization", "parent")


class ProgressLineInline(FrozenParentInlineMixin, admin.TabularInline):
    model = ProgressLine
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(DocumentAdmin):
    list_display = ("plan", "period")
    inlines = [ProgressLineInline]


class FrozenRowAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Rows of an approved plan or report are read-only."""


for model in (MasterPlanSubPlan, MasterPlanTarget, MasterPlanIndicator, ProgressLine):
    admin.site.register(model, FrozenRowAdmin)
