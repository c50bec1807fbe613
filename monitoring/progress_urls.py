"""Pages of progress reports under /plans/, in the URL namespace "action_plans" together with
the action plans' pages (``ita_portal.urls`` mounts both): the generic document views (page,
PDF, staff page) and the progress reports' own pages (create, edit, Excel). The paths are
the published ones (``/plans/progress/<id>/`` …), cited as OIT evidence."""

from django.urls import path

from ita_portal.document_views import document_urls
from monitoring import progress_views as views

urlpatterns = [
    *document_urls("progress-report", "progress/"),
    path("progress/<int:report_id>/xlsx/", views.progress_xlsx, name="progress_xlsx"),
    path("action-plans/<int:plan_id>/progress/new/", views.progress_create, name="progress_create"),
    path("progress/<int:report_id>/edit/", views.progress_edit, name="progress_edit"),
]
