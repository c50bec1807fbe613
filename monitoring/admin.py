from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenParentInlineMixin
from django.utils.html import format_html

from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport


class PDCAStepInline(FrozenParentInlineMixin, admin.StackedInline):
    model = PDCAStep
    extra = 0
    max_num = 4


class ActivityResultInline(FrozenParentInlineMixin, admin.TabularInline):
    model = ActivityResult
    extra = 0


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(DocumentAdmin):
    list_display = ["__str__", "quarter", "fiscal_year_display", "status", "revision", "reporter_name", "document_links"]
    list_filter = ["status", "quarter", "project__fiscal_year", "project__organization"]
    search_fields = ["project__name", "reporter_name"]
    list_select_related = ["project__organization"]
    autocomplete_fields = ["project"]
    inlines = [PDCAStepInline, ActivityResultInline]
    fields = ["project", "quarter", "digit_system", "reporter", "reporter_name", "reporter_position", "problems", "solutions"]
    readonly_fields = ["status", "version", "approver_name", "approver_position", "reviewed_at", "approved_pdf_sha256", "revision"]

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields] if obj else self.fields

    @admin.display(description="ปีงบประมาณ", ordering="project__fiscal_year")
    def fiscal_year_display(self, obj):
        return obj.fiscal_year

    @admin.display(description="เอกสาร")
    def document_links(self, obj):
        return format_html('<a href="{}">HTML</a> · <a href="{}">PDF</a>', obj.get_absolute_url(), obj.get_pdf_url())


@admin.register(PDCAStep)
class PDCAStepAdmin(DocumentAdmin):
    list_display = ["__str__", "report", "month", "status", "outcome"]
    list_select_related = ["report__project__organization"]


@admin.register(ActivityResult)
class ActivityResultAdmin(DocumentAdmin):
    list_display = ["__str__", "report"]
    list_select_related = ["report__project__organization", "activity"]
