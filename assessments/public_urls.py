"""Public OIT URLs (mounted at /oit/); item URLs are permanent: organization code, fiscal year, item code."""

from django.urls import path

from assessments import public_views

app_name = "oit"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:code>/<int:fiscal_year>/", public_views.organization_year, name="organization_year"),
    path("<slug:code>/<int:fiscal_year>/<slug:item_code>/", public_views.item, name="item"),
    path(
        "<slug:code>/<int:fiscal_year>/<slug:item_code>/files/<int:evidence_id>/",
        public_views.evidence_file,
        name="evidence_file",
    ),
]
