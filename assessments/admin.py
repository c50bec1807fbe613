"""Admin of frameworks (yearly data, with "copy to a new year"), results and checklists."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments.kinds import FRAMEWORK_PREFETCH
from assessments.models import (
    AssessmentPhase,
    ChecklistEntry,
    DisclosureItem,
    Evidence,
    Framework,
    ImprovementFocus,
    Indicator,
    IndicatorScore,
    ITAResult,
    Limitation,
    Measure,
    MeasureActivity,
    OITChecklist,
    PhaseReminder,
    RatingBand,
    SubIndicator,
    SubIndicatorScore,
    Tool,
)
from ita_portal import thai
from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin


class ToolInline(FrozenParentInlineMixin, admin.TabularInline):
    model = Tool
    extra = 0


class RatingBandInline(FrozenParentInlineMixin, admin.TabularInline):
    model = RatingBand
    extra = 0


class AssessmentPhaseInline(admin.TabularInline):
    """The framework's ITAS calendar. Not frozen with the framework: an approved result does
    not depend on the dates, and the assessing body moves them (``AssessmentPhase``). While
    the framework is frozen its page is read-only: its phases are changed in their own list
    (``AssessmentPhaseAdmin``)."""

    model = AssessmentPhase
    extra = 0
    fields = ["kind", "starts_on", "ends_on", "remind_days_before", "verification", "note", "source"]


class CopyFrameworkForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label="ปีงบประมาณใหม่ (พ.ศ.)", min_value=2500, max_value=2700,
        error_messages={"min_value": "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568", "max_value": "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"},
    )


@admin.action(description="คัดลอกกรอบการประเมินไปเป็นปีงบประมาณใหม่")
def copy_framework(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "เลือกกรอบการประเมินครั้งละหนึ่งรายการ", messages.ERROR)
        return None
    framework = queryset.get()
    form = CopyFrameworkForm(request.POST if "fiscal_year" in request.POST else None)
    if form.is_valid():
        try:
            copy = framework.copy_to(form.cleaned_data["fiscal_year"])
        except ValidationError as exc:
            form.add_error("fiscal_year", exc.messages[0])
        else:
            modeladmin.message_user(request, f"คัดลอกแล้ว: {copy}", messages.SUCCESS)
            return redirect("admin:assessments_framework_change", copy.pk)
    return render(
        request, "assessments/admin_copy_framework.html",
        {**modeladmin.admin_site.each_context(request), "framework": framework, "form": form, "title": "คัดลอกกรอบการประเมิน"},
    )


@admin.register(Framework)
class FrameworkAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Frameworks: read-only once a submitted or approved ITA result scores against them
    (its printed figures come from the framework's tools, weights and bands)."""

    list_display = ["name", "assessing_body", "fiscal_year", "pass_mark", "answer_deadline", "verification"]
    list_filter = ["assessing_body", "fiscal_year", "verification"]
    inlines = [ToolInline, RatingBandInline, AssessmentPhaseInline]
    actions = [copy_framework]


@admin.register(AssessmentPhase)
class AssessmentPhaseAdmin(admin.ModelAdmin):
    """Administrators set the dates of each ITAS phase (Common Era dates in the form, shown
    with the framework's fiscal year in the Buddhist Era); an end before the start is refused
    beside the end date (``AssessmentPhase.clean``)."""

    list_display = ["kind", "fiscal_year", "assessing_body", "starts", "ends", "remind_days_before", "verification"]
    list_filter = ["framework__fiscal_year", "framework__assessing_body", "kind", "verification"]
    list_select_related = ["framework"]
    fields = ["framework", "kind", "starts_on", "ends_on", "remind_days_before", "verification", "note", "source"]

    @admin.display(description="ปีงบประมาณ (พ.ศ.)", ordering="framework__fiscal_year")
    def fiscal_year(self, phase):
        return phase.framework.fiscal_year

    @admin.display(description="หน่วยงานผู้ประเมิน", ordering="framework__assessing_body")
    def assessing_body(self, phase):
        return phase.framework.get_assessing_body_display()

    @admin.display(description="วันเริ่มต้น (พ.ศ.)", ordering="starts_on")
    def starts(self, phase):
        return thai.format_date(phase.starts_on, thai.ARABIC, abbr=True)

    @admin.display(description="วันสิ้นสุด (พ.ศ.)", ordering="ends_on")
    def ends(self, phase):
        return thai.format_date(phase.ends_on, thai.ARABIC, abbr=True)


@admin.register(PhaseReminder)
class PhaseReminderAdmin(admin.ModelAdmin):
    """The reminder e-mails sent by ``send_phase_reminders``: a record, never written by hand."""

    list_display = ["phase", "email", "sent_on"]
    list_filter = ["sent_on"]
    list_select_related = ["phase__framework"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubIndicatorInline(FrozenParentInlineMixin, admin.TabularInline):
    model = SubIndicator
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "tool", "framework"]
    list_filter = ["framework"]
    list_select_related = ["tool", "framework"]
    inlines = [SubIndicatorInline]


@admin.register(DisclosureItem)
class DisclosureItemAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "sub_indicator", "framework", "evidence_period", "verification"]
    list_filter = ["framework", "verification", "evidence_period"]
    list_select_related = ["sub_indicator", "framework"]
    search_fields = ["code", "title"]
    # Last year's items this one continues: searched, not a list of every item of every year.
    autocomplete_fields = ["continues"]


class IndicatorScoreInline(FrozenParentInlineMixin, admin.TabularInline):
    model = IndicatorScore
    extra = 0


class SubIndicatorScoreInline(FrozenParentInlineMixin, admin.TabularInline):
    model = SubIndicatorScore
    extra = 0


class LimitationInline(FrozenParentInlineMixin, admin.StackedInline):
    model = Limitation
    extra = 0


@admin.register(ITAResult)
class ITAResultAdmin(DocumentAdmin):
    list_display = ["organization", "framework", "total_display", "rating_display"]
    list_select_related = ["organization", "framework"]
    inlines = [IndicatorScoreInline, SubIndicatorScoreInline, LimitationInline]

    def get_queryset(self, request):
        # The total and rating columns compute each row's scorecard: its scores and its
        # framework's tools, indicators and rating bands are prefetched for the whole page.
        return super().get_queryset(request).prefetch_related("indicator_scores", "sub_indicator_scores", *FRAMEWORK_PREFETCH)

    @admin.display(description="คะแนนรวม (คำนวณ)")
    def total_display(self, obj):
        from ita_portal import thai

        return thai.format_score(obj.scorecard().total, thai.ARABIC) or "-"

    @admin.display(description="ระดับผลการประเมิน (คำนวณ)")
    def rating_display(self, obj):
        band = obj.scorecard().rating
        return band.label if band else "-"


class MeasureInline(FrozenParentInlineMixin, admin.StackedInline):
    model = Measure
    extra = 0


class MeasureActivityInline(FrozenParentInlineMixin, admin.StackedInline):
    model = MeasureActivity
    extra = 0


@admin.register(ImprovementFocus)
class ImprovementFocusAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ["result", "kind", "indicator", "sub_indicator"]
    list_select_related = ["result__organization", "result__framework", "indicator", "sub_indicator"]
    inlines = [MeasureInline, MeasureActivityInline]


@admin.register(OITChecklist)
class OITChecklistAdmin(admin.ModelAdmin):
    list_display = ["organization", "framework"]
    list_select_related = ["organization", "framework"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "url", "file", "content_type", "size", "approved_at"]
    readonly_fields = ["title", "url", "file", "content_type", "size", "approved_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Evidence is added through the checklist page, where its file type is sniffed.
        return False


class ChecklistFilter(admin.RelatedFieldListFilter):
    """The checklist filter: each checklist's name shows its organization and fiscal year,
    fetched in the same query as the checklists (not one query each)."""

    def field_choices(self, field, request, model_admin):
        checklists = OITChecklist.objects.select_related("organization", "framework")
        if ordering := self.field_admin_ordering(field, request, model_admin):
            checklists = checklists.order_by(*ordering)
        return [(checklist.pk, str(checklist)) for checklist in checklists]


@admin.register(ChecklistEntry)
class ChecklistEntryAdmin(admin.ModelAdmin):
    list_display = ["item", "checklist", "responsible_group", "status", "score", "approved_at"]
    list_filter = ["status", ("checklist", ChecklistFilter)]
    list_select_related = ["item", "checklist__organization", "checklist__framework"]
    readonly_fields = ["approved_at", "approved_by", "returned_at", "returned_by", "return_comment"]
    inlines = [EvidenceInline]
