"""The landing page (งานของฉัน), the one list of each document kind, the menu by section and
the home page's offices: who sees what, the one click to each document, constant query
counts (the crawl that reaches every document by links only: tests/test_reachability.py).

The module world (``tests.security_world``) holds every seed document of every kind as a
draft, the conftest cast a member of every seed organization; each test runs in a
rolled-back savepoint.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ita_portal import kinds, work
from ita_portal.workflow import Status
from tests.conftest import LOGIN, outcome
from tests.security_world import world_fixtures
from tests.test_query_counts import _copy


world, media_root, w = world_fixtures("my-work-media", savepoint_name="w")


def _documents(w):
    """One document of every registered kind from the world (all drafts)."""
    return {kind.slug: kind.model._default_manager.filter(pk__in=_world_pks(w, kind)).first() for kind in kinds.all_kinds()}


def _world_pks(w, kind):
    return [d.pk for d in (w.report, w.plan, w.progress, w.calendar, w.monitoring_report, w.memo, w.result) if isinstance(d, kind.model)]


def _set(document, **fields):
    type(document)._base_manager.filter(pk=document.pk).update(**fields)


def _my_work(client):
    response = client.get(reverse("staff:my_work"))
    assert response.status_code == 200
    return response


# --- the landing page -------------------------------------------------------------------------


def test_signing_in_lands_on_my_work(client, w):
    supervisor = type(w.cast.supervisor).objects.get(pk=w.cast.supervisor.pk)  # the cast's object keeps its password
    supervisor.set_password("a-Long-pass-2570")
    supervisor.save()
    response = client.post(reverse("login"), {"username": "sup", "password": "a-Long-pass-2570"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:my_work")


@pytest.mark.parametrize("role, expected", [("anonymous", LOGIN), ("outsider", 200), ("viewer", 200)])
def test_my_work_is_for_signed_in_users_only(w, role, expected):
    response = w.cast.client_for(role).get(reverse("staff:my_work"))
    assert outcome(response) == expected
    if expected == 200:
        assert "ไม่ได้เป็นผู้รับผิดชอบหรือผู้อำนวยการ" in response.text
        assert not any(items for _, _, items in response.context["buckets"])


def test_the_supervisor_finds_every_draft_of_every_kind_with_one_click_to_its_staff_page(w):
    page = _my_work(w.cast.client_for("supervisor"))
    drafts = dict((key, items) for key, _, items in page.context["buckets"])["drafts"]
    for slug, document in _documents(w).items():
        assert document.get_staff_url() in page.text, slug
        assert any(item.document == document for item in drafts), slug


def test_a_returned_document_shows_the_directors_comment_to_the_supervisor_only(w):
    report = w.report
    _set(report, status=Status.RETURNED, review_comment="แก้ไขผลการดำเนินงานไตรมาสที่ ๒", reviewed_at=timezone.now())
    page = _my_work(w.cast.client_for("supervisor"))
    returned = dict((key, items) for key, _, items in page.context["buckets"])["returned"]
    assert [item.document for item in returned] == [report]
    assert "แก้ไขผลการดำเนินงานไตรมาสที่ ๒" in page.text
    assert reverse("staff:report_edit", args=[report.pk]) in page.text
    for role in ("director", "other_supervisor", "viewer"):
        assert "แก้ไขผลการดำเนินงานไตรมาสที่ ๒" not in _my_work(w.cast.client_for(role)).text, role


def test_the_director_sees_everything_submitted_oldest_first_and_no_drafts(w):
    documents = _documents(w)
    now = timezone.now()
    for age, document in enumerate(documents.values()):
        _set(document, status=Status.SUBMITTED, submitted_at=now - datetime.timedelta(days=age))
    page = _my_work(w.cast.client_for("director"))
    buckets = dict((key, items) for key, _, items in page.context["buckets"])
    waiting = [item.document for item in buckets["review"] if item.document is not None]
    assert waiting == list(reversed(list(documents.values())))  # the oldest first
    assert all(item.url == item.document.get_staff_url() for item in buckets["review"] if item.document)
    assert not buckets["drafts"] and not buckets["returned"]
    # the supervisor no longer has them to do; the other office's director never sees them
    assert not dict((k, i) for k, _, i in _my_work(w.cast.client_for("supervisor")).context["buckets"])["drafts"]
    assert documents["quarterly-report"].get_staff_url() not in _my_work(w.cast.client_for("other_director")).text


def _badge(page: str) -> int:
    """The number beside "งานของฉัน" in the navigation (0 when no badge is shown)."""
    found = re.search(r"งานของฉัน <span class=\"badge[^>]*>(\d+)</span>", page)
    return int(found.group(1)) if found else 0


def _lines(page: str) -> int:
    """The lines the landing page lists, read from its HTML."""
    return len(re.findall(r'<li class="list-group-item">', page))


def test_the_navigation_counts_what_waits(w):
    supervisor = w.cast.client_for("supervisor")
    listed = _lines(_my_work(supervisor).text)
    assert listed >= len(kinds.all_kinds())  # a draft of every kind at least
    assert _badge(supervisor.get(reverse("home")).text) == listed
    director = w.cast.client_for("director")
    assert _badge(director.get(reverse("home")).text) == 0
    _set(w.report, status=Status.SUBMITTED, submitted_at=timezone.now())
    assert _badge(director.get(reverse("home")).text) == 1
    assert _badge(w.cast.client_for("other_director").get(reverse("home")).text) == 0


def test_the_badge_counts_an_oit_item_awaiting_approval_like_the_landing_page(w):
    """An OIT item ready for publication with evidence not yet approved is a line of the
    director's landing page: the badge of every page counts it too."""
    from ita_portal.fields import ProgressStatus

    _set(w.report, status=Status.SUBMITTED, submitted_at=timezone.now())
    type(w.entry).objects.filter(pk=w.entry.pk).update(status=ProgressStatus.DONE)
    director = w.cast.client_for("director")
    landing = _my_work(director).text
    assert "รายการรอการอนุมัติให้เผยแพร่" in landing
    assert _lines(landing) == 2  # the submitted report and the OIT checklist's line
    assert _badge(landing) == 2
    for url in (reverse("home"), reverse("document_list", args=["quarterly-report"]), w.report.get_staff_url()):
        assert _badge(director.get(url).text) == 2, url


def test_a_quarterly_report_of_this_quarter_is_due_and_an_earlier_one_overdue(w):
    from monitoring.work import quarterly_reports_due

    project = w.report.project
    today = datetime.date(project.fiscal_year - 543, 5, 15)  # quarter 3 of the project's fiscal year
    reported = set(project.quarterly_reports.values_list("quarter", flat=True))
    items = quarterly_reports_due(w.cast.supervisor, {project.organization_id: "supervisor"}, today)
    due = {(item.bucket, item.url) for item in items}
    create = reverse("staff:report_create", args=[project.pk])
    for quarter in (1, 2, 3):
        expected = ("due" if quarter == 3 else "overdue", f"{create}?quarter={quarter}")
        assert (expected in due) == (quarter not in reported), quarter
    assert quarterly_reports_due(w.cast.director, {project.organization_id: "director"}, today) == []
    # the landing page's one click opens the form with that quarter chosen
    form = w.cast.client_for("supervisor").get(f"{create}?quarter=3")
    assert form.status_code == 200 and re.search(r'<input[^>]*value="3"[^>]*checked', form.text)


# Queries of the landing page, written by hand: the session, the user, the memberships, one
# per kind (7), the apps' sources (the supervisor's projects of the year, and their reports
# when there are any; the OIT checklists), the frameworks of the fiscal year with a calendar
# and their phases, the offices without an OIT checklist of the year (for the button that
# starts it), and the page's total (``work.waiting_count``, which the navigation's badge
# prints too): the documents waiting, one, and the sources again.
MY_WORK_QUERIES = {"supervisor": 18, "director": 16}
# Queries of a kind's list for a member: the session, the user, the memberships, the fiscal
# years, the offices, the count, the page, the navigation's waiting count (the documents
# waiting, one, and the apps' sources: the projects of the year, the OIT checklists).
LIST_QUERIES = 10


def test_the_landing_page_costs_the_same_pinned_queries_with_more_documents(w, django_assert_num_queries):
    supervisor, director = w.cast.client_for("supervisor"), w.cast.client_for("director")
    documents = _documents(w)
    with django_assert_num_queries(MY_WORK_QUERIES["supervisor"]):
        _my_work(supervisor)
    for document in documents.values():
        for _ in range(3):
            _copy(document)
    with django_assert_num_queries(MY_WORK_QUERIES["supervisor"]):
        page = _my_work(supervisor)
    assert sum(len(items) for _, _, items in page.context["buckets"]) >= 4 * len(documents)
    with django_assert_num_queries(MY_WORK_QUERIES["director"]):
        _my_work(director)
    for document in documents.values():
        _set(document, status=Status.SUBMITTED, submitted_at=timezone.now())
    with django_assert_num_queries(MY_WORK_QUERIES["director"]):
        page = _my_work(director)
    assert len(dict((k, i) for k, _, i in page.context["buckets"])["review"]) >= len(documents)


# --- the list of a kind -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [kind.slug for kind in kinds.all_kinds()])
def test_each_kind_has_one_list_members_see_drafts_visitors_only_published(w, slug):
    kind = kinds.get(slug)
    document = _documents(w)[slug]
    url = reverse("document_list", args=[slug])
    for role in ("supervisor", "director", "viewer", "superuser"):
        page = w.cast.client_for(role).get(url)
        assert page.status_code == 200 and document.get_staff_url() in page.text, role
    for role in ("anonymous", "outsider", "other_supervisor"):
        page = w.cast.client_for(role).get(url)
        assert page.status_code == 200 and document.get_absolute_url() not in page.text, role
    _set(document, status=Status.APPROVED)
    page = w.cast.client_for("anonymous").get(url)
    assert document.get_absolute_url() in page.text and kind.label in page.text


def test_the_list_filters_by_year_status_office_and_words(w):
    client = w.cast.client_for("supervisor")
    url = reverse("document_list", args=["quarterly-report"])
    report = w.report
    staff_url = report.get_staff_url()
    fy, code = report.project.fiscal_year, report.project.organization.code
    assert staff_url in client.get(url, {"fy": fy, "status": "draft", "office": code}).text
    assert staff_url not in client.get(url, {"status": "approved"}).text
    assert staff_url in client.get(url, {"q": report.project.name.split()[0]}).text
    assert staff_url not in client.get(url, {"q": "ไม่มีคำนี้ในเอกสารใด"}).text
    assert staff_url in client.get(url, {"fy": "abc", "office": "no-such-office", "status": "nonsense"}).text
    assert client.get(reverse("document_list", args=["no-such-kind"])).status_code == 404


def test_the_list_is_paginated_and_keeps_its_filters(w):
    report = w.report
    for _ in range(30):
        _copy(report)
    client = w.cast.client_for("supervisor")
    fy = report.project.fiscal_year
    page = client.get(reverse("document_list", args=["quarterly-report"]), {"fy": fy, "status": "draft"})
    assert len(page.context["rows"]) == 25
    assert f"?fy={fy}&amp;status=draft&amp;page=2" in page.text


def test_a_list_costs_the_same_pinned_queries_with_more_documents(w, django_assert_num_queries):
    client = w.cast.client_for("supervisor")
    for slug, document in _documents(w).items():
        url = reverse("document_list", args=[slug])
        with django_assert_num_queries(LIST_QUERIES):
            client.get(url)
        for _ in range(5):
            _copy(document)
        with django_assert_num_queries(LIST_QUERIES):
            assert len(client.get(url).context["rows"]) >= 6, slug


# --- the menu and the home page -----------------------------------------------------------------


def test_the_menu_has_every_section_and_links_every_list_and_the_ita_and_export_pages(w):
    page = w.cast.client_for("supervisor").get(reverse("staff:my_work")).text
    for title in work.SECTIONS:
        assert title in page, title
    for kind in kinds.all_kinds():
        assert f'href="{reverse("document_list", args=[kind.slug])}"' in page, kind.slug
    for name in ("assessments:index", "staff:exports", "staff:dashboard", "oit:index"):
        assert f'href="{reverse(name)}"' in page, name
    public = w.cast.client_for("anonymous").get(reverse("home")).text
    assert f'href="{reverse("document_list", args=["action-plan"])}"' in public
    assert f'href="{reverse("staff:exports")}"' not in public


def test_links_that_start_a_document_are_in_the_menu_of_supervisors_only(w):
    create = f'href="{reverse("action_plans:plan_create")}"'
    assert create in w.cast.client_for("supervisor").get(reverse("staff:my_work")).text
    for role in ("director", "viewer", "outsider", "anonymous"):
        assert create not in w.cast.client_for(role).get(reverse("home")).text, role


def test_the_home_page_links_every_offices_published_documents_and_oit_pages(w):
    for document in _documents(w).values():
        _set(document, status=Status.APPROVED)
    page = w.cast.client_for("anonymous").get(reverse("home")).text
    for kind in kinds.all_kinds():
        assert reverse("document_list", args=[kind.slug]) + "?office=" in page, kind.slug
    assert w.checklist.get_public_url() in page


def test_the_ita_index_opens_each_result_on_its_staff_page_where_scores_are_entered(w):
    supervisor = w.cast.client_for("supervisor")
    index = supervisor.get(reverse("assessments:index")).text
    assert f'href="{w.result.get_staff_url()}"' in index
    assert f'href="{w.result.get_absolute_url()}"' not in index
    assert "บันทึกคะแนน" in supervisor.get(w.result.get_staff_url()).text
