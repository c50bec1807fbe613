"""Staff URLs of the assessments app (mounted at /assessments/)."""

from django.urls import path

from assessments import framework_views, school_views, score_final_views, views
from ita_portal.document_views import document_urls

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new-year/", views.start_year, name="start_year"),
    *document_urls("ita-result", "results/"),
    path("results/<int:result_id>/scores/", views.result_scores, name="result_scores"),
    path("results/<int:result_id>/scores/use-final/", views.result_use_final, name="result_use_final"),
    path("results/<int:result_id>/edit/", views.result_edit, name="result_edit"),
    path("results/<int:result_id>/focuses/<int:focus_id>/", views.focus_edit, name="focus_edit"),
    path("frameworks/", framework_views.framework_list, name="framework_list"),
    path("frameworks/<int:framework_id>/", framework_views.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/items/<int:item_id>/", framework_views.framework_item, name="framework_item"),
    path("frameworks/<int:framework_id>/calendar/", views.framework_calendar, name="framework_calendar"),
    path("offices/<int:organization_id>/schools/", school_views.schools, name="schools"),
    # Score-Final of an office's schools (assessments.score_final_views): page, workbook for OBEC, report PDF
    path("offices/<int:organization_id>/score-final/", score_final_views.score_final, name="score_final"),
    path("offices/<int:organization_id>/score-final.xlsx", score_final_views.score_final_xlsx, name="score_final_xlsx"),
    path("offices/<int:organization_id>/score-final/pdf/", score_final_views.score_final_pdf, name="score_final_pdf"),
    path("checklists/<int:checklist_id>/school-round/", school_views.school_checklist, name="school_checklist"),
    path("checklists/<int:checklist_id>/school-round/items/<int:entry_id>/", school_views.school_item, name="school_item"),
    path("checklists/<int:checklist_id>/", views.checklist, name="checklist"),
    path("checklists/<int:checklist_id>/report/", views.checklist_report, name="checklist_report"),
    path("checklists/<int:checklist_id>/report/pdf/", views.checklist_report_pdf, name="checklist_report_pdf"),
    path("checklists/<int:checklist_id>/urls.<str:fmt>", views.checklist_urls, name="checklist_urls"),
    path("checklists/<int:checklist_id>/clarification/", views.clarification, name="clarification"),
    path("checklists/<int:checklist_id>/clarification/pdf/", views.clarification_pdf, name="clarification_pdf"),
    path("checklists/<int:checklist_id>/clarification/submit/", views.clarification_submit, name="clarification_submit"),
    path("checklists/<int:checklist_id>/clarification/review/", views.clarification_review, name="clarification_review"),
    path("checklists/<int:checklist_id>/clarification/items/<int:entry_id>/", views.clarification_item, name="clarification_item"),
    path("checklists/<int:checklist_id>/verdicts/<str:round>/", views.verdicts, name="verdicts"),
    path("checklists/<int:checklist_id>/review/", views.review_entries, name="review_entries"),
    path("checklists/<int:checklist_id>/check-links/", views.check_links, name="check_links"),
    path("checklists/<int:checklist_id>/items/<int:entry_id>/", views.entry, name="entry"),
    path("checklists/<int:checklist_id>/items/<int:entry_id>/approve/", views.approve_entry, name="approve_entry"),
    path(
        "checklists/<int:checklist_id>/items/<int:entry_id>/evidence/<int:evidence_id>/delete/",
        views.delete_evidence,
        name="delete_evidence",
    ),
]
