from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("<int:report_id>/", views.report, name="report"),
    path("<int:report_id>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:report_id>/signature/", views.report_signature, name="report_signature"),
]
