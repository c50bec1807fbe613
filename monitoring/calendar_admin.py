"""Admin pages for calendars, tracking reports and memos (registered from ``MonitoringConfig.ready``)."""

from django.contrib import admin

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


class CalendarItemInline(admin.TabularInline):
    model = CalendarItem
    extra = 0


@admin.register(MonitoringCalendar)
class MonitoringCalendarAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "fiscal_year")
    inlines = [CalendarItemInline]


class TrackingItemInline(admin.TabularInline):
    model = TrackingItem
    extra = 0


@admin.register(TrackingReport)
class TrackingReportAdmin(admin.ModelAdmin):
    list_display = ("title", "calendar")
    inlines = [TrackingItemInline]


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ("subject", "organization", "date")


for model in (CalendarItem, TrackingItem, MemoSettings, ResponsibleGroup, SignatureBlock):
    admin.site.register(model)
