"""``python manage.py import_schools FILE``: create the schools listed in a .csv or .xlsx
file under their offices (``ita_portal.organization_import``: the columns, and why a file is
refused). All rows or none: a file with any bad row saves nothing and the command stops
with every problem, each naming its row."""

from django.core.management.base import BaseCommand, CommandError

from ita_portal.organization_import import NOTHING_SAVED, ImportRefused, import_schools_file


class Command(BaseCommand):
    help = (
        "นำเข้าสถานศึกษาจากไฟล์ .csv หรือ .xlsx (หนึ่งแถวต่อหนึ่งโรงเรียน: รหัสหน่วยงาน ชื่อเต็ม "
        "รหัสหน่วยงานที่กำกับดูแล …) ไม่บันทึกเลยหากมีแถวใดผิด"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            schools = import_schools_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"ไม่พบไฟล์ {file}") from exc
        except ImportRefused as exc:
            raise CommandError(NOTHING_SAVED + "\n" + "\n".join(exc.errors)) from exc
        for school in schools:
            self.stdout.write(f"{school.code} {school.name} ← {school.parent.code}")
        self.stdout.write(self.style.SUCCESS(f"นำเข้าแล้ว {len(schools)} สถานศึกษา"))
