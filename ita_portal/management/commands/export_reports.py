"""``python manage.py export_reports --out DIR [--org CODE] [--fiscal-year YYYY] [--kind SLUG]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from ita_portal import kinds
from ita_portal.models import Organization
from ita_portal.pdf import PDFRenderError


class Command(BaseCommand):
    help = (
        "Write the HTML and PDF of every document (every kind, or --kind) into a folder, one line "
        "of progress per document; an approved document's PDF is its stored, signed file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="folder to write into (created when missing)")
        parser.add_argument("--org", help="only this organization code")
        parser.add_argument("--fiscal-year", type=int, help="only this fiscal year (Buddhist Era, e.g. 2563)")
        parser.add_argument(
            "--kind", choices=[k.slug for k in kinds.all_kinds()], help="only this kind of document (default: every kind)"
        )

    def handle(self, *args, out: Path, org=None, fiscal_year=None, kind=None, **options):
        organizations = Organization.objects.filter(code=org) if org else Organization.objects.all()
        selected = [kinds.get(kind)] if kind else kinds.all_kinds()
        documents = [(k, d) for k in selected for d in k.of(organizations, fiscal_year)]
        if not documents:
            raise CommandError("ไม่พบเอกสารตามเงื่อนไขที่ระบุ / no document matches")
        out.mkdir(parents=True, exist_ok=True)
        for index, (k, document) in enumerate(documents, start=1):
            html_path = out / f"{document.file_stem()}.html"
            pdf_path = out / f"{document.file_stem()}.pdf"
            html_path.write_text(render_to_string(k.pdf_template, k.document_context(document)), encoding="utf-8")
            try:
                pdf_path.write_bytes(k.pdf_bytes(document))
            except PDFRenderError as exc:
                raise CommandError(f"{document}: {exc}") from exc
            self.stdout.write(f"[{index}/{len(documents)}] {document} → {html_path.name}, {pdf_path.name}")
        self.stdout.write(self.style.SUCCESS(f"เขียน {len(documents)} เอกสารไว้ที่ {out}"))
