"""Pages of monitoring calendars, tracking reports and memos (mounted at /calendars/): the
generic document views (page, PDF, staff page) and their own pages (create, edit, the
director's acknowledgement of tracking items)."""

from django.urls import path

from ita_portal.document_views import document_urls
from monitoring import calendar_views as views

app_name = "calendars"

urlpatterns = [
    *document_urls("calendar", names={"page": "calendar", "pdf": "calendar_pdf", "staff": "calendar_staff"}),
    *document_urls("tracking-report", "tracking/", names={"page": "tracking", "pdf": "tracking_pdf", "staff": "tracking_staff"}),
    *document_urls("memo", "memos/", names={"page": "memo", "pdf": "memo_pdf", "staff": "memo_staff"}),
    path("tracking/<int:report_id>/acknowledge/", views.tracking_acknowledge, name="tracking_acknowledge"),
    path("new/", views.calendar_create, name="calendar_create"),
    path("<int:calendar_id>/edit/", views.calendar_edit, name="calendar_edit"),
    path("<int:calendar_id>/tracking/new/", views.tracking_create, name="tracking_create"),
    path("tracking/<int:report_id>/edit/", views.tracking_edit, name="tracking_edit"),
    path("memos/new/", views.memo_create, name="memo_create"),
    path("memos/<int:memo_id>/edit/", views.memo_edit, name="memo_edit"),
]
