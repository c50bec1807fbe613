from django.urls import path

from monitoring import calendar_views as views

app_name = "calendars"

urlpatterns = [
    path("<int:calendar_id>/", views.calendar, name="calendar"),
    path("<int:calendar_id>/pdf/", views.calendar_pdf, name="calendar_pdf"),
    path("tracking/<int:report_id>/", views.tracking, name="tracking"),
    path("tracking/<int:report_id>/pdf/", views.tracking_pdf, name="tracking_pdf"),
    path("tracking/<int:report_id>/acknowledge/", views.tracking_acknowledge, name="tracking_acknowledge"),
    path("memos/<int:memo_id>/", views.memo, name="memo"),
    path("memos/<int:memo_id>/pdf/", views.memo_pdf, name="memo_pdf"),
]
