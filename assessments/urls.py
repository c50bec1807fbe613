"""Staff URLs of the assessments app (mounted at /assessments/)."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("results/<int:result_id>/", views.result, name="result"),
    path("results/<int:result_id>/pdf/", views.result_pdf, name="result_pdf"),
    path("results/<int:result_id>/scores/", views.result_scores, name="result_scores"),
    path("results/<int:result_id>/edit/", views.result_edit, name="result_edit"),
    path("results/<int:result_id>/focuses/<int:focus_id>/", views.focus_edit, name="focus_edit"),
    path("results/<int:result_id>/submit/", views.result_submit, name="result_submit"),
    path("results/<int:result_id>/approve/", views.result_approve, name="result_approve"),
    path("results/<int:result_id>/return/", views.result_return, name="result_return"),
    path("checklists/<int:checklist_id>/", views.checklist, name="checklist"),
    path("checklists/<int:checklist_id>/report/", views.checklist_report, name="checklist_report"),
    path("checklists/<int:checklist_id>/report/pdf/", views.checklist_report_pdf, name="checklist_report_pdf"),
    path("checklists/<int:checklist_id>/urls.<str:fmt>", views.checklist_urls, name="checklist_urls"),
    path("checklists/<int:checklist_id>/items/<int:entry_id>/", views.entry, name="entry"),
    path("checklists/<int:checklist_id>/items/<int:entry_id>/approve/", views.approve_entry, name="approve_entry"),
    path(
        "checklists/<int:checklist_id>/items/<int:entry_id>/evidence/<int:evidence_id>/delete/",
        views.delete_evidence,
        name="delete_evidence",
    ),
]
