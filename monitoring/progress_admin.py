"""Admin pages for progress reports of action plans (registered from ``MonitoringConfig.ready``)."""

from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin
from monitoring.progress import ProgressLine, ProgressReport


class ProgressLineInline(FrozenParentInlineMixin, admin.TabularInline):
    model = ProgressLine
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(DocumentAdmin):
    list_display = ("plan", "period")
    list_select_related = ("plan__organization",)
    inlines = [ProgressLineInline]


@admin.register(ProgressLine)
class ProgressLineAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Rows of an approved report are read-only."""

    list_select_related = ("activity",)
