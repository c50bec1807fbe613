"""``python manage.py load_demo``: load every seed document and create demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ita_portal.models import Membership
from ita_portal.seeds import SeedError, load_seed, seed_files
from ita_portal.transitions import publish
from ita_portal.workflow import WorkflowDocument

DEMO_PASSWORD = "demo1234"


class Command(BaseCommand):
    help = (
        "Load every seed fixture in fixtures/ and create demo accounts (admin, and "
        "<organization code>-supervisor / -director, password demo1234). Refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default=None,
            help="printed before each URL (default: settings.SITE_URL, which follows PORT)",
        )

    def handle(self, *args, base_url, **options):
        base_url = (base_url or settings.SITE_URL).rstrip("/")
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
        for _path, result in loaded:
            for document in result["documents"]:
                self.stdout.write(f"  {document}")
                if hasattr(document, "get_pdf_url"):
                    self.stdout.write(f"    HTML {base_url}{document.get_absolute_url()}")
                    self.stdout.write(f"    PDF  {base_url}{document.get_pdf_url()}")
                else:
                    self.stdout.write(f"    {base_url}{document.get_absolute_url()}")
        self.stdout.write(f"\nบัญชีสาธิต / Demo logins (password {DEMO_PASSWORD}), sign in at {base_url}/accounts/login/:")
        for username, label in accounts:
            self.stdout.write(f"  {username:40} {label}")

    def _publish(self, loaded) -> None:
        """The seed documents are published documents: the demo supervisor submits each
        workflow document and the demo director approves it, in the order the loaders
        returned them (a plan before its progress reports, a calendar before its monitoring
        report), through the same transitions as the staff pages."""
        User = get_user_model()
        for _path, result in loaded:
            for document in result["documents"]:
                if isinstance(document, WorkflowDocument):
                    code = document.organization.code
                    publish(
                        document,
                        supervisor=User.objects.get(username=f"{code}-supervisor"),
                        director=User.objects.get(username=f"{code}-director"),
                    )

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

