"""Shared fixtures: the seed-000 report loaded from ``fixtures/`` and a small cast of users."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.seeds import load_seed

SEED_000 = Path(settings.BASE_DIR) / "fixtures" / "seed_000_chiangmai6_q2_2563.json"
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


class Cast:
    """The users of the access tests: members of the seed organization in each role, members
    of another organization, and an administrator."""

    ROLES = ("anonymous", "supervisor", "other_supervisor", "director", "other_director", "viewer")

    def __init__(self, organization):
        from django.contrib.auth import get_user_model

        from ita_portal.models import Membership, Organization

        User = get_user_model()
        other = Organization.objects.create(
            code="spp-other-1", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอื่น เขต ๑", short_name="สพป.อื่น เขต ๑",
            director_name="นายอื่น ทดสอบ",
        )
        self.organization, self.other_organization = organization, other

        def member(username, org, role, first, last, position=""):
            user = User.objects.create_user(username, f"{username}@example.com", "pw-not-used-1", first_name=first, last_name=last)
            Membership.objects.create(user=user, organization=org, role=role, position=position)
            return user

        self.supervisor = member("sup", organization, "supervisor", "นางสาวธนพร", "มาใหม่", "ศึกษานิเทศก์")
        self.director = member("dir", organization, "director", "นายสมพงศ์", "พรหมจันทร์")
        self.viewer = member("view", organization, "viewer", "นายผู้อ่าน", "ทดสอบ")
        self.other_supervisor = member("osup", other, "supervisor", "นางผู้อื่น", "ทดสอบ")
        self.other_director = member("odir", other, "director", "นายผู้อื่น", "ทดสอบ")
        self.anonymous = None
        self.superuser = User.objects.create_superuser("root2", "root2@example.com", "pw-not-used-1")

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
