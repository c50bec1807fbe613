"""Rule "the director approves what they saw" for an OIT item: the approve form carries the
fingerprint of the evidence the director's page showed; when a supervisor adds or removes
evidence after the page was opened, the approval is refused with a Thai message on the
item's page and nothing is published; from the fresh page the approval goes through."""

import re

import pytest
from django.urls import reverse

from assessments.models import ChecklistEntry, Evidence
from tests.assessments_fixtures import _framework_ids, frameworks, seed_004  # noqa: F401
from tests.conftest import Cast

CHANGED = "หลักฐานมีการเปลี่ยนแปลงหลังจากที่คุณเปิดหน้านี้"


@pytest.fixture
def cast(seed_004):
    return Cast(seed_004.organization)


@pytest.fixture
def entry(seed_004):
    entry = seed_004.entries.select_related("item").get(item__code="01")
    ChecklistEntry.objects.filter(pk=entry.pk).update(status="done")
    Evidence.objects.create(entry=entry, title="โครงสร้างหน่วยงาน", url="https://example.go.th/structure")
    return entry


def _page_url(entry):
    return reverse("assessments:entry", args=[entry.checklist_id, entry.pk])


def _approve_form(page_html: str) -> dict:
    """The hidden fields of the approve form on the item's page, as the browser posts them."""
    form = re.search(r'<form method="post" action="[^"]*/approve/".*?</form>', page_html, re.S)
    assert form, "the director's page has an approve form"
    return dict(re.findall(r'<input type="hidden" name="(fingerprint)" value="([0-9a-f]*)"', form.group(0)))


def _approve_url(entry):
    return reverse("assessments:approve_entry", args=[entry.checklist_id, entry.pk])


def _published(entry) -> list[str]:
    return list(entry.evidence.filter(approved_at__isnull=False).order_by("pk").values_list("title", flat=True))


def _supervisor_adds(client, cast, entry, title):
    client.force_login(cast.supervisor)
    response = client.post(_page_url(entry), {"evidence-title": title, "evidence-url": "https://example.go.th/x", "add_evidence": "1"})
    assert response.status_code == 302


def test_evidence_added_after_the_director_opened_the_page_is_not_published(client, cast, entry):
    client.force_login(cast.director)
    seen = _approve_form(client.get(_page_url(entry)).text)
    assert len(seen["fingerprint"]) == 64

    _supervisor_adds(client, cast, entry, "หลักฐานที่ผู้อำนวยการยังไม่เห็น")

    client.force_login(cast.director)
    response = client.post(_approve_url(entry), seen, follow=True)
    assert CHANGED in response.text  # said on the item's page, where the director lands
    assert _published(entry) == []
    entry.refresh_from_db()
    assert entry.approved_at is None

    fresh = _approve_form(client.get(_page_url(entry)).text)
    assert fresh["fingerprint"] != seen["fingerprint"]
    response = client.post(_approve_url(entry), fresh, follow=True)
    assert CHANGED not in response.text and "อนุมัติให้เผยแพร่แล้ว" in response.text
    assert _published(entry) == ["โครงสร้างหน่วยงาน", "หลักฐานที่ผู้อำนวยการยังไม่เห็น"]
    entry.refresh_from_db()
    assert entry.approved_by == cast.director


def test_evidence_removed_after_the_director_opened_the_page_refuses_the_approval(client, cast, entry):
    other = Evidence.objects.create(entry=entry, title="ฉบับเก่า", url="https://example.go.th/old")
    client.force_login(cast.director)
    seen = _approve_form(client.get(_page_url(entry)).text)

    client.force_login(cast.supervisor)
    client.post(reverse("assessments:delete_evidence", args=[entry.checklist_id, entry.pk, other.pk]))

    client.force_login(cast.director)
    assert CHANGED in client.post(_approve_url(entry), seen, follow=True).text
    assert _published(entry) == []


def test_an_unchanged_page_approves_and_a_second_approval_from_it_still_matches(client, cast, entry):
    client.force_login(cast.director)
    seen = _approve_form(client.get(_page_url(entry)).text)
    client.post(_approve_url(entry), seen)
    assert _published(entry) == ["โครงสร้างหน่วยงาน"]
    # The approval itself is not a change of what the director saw.
    assert CHANGED not in client.post(_approve_url(entry), seen, follow=True).text


def test_a_malformed_fingerprint_is_refused(client, cast, entry):
    client.force_login(cast.director)
    response = client.post(_approve_url(entry), {"fingerprint": "not-hex"}, follow=True)
    assert "ข้อมูลหน้าอนุมัติไม่ถูกต้อง" in response.text
    assert _published(entry) == []
