"""Shared fixtures: the seed-000 report loaded from ``fixtures/`` and a small cast of users."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.seeds import load_seed

SEED_000 = Path(settings.BASE_DIR) / "fixtures" / "seed_000_chiangmai6_q2_2563.json"
SEED_000_TEXT = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_b57b04fd84562c4f.txt"


@pytest.fixture
def seed_data() -> dict:
    """The seed-000 fixture file as parsed JSON (the source of truth for expected values)."""
    return json.loads(SEED_000.read_text(encoding="utf-8"))


@pytest.fixture
def seed_report(db):
    """The quarterly report of สพป.เชียงใหม่ เขต ๖, Q2 FY 2563, loaded through the seed loader."""
    (report,) = load_seed(SEED_000)["reports"]
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
