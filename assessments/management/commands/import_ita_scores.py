"""``python manage.py import_ita_scores FILE``: import ITA scores from .csv or .xlsx (all rows or none).

A result that is submitted to or approved by the director is never changed (rule "a submitted
or approved document is locked", ``ita_portal.workflow.LOCKED_STATUSES``): ``import_scores``
refuses its row, and should the result be submitted between that check and the write, the
model layer's ``FrozenDocumentError`` rolls the whole import back; either way the command
stops with the Thai reason and nothing is saved.
"""

from django.core.management.base import BaseCommand, CommandError

from assessments.score_io import ImportRefused, read_file, import_scores
from ita_portal.workflow import FrozenDocumentError

NOTHING_SAVED = "ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ):\n"


class Command(BaseCommand):
    help = "นำเข้าคะแนน ITA จากไฟล์ .csv หรือ .xlsx (หนึ่งแถวต่อหนึ่งหน่วยงาน) ไม่บันทึกเลยหากมีแถวใดผิด"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            results = import_scores(read_file(file))
        except ImportRefused as exc:
            raise CommandError(NOTHING_SAVED + "\n".join(exc.errors)) from exc
        except FrozenDocumentError as exc:  # locked after import_scores checked it: rolled back
            raise CommandError(NOTHING_SAVED + str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"ไม่พบไฟล์ {file}") from exc
        for result in results:
            self.stdout.write(f"{result.organization.code} {result.fiscal_year}")
        self.stdout.write(self.style.SUCCESS(f"นำเข้าแล้ว {len(results)} หน่วยงาน"))
