"""Pages of action plans and progress reports (mounted at /plans/): the generic document
views (page, PDF, staff page) and the plans' own pages (Excel, create, edit)."""

from django.urls import path

from ita_portal.document_views import document_urls
from plans import action_plan_views as views

app_name = "action_plans"

urlpatterns = [
    *document_urls("action-plan", "action-plans/", names={"page": "plan", "pdf": "plan_pdf", "staff": "plan_staff"}),
    *document_urls("progress-report", "progress/", names={"page": "progress", "pdf": "progress_pdf", "staff": "progress_staff"}),
    path("action-plans/<int:plan_id>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("action-plans/import/", views.plan_import, name="plan_import"),
    path("progress/<int:report_id>/xlsx/", views.progress_xlsx, name="progress_xlsx"),
    path("action-plans/new/", views.plan_create, name="plan_create"),
    path("action-plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("action-plans/<int:plan_id>/progress/new/", views.progress_create, name="progress_create"),
    path("progress/<int:report_id>/edit/", views.progress_edit, name="progress_edit"),
]
