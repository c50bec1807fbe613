"""``python manage.py check_evidence_links``: run once a day (cron or a systemd timer, README);
checks the approved evidence URLs of every open OIT checklist (``assessments.link_checks``)."""

from django.core.management.base import BaseCommand

from assessments.link_checks import check_evidence_links


class Command(BaseCommand):
    help = (
        "Request every approved OIT evidence URL of the open checklists, record what answered, "
        "mark broken or changed links and e-mail the supervisors once per new problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--checklist", type=int, action="append", dest="checklist_ids", help="only this checklist id (repeatable)")

    def handle(self, *args, checklist_ids=None, **options):
        counts = check_evidence_links.call(checklist_ids=checklist_ids)
        self.stdout.write(
            "checked {checked} link(s): {ok} ok, {broken} broken, {changed} changed, {skipped} skipped; {mails} e-mail(s) sent".format(**counts)
        )
