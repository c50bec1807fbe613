"""Pages of a quarterly monitoring report: the HTML document and its PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ita_portal.pdf import render_pdf
from monitoring.models import QuarterlyReport
from plans.models import risks_by_category


# Everything the report document shows, prefetched so the page costs a fixed number of queries.
REPORT_PREFETCH = (
    "pdca_steps",
    "activity_results",
    "project__activities",
    "project__budget_line_items",
    "project__risks",
    "project__success_indicators",
)


def _get_report(report_id: int) -> QuarterlyReport:
    """Fetch a report with everything its document shows, in a fixed number of queries.

    Raises ``Http404`` for an unknown id. (Access by organization arrives with the Workflow
    issue; until then reports are readable like the published documents they reproduce.)
    """
    queryset = QuarterlyReport.objects.select_related("project__organization").prefetch_related(*REPORT_PREFETCH)
    return get_object_or_404(queryset, pk=report_id)


def report_context(report: QuarterlyReport) -> dict:
    """The template context of the report document (shared by the page, the PDF and exports)."""
    return {
        "report": report,
        "ds": report.digit_system,
        "risk_groups": risks_by_category(report.project.risks.all()),
    }


@require_safe
def report(request, report_id: int):
    """The report as an HTML page, with a PDF link and, for staff, discrepancy notes."""
    report = _get_report(report_id)
    return render(request, "monitoring/report_page.html", report_context(report))


@require_safe
def report_pdf(request, report_id: int):
    """The same document as an A4 PDF (inline, with a file name for saving)."""
    report = _get_report(report_id)
    pdf = render_pdf("monitoring/report_pdf.html", report_context(report))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.file_stem()}.pdf"'
    return response
