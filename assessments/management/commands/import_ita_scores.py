"""``python manage.py import_ita_scores FILE``: import ITA scores from .csv or .xlsx (all rows or none)."""

from django.core.management.base import BaseCommand, CommandError

from assessments.score_io import ImportRefused, read_file, import_scores


class Command(BaseCommand):
    help = "นำเข้าคะแนน ITA จากไฟล์ .csv หรือ .xlsx (หนึ่งแถวต่อหนึ่งหน่วยงาน) ไม่บันทึกเลยหากมีแถวใดผิด"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            results = import_scores(read_file(file))
        except ImportRefused as exc:
            raise CommandError("ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ):\n" + "\n".join(exc.errors)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"ไม่พบไฟล์ {file}") from exc
        for result in results:
            self.stdout.write(f"{result.organization.code} {result.fiscal_year}")
        self.stdout.write(self.style.SUCCESS(f"นำเข้าแล้ว {len(results)} หน่วยงาน"))
