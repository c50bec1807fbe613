"""Admin pages for calendars, monitoring reports and memos (registered from ``MonitoringConfig.ready``)."""

from django import forms
from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin
from ita_portal.uploads import image_or_error
from monitoring.calendar import (
    CalendarItem,
    Memo,
    MemoSettings,
    MonitoringCalendar,
    ResponsibleGroup,
    SignatureBlock,
    MonitoringReportItem,
    MonitoringReport,
)


class CalendarItemInline(FrozenParentInlineMixin, admin.TabularInline):
    model = CalendarItem
    extra = 0


@admin.register(MonitoringCalendar)
class MonitoringCalendarAdmin(DocumentAdmin):
    list_display = ("title", "organization", "fiscal_year")
    inlines = [CalendarItemInline]


class MonitoringReportItemInline(FrozenParentInlineMixin, admin.TabularInline):
    model = MonitoringReportItem
    extra = 0


@admin.register(MonitoringReport)
class MonitoringReportAdmin(DocumentAdmin):
    list_display = ("title", "calendar")
    list_select_related = ("calendar__organization",)
    inlines = [MonitoringReportItemInline]


@admin.register(Memo)
class MemoAdmin(DocumentAdmin):
    list_display = ("subject", "organization", "date")


class FrozenRowAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Rows of an approved document are read-only."""


for model in (CalendarItem, MonitoringReportItem, SignatureBlock):
    admin.site.register(model, FrozenRowAdmin)
admin.site.register(ResponsibleGroup)


class MemoSettingsForm(forms.ModelForm):
    """The emblem must be a PNG or JPEG (sniffed from its bytes) of at most 2 MiB and
    ``ita_portal.uploads.IMAGE_MAX_SIDE`` pixels a side, its size read before decoding; it
    is stored under the sniffed type's extension. Validates only."""

    class Meta:
        model = MemoSettings
        fields = "__all__"

    def clean_emblem(self):
        upload = self.cleaned_data.get("emblem")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            if error := image_or_error(upload, what="ตราหน่วยงาน", max_bytes=2 * 1024 * 1024):
                raise forms.ValidationError(error)
        return upload


@admin.register(MemoSettings)
class MemoSettingsAdmin(admin.ModelAdmin):
    form = MemoSettingsForm
    list_select_related = ("organization",)
