"""Public pages of the quarterly report (mounted at /reports/): page, PDF, signature."""

from ita_portal.document_views import document_urls

app_name = "monitoring"

urlpatterns = document_urls("quarterly-report", views=("page", "pdf", "signature"))
