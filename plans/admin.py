from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenParentInlineMixin
from django.utils.html import format_html_join

from ita_portal import thai
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator


class ActivityInline(FrozenParentInlineMixin, admin.TabularInline):
    model = Activity
    extra = 0


class BudgetLineItemInline(FrozenParentInlineMixin, admin.TabularInline):
    model = BudgetLineItem
    extra = 0
    fields = ["number", "item", "activity", "quantity", "unit_rate", "amount_display"]
    readonly_fields = ["amount_display"]

    @admin.display(description="รวม (บาท)")
    def amount_display(self, obj):
        return thai.format_baht(obj.amount, thai.ARABIC) if obj.pk else "-"


class RiskInline(FrozenParentInlineMixin, admin.StackedInline):
    model = Risk
    extra = 0


class SuccessIndicatorInline(FrozenParentInlineMixin, admin.StackedInline):
    model = SuccessIndicator
    extra = 0


@admin.register(Project)
class ProjectAdmin(DocumentAdmin):
    list_display = ["name", "organization", "fiscal_year", "activity_total_display", "budget_total_display"]
    list_filter = ["fiscal_year", "organization"]
    search_fields = ["name", "organization__short_name"]
    autocomplete_fields = ["organization"]
    inlines = [ActivityInline, BudgetLineItemInline, RiskInline, SuccessIndicatorInline]
    readonly_fields = ["computed_totals"]
    fieldsets = [
        (None, {"fields": ["organization", "fiscal_year", "name", "activity_title", "responsible", "policy_alignment"]}),
        ("กิจกรรมที่รายงาน", {"fields": ["component_number", "component_title"]}),
        (
            "วัตถุประสงค์และเป้าหมาย",
            {"fields": ["objectives", "quantitative_targets", "qualitative_targets", "expected_results"]},
        ),
        ("งบประมาณ", {"fields": ["budget_note", "computed_totals"]}),
        (
            "ยอดรวมตามเอกสารต้นฉบับ (เพื่อตรวจสอบเท่านั้น)",
            {
                "classes": ["collapse"],
                "fields": ["stated_activity_budget_total", "stated_budget_total", "stated_line_items_total"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization").prefetch_related(
            "activities", "budget_line_items"
        )

    @admin.display(description="งบประมาณกิจกรรมรวม (บาท)")
    def activity_total_display(self, obj):
        return thai.format_baht(obj.activity_budget_total(), thai.ARABIC)

    @admin.display(description="งบประมาณจำนวน (บาท)")
    def budget_total_display(self, obj):
        return thai.format_baht(obj.budget_total(), thai.ARABIC)

    @admin.display(description="ยอดที่ระบบคำนวณ")
    def computed_totals(self, obj):
        if not obj.pk:
            return "-"
        rows = [
            ("งบประมาณกิจกรรมรวม", obj.activity_budget_total()),
            ("รายละเอียดการใช้งบประมาณรวม", obj.line_items_total()),
        ] + [(f"ไม่ตรงกับต้นฉบับ: {d.label} ระบุ {thai.format_baht(d.stated, thai.ARABIC)}", d.computed) for d in obj.discrepancies()]
        return format_html_join(
            "", "<div>{}: {} บาท</div>", ((label, thai.format_baht(value, thai.ARABIC)) for label, value in rows)
        )


@admin.register(Activity)
class ActivityAdmin(DocumentAdmin):
    list_display = ["number", "title", "project", "budget", "start_month", "end_month"]
    list_filter = ["project__fiscal_year"]
    search_fields = ["title", "project__name"]
    list_select_related = ["project"]


@admin.register(BudgetLineItem)
class BudgetLineItemAdmin(DocumentAdmin):
    list_display = ["number", "item", "project", "quantity", "unit_rate"]
    search_fields = ["item", "project__name"]
    list_select_related = ["project"]


@admin.register(Risk)
class RiskAdmin(DocumentAdmin):
    list_display = ["__str__", "project", "category"]
    list_filter = ["category"]
    list_select_related = ["project"]


@admin.register(SuccessIndicator)
class SuccessIndicatorAdmin(DocumentAdmin):
    list_display = ["__str__", "project"]
    list_select_related = ["project"]
