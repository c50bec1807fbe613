from django.urls import path, re_path

from monitoring import calendar_views as views

app_name = "calendars"

TRANSITION = r"(?P<transition>submit|approve|return)"

urlpatterns = [
    path("<int:calendar_id>/", views.calendar, name="calendar"),
    path("<int:calendar_id>/pdf/", views.calendar_pdf, name="calendar_pdf"),
    path("tracking/<int:report_id>/", views.tracking, name="tracking"),
    path("tracking/<int:report_id>/pdf/", views.tracking_pdf, name="tracking_pdf"),
    path("tracking/<int:report_id>/acknowledge/", views.tracking_acknowledge, name="tracking_acknowledge"),
    path("memos/<int:memo_id>/", views.memo, name="memo"),
    path("memos/<int:memo_id>/pdf/", views.memo_pdf, name="memo_pdf"),
    # staff pages
    path("new/", views.calendar_create, name="calendar_create"),
    path("<int:calendar_id>/staff/", views.calendar_staff, name="calendar_staff"),
    path("<int:calendar_id>/edit/", views.calendar_edit, name="calendar_edit"),
    re_path(rf"^(?P<calendar_id>[0-9]+)/{TRANSITION}/$", views.calendar_transition, name="calendar_transition"),
    path("<int:calendar_id>/tracking/new/", views.tracking_create, name="tracking_create"),
    path("tracking/<int:report_id>/staff/", views.tracking_staff, name="tracking_staff"),
    path("tracking/<int:report_id>/edit/", views.tracking_edit, name="tracking_edit"),
    re_path(rf"^tracking/(?P<report_id>[0-9]+)/{TRANSITION}/$", views.tracking_transition, name="tracking_transition"),
    path("memos/new/", views.memo_create, name="memo_create"),
    path("memos/<int:memo_id>/staff/", views.memo_staff, name="memo_staff"),
    path("memos/<int:memo_id>/edit/", views.memo_edit, name="memo_edit"),
    re_path(rf"^memos/(?P<memo_id>[0-9]+)/{TRANSITION}/$", views.memo_transition, name="memo_transition"),
]
