"""``python manage.py load_demo``: load every seed document and create demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ita_portal.models import Membership
from ita_portal.seeds import SeedError, load_seed, seed_files

DEMO_PASSWORD = "demo1234"


class Command(BaseCommand):
    help = (
        "Load every seed fixture in fixtures/ and create demo accounts (admin, and "
        "<organization code>-supervisor / -director, password demo1234). Refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="printed before each URL")

    def handle(self, *args, base_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ปฏิเสธการสร้างบัญชีสาธิต: DEBUG ปิดอยู่ (ระบบจริง) บัญชีที่มีรหัสผ่าน demo1234 "
                "ต้องไม่อยู่ในระบบจริง / Refusing to create demo accounts with DEBUG off."
            )
        files = seed_files()
        if not files:
            raise CommandError("ไม่พบไฟล์ข้อมูลตัวอย่างใน fixtures/ (seed_*.json)")
        with transaction.atomic():
            loaded = []
            for path in files:
                try:
                    loaded.append((path, load_seed(path)))
                except SeedError as exc:
                    raise CommandError(str(exc)) from exc
            accounts = self._create_accounts(loaded)
            self._publish(loaded)

        self.stdout.write(self.style.SUCCESS(f"โหลดข้อมูลตัวอย่าง {len(files)} ไฟล์แล้ว"))
        self.stdout.write("\nรายงาน / Reports:")
        for path, result in loaded:
            for report in result["reports"]:
                self.stdout.write(f"  {report}")
                self.stdout.write(f"    HTML {base_url}{report.get_absolute_url()}")
                self.stdout.write(f"    PDF  {base_url}{report.get_pdf_url()}")
            for document in result["documents"]:
                self.stdout.write(f"  {document}")
                self.stdout.write(f"    {base_url}{document.get_absolute_url()}")
        self.stdout.write(f"\nบัญชีสาธิต / Demo logins (password {DEMO_PASSWORD}), sign in at {base_url}/accounts/login/:")
        for username, label in accounts:
            self.stdout.write(f"  {username:40} {label}")

    def _publish(self, loaded) -> None:
        """The seed documents are published documents: the demo supervisor submits each and the
        demo director approves it, through the same workflow functions as the staff pages
        (so each gets its stored PDF and SHA-256)."""
        from assessments.models import ITAResult
        from assessments.services import approve_result, submit_result
        from monitoring.calendar import Memo, MonitoringCalendar, TrackingReport
        from monitoring.services import approve_report, submit_report
        from plans.action_plan_services import publish_demo
        from plans.action_plans import ActionPlan, ProgressReport

        User = get_user_model()

        def demo_user(organization, role):
            return User.objects.get(username=f"{organization.code}-{role}")

        for _path, result in loaded:
            for report in result["reports"]:
                if report.is_approved:
                    continue
                organization = report.project.organization
                submit_report(report=report, by=demo_user(organization, "supervisor"))
                approve_report(report=report, by=demo_user(organization, "director"))
            # Plans before their progress reports, calendars before their tracking reports:
            # the loaders return them in that order.
            for document in result["documents"]:
                if isinstance(document, (ActionPlan, ProgressReport, MonitoringCalendar, TrackingReport, Memo)) and not document.is_approved:
                    publish_demo(
                        document=document,
                        supervisor=demo_user(document.organization, "supervisor"),
                        director=demo_user(document.organization, "director"),
                    )
                elif isinstance(document, ITAResult) and not document.is_approved:
                    submit_result(result=document, by=demo_user(document.organization, "supervisor"))
                    approve_result(result=document, by=demo_user(document.organization, "director"))

    def _create_accounts(self, loaded) -> list[tuple[str, str]]:
        User = get_user_model()
        accounts = []
        admin, _ = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.email = "admin@example.com"
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        accounts.append(("admin", "ผู้ดูแลระบบ (superuser)"))
        for _path, result in loaded:
            rows = {row["code"]: row for row in result["data"].get("organizations", [])}
            for org in result["organizations"]:
                row = rows.get(org.code, {})
                for role, key in ((Membership.Role.SUPERVISOR, "demo_supervisor"), (Membership.Role.DIRECTOR, "demo_director")):
                    person = row.get(key, {})
                    username = f"{org.code}-{role}"
                    user, _ = User.objects.get_or_create(username=username)
                    user.first_name = person.get("first_name", "")
                    user.last_name = person.get("last_name", "")
                    # Members work in the staff pages (/staff/); the admin is for administrators.
                    user.is_staff = False
                    user.email = f"{username}@example.com"
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                    Membership.objects.update_or_create(
                        user=user, organization=org, defaults={"role": role, "position": person.get("position", "")}
                    )
                    accounts.append((username, f"{Membership.Role(role).label} {org.short_name}"))
        return accounts

