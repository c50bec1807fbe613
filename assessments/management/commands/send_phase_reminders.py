"""``python manage.py send_phase_reminders [--date YYYY-MM-DD]``: run once a day (cron or a
systemd timer); see ``assessments.reminders``."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.reminders import send_phase_reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"วันที่ไม่ถูกต้อง: {value!r} (ใช้ปีคริสต์ศักราช เช่น 2027-04-23)") from None


class Command(BaseCommand):
    help = (
        "E-mail the supervisors and directors of the offices assessed under each framework "
        "the set number of days before each ITAS phase ends; never twice for the same phase and person."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=_date, help="the day to act as today, Common Era YYYY-MM-DD (default: today in the portal's time zone)"
        )

    def handle(self, *args, date=None, **options):
        day = date or timezone.localdate()
        sent = send_phase_reminders(day)
        self.stdout.write(f"{day.isoformat()}: sent {sent} reminder e-mail(s)")
