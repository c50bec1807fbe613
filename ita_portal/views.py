"""The home page: the published reports, newest fiscal year first."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from monitoring.models import QuarterlyReport


@require_safe
def home(request):
    """List every quarterly report with its organization, fiscal year and quarter."""
    reports = QuarterlyReport.objects.select_related("project__organization").order_by(
        "-project__fiscal_year", "project__organization__code", "quarter"
    )
    return render(request, "home.html", {"reports": reports})
