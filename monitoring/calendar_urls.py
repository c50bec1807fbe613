"""Pages of monitoring calendars, monitoring reports and memos (mounted at /calendars/): the
generic document views (page, PDF, staff page) and their own pages (create, edit, the
director's acknowledgement of monitoring report items)."""

from django.urls import path

from ita_portal.document_views import document_urls
from monitoring import calendar_views as views

app_name = "calendars"

urlpatterns = [
    *document_urls("calendar"),
    *document_urls("monitoring-report", "tracking/"),  # the published path keeps its old word
    *document_urls("memo", "memos/"),
    path("tracking/<int:report_id>/acknowledge/", views.monitoring_report_acknowledge, name="monitoring_report_acknowledge"),
    path("new/", views.calendar_create, name="calendar_create"),
    path("<int:calendar_id>/edit/", views.calendar_edit, name="calendar_edit"),
    path("<int:calendar_id>/copy-next-year/", views.calendar_copy_next_year, name="calendar_copy_next_year"),
    path("<int:calendar_id>/tracking/new/", views.monitoring_report_create, name="monitoring_report_create"),
    path("tracking/<int:report_id>/edit/", views.monitoring_report_edit, name="monitoring_report_edit"),
    path("memos/new/", views.memo_create, name="memo_create"),
    path("memos/<int:memo_id>/edit/", views.memo_edit, name="memo_edit"),
]
