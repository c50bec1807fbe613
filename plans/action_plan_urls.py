from django.urls import path

from plans import action_plan_views as views

app_name = "action_plans"

urlpatterns = [
    path("action-plans/<int:plan_id>/", views.plan, name="plan"),
    path("action-plans/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("action-plans/<int:plan_id>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("action-plans/import/", views.plan_import, name="plan_import"),
    path("progress/<int:report_id>/", views.progress, name="progress"),
    path("progress/<int:report_id>/pdf/", views.progress_pdf, name="progress_pdf"),
    path("progress/<int:report_id>/xlsx/", views.progress_xlsx, name="progress_xlsx"),
]
