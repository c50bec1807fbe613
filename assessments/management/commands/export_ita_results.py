"""``python manage.py export_ita_results --fiscal-year 2566 --out FILE.csv|FILE.xlsx``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.score_io import result_rows, write_table


class Command(BaseCommand):
    help = "ส่งออกผลการประเมิน ITA (คะแนนรายเครื่องมือ คะแนนถ่วงน้ำหนัก คะแนนรวม ระดับ) เป็น .csv หรือ .xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, required=True, help="ปีงบประมาณ (พ.ศ.) เช่น 2566")
        parser.add_argument("--out", required=True, help="ไฟล์ปลายทาง .csv หรือ .xlsx")

    def handle(self, *args, fiscal_year, out, **options):
        if not out.lower().endswith((".csv", ".xlsx")):
            raise CommandError("ไฟล์ปลายทางต้องลงท้ายด้วย .csv หรือ .xlsx")
        rows = result_rows(fiscal_year)
        Path(out).write_bytes(write_table(rows, out))
        self.stdout.write(self.style.SUCCESS(f"ส่งออก {len(rows) - 1} หน่วยงาน ไปที่ {out}"))
