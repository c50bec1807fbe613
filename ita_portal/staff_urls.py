"""Staff pages (signed-in members of organizations), namespace ``staff``."""

from django.urls import path

from ita_portal import export_views, views
from monitoring import views as monitoring_views
from plans import views as plans_views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organizations/<slug:code>/projects/new/", plans_views.project_create, name="project_create"),
    path("projects/<int:project_id>/", plans_views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/reports/new/", monitoring_views.report_create, name="report_create"),
    path("reports/<int:report_id>/", monitoring_views.report_staff, name="report"),
    path("reports/<int:report_id>/edit/", monitoring_views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/submit/", monitoring_views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/approve/", monitoring_views.report_approve, name="report_approve"),
    path("reports/<int:report_id>/return/", monitoring_views.report_return, name="report_return"),
    path("reports/<int:report_id>/revise/", monitoring_views.report_revise, name="report_revise"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<uuid:result_id>/", export_views.export_status, name="export_status"),
    path("exports/<uuid:result_id>/download/", export_views.export_download, name="export_download"),
]
