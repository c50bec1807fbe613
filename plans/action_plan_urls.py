"""Pages of action plans under /plans/, in the URL namespace "action_plans" (``ita_portal.urls``
mounts them with the progress reports' pages of ``monitoring.progress_urls``): the generic
document views (page, PDF, staff page) and the plans' own pages (Excel, create, edit)."""

from django.urls import path

from ita_portal.document_views import document_urls
from plans import action_plan_views as views

urlpatterns = [
    *document_urls("action-plan", "action-plans/"),
    path("action-plans/<int:plan_id>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("action-plans/import/", views.plan_import, name="plan_import"),
    path("action-plans/import/confirm/", views.plan_import_confirm, name="plan_import_confirm"),
    path("action-plans/new/", views.plan_create, name="plan_create"),
    path("action-plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("action-plans/<int:plan_id>/copy-next-year/", views.plan_copy_next_year, name="plan_copy_next_year"),
]
