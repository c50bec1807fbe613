"""``python manage.py generate_scale_data --offices 245 --years 5``: national-scale test data.

See ``ita_portal.scale_data`` and each app's ``scale_data`` module for what is generated.
Accounts are ``<office code>-supervisor``, ``-director`` and ``-viewer`` with one shared
password (``--password``, default ``scale1234``), so the command is refused when DEBUG is
off, like ``load_demo``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ita_portal.scale_data import ScaleDataError, generate

DEFAULT_PASSWORD = "scale1234"


class Command(BaseCommand):
    help = (
        "Generate national-scale data (offices × fiscal years of projects, quarterly reports, "
        "OIT checklists with evidence, 3 accounts an office) with bulk inserts. Refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=245, help="number of offices (default 245, all of OBEC)")
        parser.add_argument("--years", type=int, default=5, help="fiscal years up to the current one (default 5)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every generated account")

    def handle(self, *args, offices, years, seed, password, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ปฏิเสธการสร้างข้อมูลทดสอบ: DEBUG ปิดอยู่ (ระบบจริง) / Refusing to generate accounts "
                "with a shared password while DEBUG is off."
            )
        try:
            counts = generate(offices=offices, years=years, seed=seed, password=password, out=self.stdout.write)
        except ScaleDataError as exc:
            raise CommandError(str(exc)) from exc
        seconds = counts.pop("seconds")
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"{total:,} rows in {seconds:.1f} s ({total / max(seconds, 0.001):,.0f} rows/s)"))
        for model, count in sorted(counts.items()):
            self.stdout.write(f"  {model:16} {count:>9,}")
        self.stdout.write(f"Accounts: <office code>-supervisor / -director / -viewer, password {password}")
