"""Staff pages of the dashboard and of projects' quarterly reports, included in the
``staff`` namespace."""

from django.urls import path

from ita_portal.document_views import staff
from monitoring import dashboard_views, views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("projects/<int:project_id>/reports/new/", views.report_create, name="report_create"),
    path("projects/<int:project_id>/reports/start/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", staff, {"slug": "quarterly-report"}, name="report"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
]
