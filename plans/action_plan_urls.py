from django.urls import path, re_path

from plans import action_plan_views as views

app_name = "action_plans"

TRANSITION = r"(?P<transition>submit|approve|return)"

urlpatterns = [
    path("action-plans/<int:plan_id>/", views.plan, name="plan"),
    path("action-plans/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("action-plans/<int:plan_id>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("action-plans/import/", views.plan_import, name="plan_import"),
    path("progress/<int:report_id>/", views.progress, name="progress"),
    path("progress/<int:report_id>/pdf/", views.progress_pdf, name="progress_pdf"),
    path("progress/<int:report_id>/xlsx/", views.progress_xlsx, name="progress_xlsx"),
    # staff pages
    path("action-plans/new/", views.plan_create, name="plan_create"),
    path("action-plans/<int:plan_id>/staff/", views.plan_staff, name="plan_staff"),
    path("action-plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    re_path(rf"^action-plans/(?P<plan_id>[0-9]+)/{TRANSITION}/$", views.plan_transition, name="plan_transition"),
    path("action-plans/<int:plan_id>/progress/new/", views.progress_create, name="progress_create"),
    path("progress/<int:report_id>/staff/", views.progress_staff, name="progress_staff"),
    path("progress/<int:report_id>/edit/", views.progress_edit, name="progress_edit"),
    re_path(rf"^progress/(?P<report_id>[0-9]+)/{TRANSITION}/$", views.progress_transition, name="progress_transition"),
]
