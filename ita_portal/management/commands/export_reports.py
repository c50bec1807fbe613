"""``python manage.py export_reports --out DIR [--org CODE] [--fiscal-year YYYY]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from ita_portal.pdf import PDFRenderError, render_pdf
from monitoring.models import QuarterlyReport
from monitoring.views import report_context


class Command(BaseCommand):
    help = "Write every quarterly report's HTML and PDF into a folder, one line of progress per document."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="folder to write into (created when missing)")
        parser.add_argument("--org", help="only this organization code")
        parser.add_argument("--fiscal-year", type=int, help="only this fiscal year (Buddhist Era, e.g. 2563)")

    def handle(self, *args, out: Path, org=None, fiscal_year=None, **options):
        reports = QuarterlyReport.objects.with_document()
        if org:
            reports = reports.filter(project__organization__code=org)
        if fiscal_year:
            reports = reports.filter(project__fiscal_year=fiscal_year)
        reports = list(reports.order_by("project__organization__code", "project__fiscal_year", "quarter", "pk"))
        if not reports:
            raise CommandError("ไม่พบรายงานตามเงื่อนไขที่ระบุ / no report matches")
        out.mkdir(parents=True, exist_ok=True)
        for index, report in enumerate(reports, start=1):
            context = report_context(report)
            html_path = out / f"{report.file_stem()}.html"
            pdf_path = out / f"{report.file_stem()}.pdf"
            html_path.write_text(render_to_string("monitoring/report_pdf.html", context), encoding="utf-8")
            try:
                pdf_path.write_bytes(render_pdf("monitoring/report_pdf.html", context))
            except PDFRenderError as exc:
                raise CommandError(f"{report}: {exc}") from exc
            self.stdout.write(f"[{index}/{len(reports)}] {report} → {html_path.name}, {pdf_path.name}")
        self.stdout.write(self.style.SUCCESS(f"เขียน {len(reports)} รายงานไว้ที่ {out}"))
