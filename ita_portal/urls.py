"""Top-level URLs: the admin, the documents' pages and a home page."""

from django.contrib import admin
from django.urls import include, path

from ita_portal import account_views, work_views


admin.site.site_header = "ITA Portal – ระบบบริหารงานป้องกันการทุจริต"
admin.site.site_title = "ITA Portal"
admin.site.index_title = "การจัดการข้อมูล"

urlpatterns = [
    path("", include("monitoring.home_urls")),
    path("reports/", include("monitoring.urls")),
    # Action plans (plans) and their progress reports (monitoring) share the published
    # /plans/ paths and the URL namespace "action_plans".
    path("plans/", include((
        [path("", include("plans.action_plan_urls")), path("", include("monitoring.progress_urls"))],
        "action_plans",
    ))),
    path("calendars/", include("monitoring.calendar_urls")),
    path("assessments/", include("assessments.urls")),
    path("oit/", include("assessments.public_urls")),
    # One list of every document kind (published documents for everybody, members' too).
    path("documents/<slug:slug>/", work_views.document_list, name="document_list"),
    path("staff/", include("ita_portal.staff_urls")),
    # The reset request sends its mail from the task worker (ita_portal.accounts); Django's
    # other account pages are used as they are.
    path("accounts/password_reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

# A database that is down gives the Thai 503 page, any other crash the Thai 500 page.
handler500 = "ita_portal.errors.server_error"
