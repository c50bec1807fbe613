"""``generate_scale_data``: the row counts of a tiny run, and the pages answer on its data."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import ChecklistEntry, Evidence, OITChecklist
from ita_portal import thai
from ita_portal.models import Membership, Organization
from ita_portal.workflow import Status
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("generate_scale_data", "--offices", "2", "--years", "1", "--seed", "7", stdout=out)
    return out.getvalue()


def test_it_creates_the_documented_rows_and_reports_them(generated):
    items = OITChecklist.objects.get(organization__code="scale-spp-001").framework.items.count()
    assert Organization.objects.filter(code__startswith="scale-").count() == 2
    assert Membership.objects.filter(organization__code__startswith="scale-").count() == 6
    assert Project.objects.count() == 2
    assert Activity.objects.count() == 2 * 20
    assert BudgetLineItem.objects.count() == 2 * 20 * 6
    assert QuarterlyReport.objects.count() == 2 * 4
    assert PDCAStep.objects.count() == 2 * 4 * 4
    assert ActivityResult.objects.count() == 2 * 4 * 20
    assert items > 0 and ChecklistEntry.objects.count() == 2 * items
    assert Evidence.objects.exists()
    assert "rows in" in generated and "BudgetLineItem" in generated and "offices 2/2" in generated
    # One password hash for every account (hashing costs ~0.9 s; 735 of them would take 11 minutes).
    hashes = set(get_user_model().objects.filter(username__startswith="scale-").values_list("password", flat=True))
    assert len(hashes) == 1
    assert get_user_model().objects.get(username="scale-spp-001-supervisor").check_password("scale1234")


def test_pages_answer_on_generated_data(generated):
    report = QuarterlyReport.objects.filter(project__organization__code="scale-spp-001").first()
    checklist = OITChecklist.objects.get(organization__code="scale-spp-001")
    client = Client()
    client.force_login(get_user_model().objects.get(username="scale-spp-001-supervisor"))
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get(reverse("staff:report", args=[report.pk])).status_code == 200
    assert client.get(reverse("monitoring:report", args=[report.pk])).status_code == 200
    assert Client().get(checklist.get_public_url()).status_code == 200


def test_approved_reports_carry_the_approver_and_years_end_at_the_current_one(generated):
    approved = QuarterlyReport.objects.filter(status=Status.APPROVED)
    assert all(r.approver_name and r.reviewed_by_id and r.submitted_at for r in approved)
    assert set(Project.objects.values_list("fiscal_year", flat=True)) == {thai.fiscal_year(timezone.localdate())}
    with pytest.raises(CommandError, match="already exist"):
        call_command("generate_scale_data", "--offices", "1", "--years", "1", stdout=StringIO())


def test_it_is_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_scale_data", "--offices", "1", "--years", "1", stdout=StringIO())
    assert not Organization.objects.exists()
