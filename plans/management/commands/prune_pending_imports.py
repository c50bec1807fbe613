"""``python manage.py prune_pending_imports``: delete the Excel files kept for an import's
confirmation (``plans.action_plan_excel.PendingImport``, under MEDIA ``imports/``) whose
token has expired. Keeping a new file prunes too; this is for operators (after a restore,
or from cron when nobody imports for a long time)."""

from django.core.management.base import BaseCommand

from plans.action_plan_excel import PendingImport


class Command(BaseCommand):
    help = (
        "Delete the Excel imports waiting for confirmation whose 2-hour token has expired "
        "(files under MEDIA imports/ older than PendingImport.MAX_AGE)."
    )

    def handle(self, *args, **options):
        deleted = PendingImport.prune()
        self.stdout.write(f"deleted {deleted} expired pending import file(s)")
