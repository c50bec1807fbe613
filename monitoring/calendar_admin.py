"""Admin pages for calendars, tracking reports and memos (registered from ``MonitoringConfig.ready``)."""

from django.contrib import admin

from ita_portal.admin_mixins import DocumentAdmin, FrozenAdminMixin, FrozenParentInlineMixin
from monitoring.calendar import (
    CalendarItem,
    Memo,
    MemoSettings,
    MonitoringCalendar,
    ResponsibleGroup,
    SignatureBlock,
    TrackingItem,
    TrackingReport,
)


class CalendarItemInline(FrozenParentInlineMixin, admin.TabularInline):
    model = CalendarItem
    extra = 0


@admin.register(MonitoringCalendar)
class MonitoringCalendarAdmin(DocumentAdmin):
    list_display = ("title", "organization", "fiscal_year")
    inlines = [CalendarItemInline]


class TrackingItemInline(FrozenParentInlineMixin, admin.TabularInline):
    model = TrackingItem
    extra = 0


@admin.register(TrackingReport)
class TrackingReportAdmin(DocumentAdmin):
    list_display = ("title", "calendar")
    list_select_related = ("calendar__organization",)
    inlines = [TrackingItemInline]


@admin.register(Memo)
class MemoAdmin(DocumentAdmin):
    list_display = ("subject", "organization", "date")


class FrozenRowAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Rows of an approved document are read-only."""


for model in (CalendarItem, TrackingItem, SignatureBlock):
    admin.site.register(model, FrozenRowAdmin)
admin.site.register(ResponsibleGroup)


@admin.register(MemoSettings)
class MemoSettingsAdmin(admin.ModelAdmin):
    list_select_related = ("organization",)
