"""One fixture world for the security tests: every seed document of every app, the
conftest ``Cast`` made members of every seed organization, and one private evidence file.

``build_world()`` runs once per test module inside ``module_world`` (a transaction opened with
``django_db_blocker`` and rolled back when the module ends), so the URL matrix and the fuzz
tests do not reload the seeds for each test. Each request made by those tests runs inside
``rolled_back()``, so one request never sees what an earlier one changed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from ita_portal.models import Membership
from ita_portal.seeds import load_seed
from tests.conftest import SEED_000, Cast

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The URL matrix's roles (columns), in order; the other_* users are its outsiders.
ROLES = ("anonymous", "supervisor", "other_supervisor", "director", "other_director", "viewer", "superuser")
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    cast: Cast
    report: object  # monitoring.QuarterlyReport (seed 000, draft)
    plan: object  # plans.ActionPlan (seed 001)
    progress: object  # monitoring.ProgressReport (seed 001)
    calendar: object  # monitoring.MonitoringCalendar (seed 003)
    monitoring_report: object  # monitoring.MonitoringReport (seed 003)
    memo: object  # monitoring.Memo (seed 003)
    result: object  # assessments.ITAResult (seed 002)
    checklist: object  # assessments.OITChecklist (seed 004)
    entry: object  # assessments.ChecklistEntry of the checklist
    evidence: object  # assessments.Evidence with a PDF file, not approved (private)
    export: object = None  # django.tasks TaskResult of a queued export (ita_portal.exports)
    organizations: list = field(default_factory=list)


def _pick(documents, cls):
    return next(d for d in documents if isinstance(d, cls))


def build_world() -> World:
    """Load every seed and give the cast the same role in every seed organization."""
    from assessments.models import Evidence, ITAResult, OITChecklist
    from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
    from monitoring.progress import ProgressReport
    from plans.action_plans import ActionPlan

    (report,) = load_seed(SEED_000)["documents"]
    cast = Cast(report.project.organization)
    documents = []
    for framework in sorted(FIXTURES.glob("seed_0000_framework_*.json")):
        load_seed(framework)
    for name in ("seed_001_*.json", "seed_002_*.json", "seed_003_*.json", "seed_004_*.json"):
        (path,) = FIXTURES.glob(name)
        documents.extend(load_seed(path)["documents"])
    world = World(
        cast=cast,
        report=report,
        plan=_pick(documents, ActionPlan),
        progress=_pick(documents, ProgressReport),
        calendar=_pick(documents, MonitoringCalendar),
        monitoring_report=_pick(documents, MonitoringReport),
        memo=_pick(documents, Memo),
        result=_pick(documents, ITAResult),
        checklist=_pick(documents, OITChecklist),
        entry=None,
        evidence=None,
    )
    organizations = {
        report.project.organization, world.plan.organization, world.calendar.organization,
        world.result.organization, world.checklist.organization,
    }
    world.organizations = sorted(organizations, key=lambda o: o.code)
    for organization in world.organizations:
        if organization == cast.organization:
            continue
        for role in ("supervisor", "director", "viewer"):
            Membership.objects.create(user=getattr(cast, role), organization=organization, role=role)
    world.entry = world.checklist.entries.select_related("item").order_by("item__order").first()
    evidence = Evidence(entry=world.entry, title="หลักฐานที่ยังไม่อนุมัติ", content_type="application/pdf", size=len(MINIMAL_PDF))
    evidence.file.save("private.pdf", ContentFile(MINIMAL_PDF), save=False)
    evidence.save()
    world.evidence = evidence
    # The preliminary verdict of ITAS failed that item: it has a clarification page.
    from assessments.models import ItemVerdict

    ItemVerdict.objects.create(entry=world.entry, round="preliminary", passed=False, reason="ไม่พบข้อมูล")
    # A background export of the seed organization, queued (not run): its status page is for
    # members; its download is 404 until the worker has made the zip.
    from ita_portal.exports import export_reports

    world.export = export_reports.using(backend="default").enqueue(
        organization_ids=[cast.organization.pk], fiscal_year=report.project.fiscal_year, requested_by=cast.supervisor.pk
    )
    return world


@contextlib.contextmanager
def module_world(django_db_blocker):
    """Build the world in a transaction that is rolled back on exit (module scope)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


@contextlib.contextmanager
def stubbed_world(django_db_blocker, media, stub_pdf=lambda html: b"%PDF-1.4 stub\n"):
    """``module_world`` with its own media folder (``media``), a fast password hasher and
    PDF rendering replaced by ``stub_pdf`` (html → bytes): for the module-scoped ``world``
    fixtures of the access, query-count and document-kind tests."""
    import pytest
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("ita_portal.pdf.html_to_pdf", stub_pdf)
            with module_world(django_db_blocker) as world:
                world.media = media
                yield world


@contextlib.contextmanager
def rolled_back():
    """Run a block (one request) in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def world_fixtures(media_name: str, *, savepoint_name: str = "savepoint", stub_pdf=None):
    """The three fixtures of a module that runs in one stubbed world: ``world`` (module scope,
    ``stubbed_world`` with its own media folder ``media_name`` and ``stub_pdf`` when given),
    ``media_root`` (autouse: the world's media folder for every test) and a savepoint fixture
    named ``savepoint_name`` (the world, with the test's writes rolled back). Assign the
    returned tuple to three module names so pytest finds them."""
    import pytest

    @pytest.fixture(scope="module", name="world")
    def world_fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        stub = {"stub_pdf": stub_pdf} if stub_pdf else {}
        with stubbed_world(django_db_blocker, tmp_path_factory.mktemp(media_name), **stub) as world:
            yield world

    @pytest.fixture(autouse=True, name="media_root")
    def media_root_fixture(world, settings):
        settings.MEDIA_ROOT = world.media
        return world.media

    @pytest.fixture(name=savepoint_name)
    def savepoint_fixture(world, db):
        with rolled_back():
            yield world

    return world_fixture, media_root_fixture, savepoint_fixture
