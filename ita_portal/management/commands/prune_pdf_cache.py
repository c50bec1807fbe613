"""``manage.py prune_pdf_cache [--days 30]``: delete the stored PDFs of superseded drafts and
of older renderers (``ita_portal.pdf_cache.prune``; run daily from cron)."""

from django.core.management.base import BaseCommand

from ita_portal import pdf_cache


class Command(BaseCommand):
    help = "ลบไฟล์ PDF ฉบับร่างที่เก็บไว้ซึ่งไม่มีการเรียกใช้อีก (ฉบับร่างที่แก้ไขแล้วและของตัวสร้าง PDF รุ่นเก่า)"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=pdf_cache.PRUNE_DAYS,
                            help="keep the current renderer's PDFs written in the last DAYS days")

    def handle(self, *args, days: int, **options):
        deleted, freed = pdf_cache.prune(days=days)
        self.stdout.write(f"pdf-cache: {deleted} files deleted, {freed:,} bytes freed")
