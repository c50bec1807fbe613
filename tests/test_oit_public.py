"""Public OIT pages: only approved evidence, permanent item URLs, constant queries, cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ChecklistEntry, DisclosureItem, Evidence, Framework, Indicator, OITChecklist, RatingBand, SubIndicator, Tool
from ita_portal.fields import ProgressStatus
from ita_portal.models import Organization
from tests.assessments_fixtures import _framework_ids, frameworks, seed_004  # noqa: F401
from tests.conftest import Cast


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _ready_with_evidence(entry, title, url="https://example.go.th/oit/1"):
    entry.status = ProgressStatus.DONE
    entry.save(update_fields=["status"])
    return Evidence.objects.create(entry=entry, title=title, url=url)


def test_the_index_lists_organizations_without_login(client, seed_004):
    html = client.get("/oit/").text
    assert "สำนักงานศึกษาธิการจังหวัดเชียงใหม่" in html
    assert seed_004.get_public_url() in html


def test_unapproved_evidence_never_appears_and_approved_does(client, seed_004):
    cast = Cast(seed_004.organization)
    entry = seed_004.entries.get(item__code="01")
    _ready_with_evidence(entry, "แผนผังโครงสร้างที่ยังไม่อนุมัติ")
    year_url = seed_004.get_public_url()
    item_url = entry.get_public_url()
    assert "แผนผังโครงสร้างที่ยังไม่อนุมัติ" not in client.get(year_url).text
    assert "แผนผังโครงสร้างที่ยังไม่อนุมัติ" not in client.get(item_url).text

    entry.approve(by=cast.director)
    assert "แผนผังโครงสร้างที่ยังไม่อนุมัติ" in client.get(year_url).text  # cache keyed by the published version
    assert "แผนผังโครงสร้างที่ยังไม่อนุมัติ" in client.get(item_url).text

    Evidence.objects.create(entry=entry, title="ไฟล์ใหม่รออนุมัติ", url="https://example.go.th/new")
    seed_004.bump_published_version()
    html = client.get(item_url).text
    assert "ไฟล์ใหม่รออนุมัติ" not in html and "แผนผังโครงสร้างที่ยังไม่อนุมัติ" in html


def test_the_item_url_is_built_from_codes_and_survives_edits(client, seed_004):
    cast = Cast(seed_004.organization)
    entry = seed_004.entries.select_related("item").get(item__code="05")
    url = entry.get_public_url()
    assert url == "/oit/moe-chiangmai/2563/05/"
    _ready_with_evidence(entry, "ข้อมูลการติดต่อ")
    entry.approve(by=cast.director)
    # Edit the item's title, the evidence and the entry: the URL is the same and still answers.
    DisclosureItem.objects.filter(pk=entry.item_id).update(title="ข้อมูลการติดต่อ (แก้ไข)")
    entry.evidence.update(title="ข้อมูลการติดต่อ ฉบับปรับปรุง")
    entry.responsible_group = "กลุ่มอำนวยการ"
    entry.save(update_fields=["responsible_group"])
    seed_004.bump_published_version()
    entry.refresh_from_db()
    assert entry.get_public_url() == url
    response = client.get(url)
    assert response.status_code == 200
    assert "ข้อมูลการติดต่อ (แก้ไข)" in response.text and "ฉบับปรับปรุง" in response.text


def test_unknown_organization_year_or_item_is_404(client, seed_004):
    assert client.get("/oit/nobody/2563/").status_code == 404
    assert client.get("/oit/moe-chiangmai/2599/").status_code == 404
    assert client.get("/oit/moe-chiangmai/2563/99/").status_code == 404
    # A NUL byte never reaches the database (PostgreSQL refuses it with a server error).
    assert client.get("/oit/moe-chiangmai/2563/O%00x/").status_code == 404
    assert client.get("/oit/moe-chiangmai/2563/O%00x/files/1/").status_code == 404


def test_an_unapproved_file_is_not_served(client, seed_004):
    from django.core.files.uploadedfile import SimpleUploadedFile

    entry = seed_004.entries.get(item__code="01")
    evidence = Evidence.objects.create(entry=entry, title="ไฟล์", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), content_type="application/pdf")
    url = reverse("oit:evidence_file", args=["moe-chiangmai", 2563, "01", evidence.pk])
    assert client.get(url).status_code == 404
    Evidence.objects.filter(pk=evidence.pk).update(approved_at="2020-03-01T00:00:00+07:00")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    evidence.file.delete()


def _checklist_with(n_items: int, evidence_per_item: int, code: str):
    organization = Organization.objects.create(code=code, name=f"หน่วยงาน {code}", short_name=code)
    framework = Framework.objects.create(assessing_body="nacc", fiscal_year=2600 + n_items, name="ทดสอบ")
    tool = Tool.objects.create(framework=framework, code="OIT", weight=100)
    RatingBand.objects.create(framework=framework, label="A", min_total=0)
    indicator = Indicator.objects.create(framework=framework, tool=tool, number=9, name="การเปิดเผยข้อมูล")
    subs = [SubIndicator.objects.create(indicator=indicator, number=f"9.{n}", name=f"ย่อย {n}", order=n) for n in (1, 2)]
    for n in range(1, n_items + 1):
        DisclosureItem.objects.create(framework=framework, sub_indicator=subs[n % 2], code=f"O{n}", order=n, title=f"ข้อ {n}")
    checklist = OITChecklist.objects.create(organization=organization, framework=framework)
    checklist.ensure_entries()
    for entry in checklist.entries.all():
        for k in range(evidence_per_item):
            Evidence.objects.create(entry=entry, title=f"หลักฐาน {k}", url=f"https://example.go.th/{entry.pk}/{k}", approved_at="2020-03-01T00:00:00+07:00")
    return checklist


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_year_page_costs_the_same_queries_for_5_or_50_items(client, db):
    small = _checklist_with(5, 1, "small-org")
    large = _checklist_with(50, 3, "large-org")
    small_count = _queries(client, small.get_public_url())
    large_count = _queries(client, large.get_public_url())
    assert small_count == large_count == 3  # checklist; entries with items; approved evidence
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(large.get_public_url()).text  # cached: the version pointer too
    assert len(ctx.captured_queries) == 0
    assert html.count("หลักฐาน 2") == 50


def test_a_cache_hit_makes_no_query_on_year_item_or_index_pages(client, seed_004):
    urls = ["/oit/", seed_004.get_public_url(), seed_004.entries.get(item__code="01").get_public_url()]
    cold = [client.get(url) for url in urls]
    with CaptureQueriesContext(connection) as ctx:
        warm = [client.get(url) for url in urls]
    assert [r.status_code for r in warm] == [200, 200, 200]
    assert [r.content for r in warm] == [r.content for r in cold]
    assert ctx.captured_queries == []


def test_a_conditional_get_of_an_unchanged_page_is_304(client, seed_004):
    url = seed_004.get_public_url()
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first.status_code == 200 and etag.startswith('"') and "max-age=60" in first["Cache-Control"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    cache.clear()  # another process, or after the cache expired: the same bytes, the same ETag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_new_publication_changes_the_page_and_its_etag(client, seed_004):
    cast = Cast(seed_004.organization)
    entry = seed_004.entries.get(item__code="02")
    url = seed_004.get_public_url()
    before = client.get(url)
    _ready_with_evidence(entry, "ประกาศที่เพิ่งอนุมัติ")
    assert client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 304  # not published yet

    entry.approve(by=cast.director)  # drops the cached version pointer

    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and "ประกาศที่เพิ่งอนุมัติ" in after.text
    assert after["ETag"] != before["ETag"]


def test_a_new_checklist_appears_on_the_cached_index(client, seed_004):
    client.get("/oit/")
    other = _checklist_with(5, 1, "new-org")
    assert other.get_public_url() in client.get("/oit/").text


def test_the_public_pages_are_accessible_html(client, seed_004):
    html = client.get(seed_004.get_public_url()).text
    assert '<html lang="th">' in html
    assert 'href="#main"' in html and '<main id="main">' in html
    assert html.count("<h1>") == 1 and "<h2>" in html and "<h3>" in html and "<h4>" in html
    assert 'name="viewport"' in html
