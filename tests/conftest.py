"""Shared fixtures: the seed-000 report loaded from ``fixtures/`` and a small cast of users."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.seeds import load_seed

SEED_000 = Path(settings.BASE_DIR) / "fixtures" / "seed_000_chiangmai6_q2_2563.json"

# The database the settings name (a developer's db.sqlite3, or whatever DATABASE_URL says),
# read before any test database replaces it.
_SETTINGS_DATABASE_NAME = settings.DATABASES["default"]["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, made for sure.

    pytest-django creates only the databases its collected tests ask for, by the ``django_db``
    marker or the ``db`` / ``transactional_db`` / ``live_server`` fixtures. The modules that
    commit one world for all their tests (a module fixture on ``django_db_setup``: the browser
    journeys, the URL matrix …) ask through neither, so run alone they got no test database and
    wrote their world into — and flushed it from — the database the settings name. Here the
    default test database is made when pytest-django made none, and removed afterwards."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    if connections["default"].settings_dict["NAME"] != _SETTINGS_DATABASE_NAME:
        yield
        return
    with django_db_blocker.unblock():
        made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(made, verbosity=0)
SEED_000_TEXT = Path(__file__).resolve().parent / "seeds" / "000_b57b04fd84562c4f.txt"


@pytest.fixture
def seed_data() -> dict:
    """The seed-000 fixture file as parsed JSON (the source of truth for expected values)."""
    return json.loads(SEED_000.read_text(encoding="utf-8"))


@pytest.fixture
def seed_report(db):
    """The quarterly report of สพป.เชียงใหม่ เขต ๖, Q2 FY 2563, loaded through the seed loader."""
    (report,) = load_seed(SEED_000)["documents"]
    return report


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-not-used-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def baht_sum(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0"))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files (signatures, approved PDFs) go to a fresh folder per test;
    passwords are hashed with a fast hasher (PBKDF2 costs ~0.3 s a user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


LOGIN = "login"  # an outcome: 302 to the sign-in page
ADMIN_LOGIN = "admin_login"  # an outcome: 302 to the admin's sign-in page


def outcome(response):
    """A response's status, or ``LOGIN`` / ``ADMIN_LOGIN`` for a redirect to a sign-in page."""
    from django.urls import reverse

    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
    return response.status_code


class Cast:
    """The users of the access tests (healthchecks' owner / member / outsider): a supervisor
    (who edits and submits ``organization``'s documents), a director (who approves them) and a
    viewer of ``organization``; a supervisor and a director of another organization; an
    outsider (signed in, member of nothing); and a superuser. ``client_for(role)`` is a client
    signed in as one of them (``"anonymous"``: signed out).

    The first cast of a test has the usernames "sup", "dir", "view", "osup", "odir", "out" and
    "root2"; a second cast (of another organization) adds "-<organization code>" to each. Every
    cast shares the other organization, "spp-other-1"."""

    ROLES = ("anonymous", "supervisor", "director", "viewer", "other_supervisor", "other_director", "outsider", "superuser")

    def __init__(self, organization):
        from django.contrib.auth import get_user_model

        from ita_portal.models import Membership, Organization

        User = get_user_model()
        other, _ = Organization.objects.get_or_create(
            code="spp-other-1",
            defaults={
                "name": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอื่น เขต ๑", "short_name": "สพป.อื่น เขต ๑",
                "director_name": "นายอื่น ทดสอบ",
            },
        )
        self.organization, self.other_organization = organization, other
        suffix = f"-{organization.code}" if User.objects.filter(username="sup").exists() else ""

        def user(username, first="", last=""):
            username += suffix
            return User.objects.create_user(username, f"{username}@example.com", "pw-not-used-1", first_name=first, last_name=last)

        def member(username, org, role, first, last, position=""):
            person = user(username, first, last)
            Membership.objects.create(user=person, organization=org, role=role, position=position)
            return person

        self.supervisor = member("sup", organization, "supervisor", "นางสาวธนพร", "มาใหม่", "ศึกษานิเทศก์")
        self.director = member("dir", organization, "director", "นายสมพงศ์", "พรหมจันทร์")
        self.viewer = member("view", organization, "viewer", "นายผู้อ่าน", "ทดสอบ")
        self.other_supervisor = member("osup", other, "supervisor", "นางผู้อื่น", "ทดสอบ")
        self.other_director = member("odir", other, "director", "นายผู้อื่น", "ทดสอบ")
        self.outsider = user("out", "นายคนนอก", "ทดสอบ")
        self.anonymous = None
        self.superuser = User.objects.create_superuser(f"root2{suffix}", f"root2{suffix}@example.com", "pw-not-used-1")

    def client_for(self, role: str):
        from django.test import Client

        client = Client()
        user = getattr(self, role)
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def cast(seed_report):
    return Cast(seed_report.project.organization)


@pytest.fixture
def member_client(client, cast):
    """A client signed in as the seed organization's supervisor."""
    client.force_login(cast.supervisor)
    return client


@pytest.fixture
def approved_report(seed_report, cast):
    """The seed report, submitted by its supervisor and approved by its director."""
    from ita_portal import transitions

    transitions.submit(seed_report, by=cast.supervisor)
    return transitions.approve(seed_report, by=cast.director)
