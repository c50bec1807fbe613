"""The office's Score-Final report as an A4 PDF, through the portal's PDF cache
(``ita_portal.pdf_cache``: the rendered HTML's SHA-256 keys the stored PDF).

Rule "long renders run in the background" (``pdf_cache.INLINE_HTML_CHARS``): an office's
report grows with its schools (about 1,300 characters of HTML a school; 200 schools make
266,000 characters and took 25 s of WeasyPrint on the shared 2-core machine, past gunicorn's
30 s timeout with a few more), so a report whose HTML is over the limit and not stored yet
is rendered by the task worker (``render_report_pdf``) while the person's browser shows a
waiting page that reloads itself; a shorter one is rendered in the request, as a draft
document's PDF is.
"""

from __future__ import annotations

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from ita_portal import pdf_cache
from ita_portal.models import Organization

TEMPLATE = "assessments/score_final_pdf.html"


def report_context(office: Organization, scores) -> dict:
    """Template context of the report (page and PDF): the office, its figures
    (``score_final.OfficeScores``), the digit system (the office's) and the date the figures
    were read (today, local)."""
    return {"office": office, "scores": scores, "ds": office.default_digit_system, "today": timezone.localdate()}


def report_pdf(office: Organization, scores) -> bytes | None:
    """The report's PDF bytes: stored, or rendered now when its HTML is short; ``None`` when
    it is long and not stored yet — then ``render_report_pdf`` is queued (once per content
    for ``pdf_cache.QUEUED_SECONDS``) and the caller shows a waiting page. Raises
    ``PDFRenderError`` when rendering fails."""
    context = report_context(office, scores)
    html, sha = pdf_cache.html_for(TEMPLATE, context)
    data = pdf_cache.stored_pdf(sha)
    if data is not None:
        return data
    if len(html) > pdf_cache.INLINE_HTML_CHARS:
        if cache.add(f"{pdf_cache.FOLDER}:queued:{sha}", True, pdf_cache.QUEUED_SECONDS):
            render_report_pdf.enqueue(office_id=office.pk, fiscal_year=scores.fiscal_year)
        return None
    return pdf_cache.render_and_store(html, sha, context)


@task()
def render_report_pdf(*, office_id: int, fiscal_year: int | None) -> str:
    """The worker's render of a long report: store the PDF of office ``office_id``'s
    Score-Final report of ``fiscal_year`` (BE) as the figures are now, keyed by its HTML's
    SHA-256 as a request would key it; return that SHA-256."""
    from assessments.score_final import office_scores

    office = Organization.objects.get(pk=office_id)
    context = report_context(office, office_scores(office, fiscal_year))
    html, sha = pdf_cache.html_for(TEMPLATE, context)
    if pdf_cache.stored_pdf(sha) is None:
        pdf_cache.render_and_store(html, sha, context)
    return sha
