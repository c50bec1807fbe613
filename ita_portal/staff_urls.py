"""Staff pages (signed-in members of organizations), namespace ``staff``: the landing page
(งานของฉัน), the dashboard,
the workflow transitions of every document kind, background exports, and the apps' staff
pages (included by module name, so the core imports no app)."""

from django.urls import include, path

from ita_portal import document_views, export_views, work_views

app_name = "staff"

urlpatterns = [
    path("my-work/", work_views.my_work, name="my_work"),
    path("documents/<slug:slug>/<int:pk>/history/", document_views.history, name="document_history"),
    path("documents/<slug:slug>/<int:pk>/<slug:name>/", document_views.transition, name="document_transition"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<uuid:result_id>/", export_views.export_status, name="export_status"),
    path("exports/<uuid:result_id>/download/", export_views.export_download, name="export_download"),
    path("", include("plans.staff_urls")),
    path("", include("monitoring.staff_urls")),
]
