"""Every document can be found by clicking: a breadth-first crawl through the test client that
follows only ``<a href>`` links of the site (GET; never a typed URL, never a form) reaches

* from the supervisor's landing page (งานของฉัน): every document of every organization they
  supervise, of every kind and every fiscal year in the world, whatever its state (draft,
  submitted, returned, approved, a revision of an approved one), and every OIT checklist
  with each of its items;
* from the public home page, signed out: every approved document and every published OIT
  item.

The world (``tests.security_world``: every seed document, the conftest cast a member of every
seed organization) gets a second fiscal year (the action plan copied to the next year, the
next quarter's report) and documents in each state before the crawl. The crawl is bounded by
its visited set and ``PAGE_LIMIT``, and skips files, the admin, history and exports.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from assessments.models import ChecklistEntry, Evidence, OITChecklist
from ita_portal import kinds, transitions
from ita_portal.fields import ProgressStatus
from ita_portal.models import Membership
from ita_portal.workflow import Status
from monitoring.services import start_quarterly_report
from plans.services import copy_plan_to_next_year
from tests.security_world import world_fixtures

world, media_root, w = world_fixtures("reachability-media", savepoint_name="w")

PAGE_LIMIT = 400
# Files (PDF, signatures, downloads, spreadsheets), the admin, sign-in pages, exports,
# audit histories and edit forms lead to no document that their page does not link already.
SKIP = re.compile(
    r"/(pdf|signature|download|xlsx|history|edit)/?$|\.(csv|json|xlsx)$|^/admin/|^/accounts/|/exports/|/urls\.|/files/\d+/$"
)
HREF = re.compile(r'<a\b[^>]*?\bhref="([^"#]*)', re.IGNORECASE)


def _crawl(client, start: str) -> tuple[set[str], int]:
    """The same-site paths reached from ``start`` by following ``<a href>`` links breadth
    first (query strings are kept while crawling: a list's filters and pages are links), and
    how many pages were opened. Stops after ``PAGE_LIMIT`` pages."""
    seen, queue, opened = {start}, [start], 0
    while queue and opened < PAGE_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        opened += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            if not href:
                continue
            parts = urlsplit(urljoin("http://testserver" + url, unescape(href)))
            if parts.scheme not in ("http", "https") or parts.netloc != "testserver" or SKIP.search(parts.path):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen:
                seen.add(path)
                queue.append(path)
    return {urlsplit(u).path for u in seen}, opened


def _every_state(w):
    """Give the world a second fiscal year and documents in every state: the seed quarterly
    report approved with the next quarter started as a draft; the action plan submitted and
    its copy for the next year a draft; the progress report returned; the ITA result
    approved and then revised (a draft revision beside the approved one)."""
    cast = w.cast
    transitions.submit(w.report, by=cast.supervisor)
    transitions.approve(w.report, by=cast.director)
    start_quarterly_report(project=w.report.project, quarter=w.report.quarter + 1, by=cast.supervisor, copy_previous=True)
    copy_plan_to_next_year(plan=w.plan, by=cast.supervisor)
    transitions.submit(w.plan, by=cast.supervisor)
    transitions.submit(w.progress, by=cast.supervisor)
    transitions.return_(w.progress, by=cast.director, comment="แก้ไขตัวชี้วัด")
    result = transitions.approve(transitions.submit(w.result, by=cast.supervisor), by=cast.director)
    transitions.revise(result, by=cast.supervisor)


def test_every_document_of_the_supervisors_offices_is_reached_from_the_landing_page(w):
    _every_state(w)
    supervised = list(w.cast.supervisor.memberships.filter(role=Membership.Role.SUPERVISOR).values_list("organization", flat=True))
    reached, opened = _crawl(w.cast.client_for("supervisor"), reverse("staff:my_work"))

    expected = {}
    for kind in kinds.all_kinds():
        for document in kind.model._default_manager.filter(**{f"{kind.organization_path}__in": supervised}):
            label = f"{kind.label} #{document.pk} {document} ({document.get_status_display()}, ฉบับที่ {document.revision})"
            expected[label] = document.get_staff_url()
    for checklist in OITChecklist.objects.filter(organization__in=supervised).select_related("organization", "framework"):
        expected[f"{checklist} #{checklist.pk}"] = checklist.get_absolute_url()
        for entry in checklist.entries.select_related("item"):
            expected[f"{checklist} ข้อ {entry.item.code} #{entry.pk}"] = reverse("assessments:entry", args=[checklist.pk, entry.pk])

    years = {
        kind.slug: {kind.model._default_manager.filter(pk=pk).values_list(kind.fiscal_year_path, flat=True).get() for pk in pks}
        for kind in kinds.all_kinds()
        if (pks := list(kind.model._default_manager.filter(**{f"{kind.organization_path}__in": supervised}).values_list("pk", flat=True)))
    }
    assert len(years["action-plan"]) >= 2 and len(years) == len(kinds.all_kinds()), years  # the world is what it claims
    unreachable = sorted(label for label, url in expected.items() if url not in reached)
    assert not unreachable, f"not reached by links from the landing page ({opened} pages opened):\n" + "\n".join(unreachable)


def test_every_approved_document_and_published_oit_item_is_reached_from_the_home_page(w):
    _every_state(w)
    for kind in kinds.all_kinds():
        for document in kind.model._default_manager.exclude(status=Status.APPROVED).filter(revision=1):
            type(document)._base_manager.filter(pk=document.pk).update(status=Status.APPROVED)
    entry = w.entry
    ChecklistEntry.objects.filter(pk=entry.pk).update(status=ProgressStatus.DONE)
    Evidence.objects.create(entry=entry, title="โครงสร้างหน่วยงาน", url="https://example.go.th/structure")
    ChecklistEntry.objects.get(pk=entry.pk).approve(by=w.cast.director)

    reached, opened = _crawl(w.cast.client_for("anonymous"), reverse("home"))

    expected = {}
    for kind in kinds.all_kinds():
        for document in kind.model._default_manager.filter(status=Status.APPROVED):
            expected[f"{kind.label} #{document.pk} {document}"] = document.get_absolute_url()
    expected[f"OIT {entry.checklist} ข้อ {entry.item.code}"] = entry.get_public_url()
    assert len(expected) > len(kinds.all_kinds())
    unreachable = sorted(label for label, url in expected.items() if url not in reached)
    assert not unreachable, f"not reached by links from the home page ({opened} pages opened):\n" + "\n".join(unreachable)


def test_the_crawl_counts_only_what_is_linked(w):
    """The crawl itself: a draft's public address exists but is linked nowhere a visitor
    can go, so a crawl from the home page does not count it as reached."""
    reached, opened = _crawl(w.cast.client_for("anonymous"), reverse("home"))
    assert 1 < opened < PAGE_LIMIT
    assert w.report.status == Status.DRAFT and w.report.get_absolute_url() not in reached
    assert reverse("admin:index") not in reached
