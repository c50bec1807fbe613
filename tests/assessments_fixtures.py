"""Fixtures of the assessments tests: frameworks and seeds 002 / 004 loaded through the seed
loader (the users are the conftest ``Cast`` of the document's organization)."""

from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.seeds import load_seed

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED_002 = FIXTURES / "seed_002_tak2_2566.json"
SEED_004 = FIXTURES / "seed_004_moe_chiangmai_2563.json"
SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_004_TEXT = SEEDS / "004_b1fe4880d3f28ec7.txt"
SEED_002_TEXT = SEEDS / "002_3f3d384fc5e338e5.txt"


@pytest.fixture(scope="module")
def _framework_ids(django_db_setup, django_db_blocker):
    """Every framework fixture loaded once for a test module, in a transaction rolled back
    when the module ends (loading all ten takes seconds); ``{(body, fiscal year): pk}``."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        ids = {}
        for path in sorted(FIXTURES.glob("seed_0000_framework_*.json")):
            for framework in load_seed(path)["documents"]:
                ids[(framework.assessing_body, framework.fiscal_year)] = framework.pk
        yield ids
        transaction.set_rollback(True)


@pytest.fixture
def frameworks(_framework_ids, db):
    """Every framework fixture, loaded; ``{(body, fiscal year): Framework}`` (fresh instances
    for each test; each test's changes are rolled back)."""
    from assessments.models import Framework

    by_pk = Framework.objects.in_bulk(_framework_ids.values())
    return {key: by_pk[pk] for key, pk in _framework_ids.items()}


@pytest.fixture
def seed_002(db):
    """The ITA result of สพป.ตาก เขต 2, FY 2566 (with only its own framework loaded)."""
    load_seed(FIXTURES / "seed_0000_framework_obec_2566.json")
    (result,) = load_seed(SEED_002)["documents"]
    return result


@pytest.fixture
def seed_004(db):
    """The OIT checklist of ศธจ.เชียงใหม่, FY 2563 (with only its own framework loaded)."""
    load_seed(FIXTURES / "seed_0000_framework_moe_2563.json")
    (checklist,) = load_seed(SEED_004)["documents"]
    return checklist
