"""Admin pages for action plans (registered from ``PlansConfig.ready``); those of their
progress reports are in ``monitoring.progress_admin``."""

from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin
from plans.action_plans import (
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
)


class PlanActivityInline(FrozenParentInlineMixin, admin.TabularInline):
    model = PlanActivity
    fk_name = "plan"
    extra = 0
    fields = ("parent", "position", "title", "unit", "target_amount", "budget", "stated_budget", "schedule_months", "responsible", "listed_in_plan", "project")
    raw_id_fields = ("project",)  # one select of every project per row would cost a query each


@admin.register(ActionPlan)
class ActionPlanAdmin(DocumentAdmin):
    list_display = ("project_name", "organization", "fiscal_year")
    list_filter = ("fiscal_year", "organization")
    inlines = [PlanActivityInline]


@admin.register(PlanActivity)
class PlanActivityAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("title", "plan", "parent", "position", "budget")
    list_select_related = ("plan__organization", "parent")


class FrozenRowAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Rows of an approved plan are read-only."""


for model in (MasterPlanSubPlan, MasterPlanTarget, MasterPlanIndicator):
    admin.site.register(model, FrozenRowAdmin)
