"""Query counts of every document page, staff page, the dashboard and every admin changelist:
pinned, and the same whatever the number of rows.

Each page is requested once with 5 and once with 50 rows of what it lists and must cost the
number of SQL queries written by hand below both times. A count that grows with the rows is a
query per row (a missing ``select_related`` / ``prefetch_related`` / ``annotate``); a pinned
number that moves means a page gained or lost a fixed query: look at why, then write the new
number in by hand. A new document kind or a new admin fails here until its numbers are added.

* Documents: every registered kind (``ita_portal.kinds.all_kinds()``): its page for a member
  and, once approved, for an anonymous visitor; its staff page; its PDF (WeasyPrint replaced
  by a stub, it issues no queries). The rows multiplied are those of the kind's most
  numerous declared row model (``_main_row``), copied generically (``_copy``).
* The memo's PDF, which also prints the monitoring report and the calendar it covers.
* The staff dashboard of a fiscal year, with 1 and with 15 projects.
* Every admin changelist of the portal's apps, as a superuser, listing 5 objects and then
  50 (45 copies are made in between, with new related objects where a uniqueness rule
  needs them, so a filter listing those grows too).

The world (``tests.security_world``) holds every seed document as a draft and the conftest
cast as members of every seed organization; each test runs in a rolled-back savepoint.
"""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ita_portal import kinds
from ita_portal.workflow import Status
from tests.security_world import rolled_back, world_fixtures

PORTAL_APPS = ("ita_portal", "plans", "monitoring", "assessments")

# Queries of the pages of each document kind, with 5 rows as with 50: "page" and "staff" for
# the organization's supervisor, "public" the approved document's page for an anonymous
# visitor, "pdf" the draft's PDF rendered now for the supervisor. A signed-in member's page
# counts three queries for the navigation's number of what waits (``work.waiting_count``: the
# documents waiting, one; the apps' landing-page sources, the supervisor's projects of the
# current fiscal year (their reports too when there are any) and the OIT checklists, two).
# The staff page links to the audit history (its own page) instead of reading it.
# The staff page of a draft counts one query for the organizations' names it checks the
# text against (``ita_portal.other_organizations``).
# The rows multiplied (``_main_row``) are named beside each kind. A quarterly report's PDCA
# steps cannot be multiplied (one per letter P, D, C, A): its project's activities are.
EXPECTED = {
    "action-plan": {"page": 13, "public": 6, "staff": 14, "pdf": 8},  # activities
    "quarterly-report": {"page": 14, "public": 7, "staff": 15, "pdf": 10},  # the project's activities
    "progress-report": {"page": 13, "public": 6, "staff": 14, "pdf": 9},  # lines, each with a new plan activity
    "calendar": {"page": 11, "public": 4, "staff": 13, "pdf": 7},  # items
    "monitoring-report": {"page": 11, "public": 4, "staff": 12, "pdf": 7},  # items
    "memo": {"page": 14, "public": 7, "staff": 15, "pdf": 12},  # signature blocks
    "ita-result": {"page": 20, "public": 13, "staff": 21, "pdf": 16},  # indicator scores, each with a new indicator
}

# The memo's PDF with 5 and with 50 items in the monitoring report and the calendar it covers.
MEMO_WITH_COVERED_DOCUMENTS = 12

# The staff dashboard of one fiscal year for a supervisor, with 1 project and with 15.
DASHBOARD = 15

# The edit page of each kind that has one, for the supervisor, with 5 and with 50 rows of
# ``_main_row`` (as the document pages above).
# Each includes the navigation badge's 2 (``work.waiting_count``: what waits, and the apps'
# sources of due reports and OIT items).
EDIT = {"action-plan": 13, "quarterly-report": 13, "progress-report": 12, "calendar": 13, "monitoring-report": 13, "memo": 17}

# The list of each kind (/documents/<slug>/) for the supervisor, with the world's documents
# and with 5 more of each kind.
# (the badge's 2 included).
DOCUMENT_LIST = {"action-plan": 10, "quarterly-report": 10, "progress-report": 10, "calendar": 10,
                 "monitoring-report": 10, "memo": 10, "ita-result": 10}

# งานของฉัน (the landing page) of the supervisor, with the world's drafts and with 5 more
# drafts of every kind (the navigation badge counts the apps' sources too).
MY_WORK = 18

# Each admin changelist, as a superuser, listing 5 objects and listing 50: 5 is the session,
# the user, the two counts (filtered and in all) and the rows; a filter on a foreign key or a
# prefetch adds one each.
ADMIN_CHANGELISTS = {
    "assessments.assessmentphase": 6,  # the framework joined for the name and the fiscal year filter
    "assessments.checklistentry": 6,
    "assessments.phasereminder": 5,  # the phase and its framework joined
    "assessments.disclosureitem": 6,
    "assessments.framework": 6,
    "assessments.improvementfocus": 5,
    "assessments.indicator": 6,
    "assessments.itaresult": 11,  # scores and the framework's structure prefetched for the scorecards
    "assessments.oitchecklist": 5,
    "ita_portal.membership": 6,
    "ita_portal.organization": 5,
    "monitoring.activityresult": 5,
    "monitoring.calendaritem": 5,
    "monitoring.memo": 5,
    "monitoring.memosettings": 5,
    "monitoring.monitoringcalendar": 5,
    "monitoring.pdcastep": 5,
    "monitoring.progressline": 5,
    "monitoring.progressreport": 5,
    "monitoring.quarterlyreport": 8,
    "monitoring.responsiblegroup": 5,
    "monitoring.signatureblock": 5,
    "monitoring.monitoringreportitem": 5,
    "monitoring.monitoringreport": 5,
    "plans.actionplan": 7,
    "plans.activity": 6,
    "plans.budgetlineitem": 5,
    "plans.masterplanindicator": 5,
    "plans.masterplansubplan": 5,
    "plans.masterplantarget": 5,
    "plans.planactivity": 5,
    "plans.project": 9,
    "plans.risk": 5,
    "plans.successindicator": 5,
}

KINDS = [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds()]
PAGES = ("page", "public", "staff", "pdf")
ADMIN_MODELS = sorted(model._meta.label_lower for model in admin.site._registry if model._meta.app_label in PORTAL_APPS)


world, media_root, savepoint = world_fixtures("query-counts-media")


# --- making rows ----------------------------------------------------------------------------

_suffixes = itertools.count(1)


def _unique_groups(model) -> list[tuple[str, ...]]:
    """The field names of each uniqueness rule of ``model``, its primary key excepted."""
    groups = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    groups += [tuple(group) for group in model._meta.unique_together]
    groups += [tuple(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    return groups


def _copy(obj, keep: tuple[str, ...] = ()):
    """Insert a copy of ``obj`` and return it. In each uniqueness rule of its model one field
    of the copy changes: the rule's last number (its most specific part: a revision, a
    position) becomes the column's maximum + 1, else its last text without choices gets a
    suffix, else a foreign key not named in ``keep`` points at a copy of its target (a
    score of a result gets a new indicator, a progress line a new activity)."""
    model = type(obj)
    copy = model._base_manager.get(pk=obj.pk)
    copy.pk = None
    copy._state.adding = True
    for group in _unique_groups(model):
        fields = [model._meta.get_field(name) for name in group]
        plain = [f for f in reversed(fields) if not f.is_relation and not f.choices]
        number = next((f for f in plain if isinstance(f, models.IntegerField)), None)
        text = next((f for f in plain if isinstance(f, models.CharField)), None)
        if number is not None:
            highest = model._base_manager.aggregate(highest=models.Max(number.name))["highest"] or 0
            setattr(copy, number.attname, highest + 1)
        elif text is not None:
            suffix = f"-{next(_suffixes)}"
            setattr(copy, text.attname, getattr(copy, text.attname)[: text.max_length - len(suffix)] + suffix)
        else:
            relation = next(f for f in fields if f.is_relation and f.name not in keep)
            setattr(copy, relation.name, _copy(getattr(copy, relation.name)))
    copy.save()
    return copy


def _rows_of(row: kinds.Row, document) -> models.QuerySet:
    return row.model._base_manager.filter(**{row.path: document}).order_by("pk")


def _main_row(kind: kinds.DocumentKind, document) -> kinds.Row:
    """The declared row model of which ``document`` holds the most rows, among those whose
    path starts with a foreign key: a copy of such a row stays in the document (a copy of
    the project a quarterly report shows would not)."""
    candidates = [row for row in kind.rows if row.model._meta.get_field(row.path.split("__")[0]).many_to_one]
    assert candidates, f"{kind.slug}: no row model whose rows can be multiplied"
    return max(candidates, key=lambda row: _rows_of(row, document).count())


def _set_rows(row: kinds.Row, document, n: int) -> None:
    """Make ``document`` hold exactly ``n`` rows of ``row``: delete the newest, copy the oldest."""
    while (count := _rows_of(row, document).count()) > n:
        _rows_of(row, document).last().delete()
    for _ in range(n - count):
        _copy(_rows_of(row, document).first(), keep=(row.path.split("__")[0],))
    assert _rows_of(row, document).count() == n


def _approve(document) -> None:
    """Mark ``document`` approved in the database only (the workflow would also want its
    plan approved, a signature …): what is measured then is its public page."""
    type(document)._base_manager.filter(pk=document.pk).update(status=Status.APPROVED)


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("slug", KINDS)
def test_a_document_page_costs_the_same_pinned_queries_with_5_and_50_rows(savepoint, client, django_assert_num_queries, slug, page):
    kind = kinds.get(slug)
    document = kind.model.objects.order_by("pk").first()
    row = _main_row(kind, document)
    url = {"page": document.get_absolute_url(), "public": document.get_absolute_url(),
           "staff": document.get_staff_url(), "pdf": document.get_pdf_url()}[page]
    if page != "public":
        client.force_login(savepoint.cast.supervisor)
    for n in (5, 50):
        _set_rows(row, document, n)
        with rolled_back():
            if page == "public":
                _approve(document)
            with django_assert_num_queries(EXPECTED[slug][page]):
                _get(client, url)


def test_the_memo_pdf_costs_the_same_pinned_queries_with_5_and_50_covered_items(savepoint, client, django_assert_num_queries):
    memo = savepoint.memo
    covered = [d for d in (memo.monitoring_report, memo.calendar) if d is not None]
    assert covered, "the seed memo covers a monitoring report or a calendar"
    client.force_login(savepoint.cast.supervisor)
    for n in (5, 50):
        for document in covered:
            kind = kinds.kind_of(document)
            _set_rows(_main_row(kind, document), document, n)
        with django_assert_num_queries(MEMO_WITH_COVERED_DOCUMENTS):
            _get(client, memo.get_pdf_url())


# --- the dashboard --------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_pinned_queries_with_1_and_15_projects(savepoint, client, django_assert_num_queries):
    from monitoring.models import QuarterlyReport
    from plans.models import Project

    project = savepoint.report.project
    url = reverse("staff:dashboard") + f"?fy={project.fiscal_year}"
    client.force_login(savepoint.cast.supervisor)
    assert Project.objects.filter(fiscal_year=project.fiscal_year).count() == 1
    with django_assert_num_queries(DASHBOARD):
        _get(client, url)
    for i in range(14):
        other = Project.objects.create(organization=project.organization, fiscal_year=project.fiscal_year, name=f"โครงการ {i}")
        QuarterlyReport.objects.create(project=other, quarter=1, reporter_name="ผู้ทดสอบ")
    with django_assert_num_queries(DASHBOARD):
        assert len(_get(client, url).context["rows"]) == 15


# --- edit pages, lists and the landing page ------------------------------------------------

EDIT_KINDS = [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds() if kind.edit_url_name]


@pytest.mark.parametrize("slug", EDIT_KINDS)
def test_an_edit_page_costs_the_same_pinned_queries_with_5_and_50_rows(savepoint, client, django_assert_num_queries, slug):
    kind = kinds.get(slug)
    document = kind.model.objects.order_by("pk").first()
    row = _main_row(kind, document)
    client.force_login(savepoint.cast.supervisor)
    for n in (5, 50):
        _set_rows(row, document, n)
        with django_assert_num_queries(EDIT[slug]):
            _get(client, reverse(kind.edit_url_name, args=[document.pk]))


@pytest.mark.parametrize("slug", KINDS)
def test_a_document_list_costs_the_same_pinned_queries_with_5_more_documents(savepoint, client, django_assert_num_queries, slug):
    kind = kinds.get(slug)
    url = reverse("document_list", args=[slug])
    client.force_login(savepoint.cast.supervisor)
    with django_assert_num_queries(DOCUMENT_LIST[slug]):
        first = _get(client, url)
    for _ in range(5):
        _copy(kind.model.objects.order_by("pk").first())
    with django_assert_num_queries(DOCUMENT_LIST[slug]):
        again = _get(client, url)
    assert len(again.context["rows"]) == len(first.context["rows"]) + 5


def test_my_work_costs_the_same_pinned_queries_with_5_more_drafts_of_every_kind(savepoint, client, django_assert_num_queries):
    url = reverse("staff:my_work")
    client.force_login(savepoint.cast.supervisor)
    with django_assert_num_queries(MY_WORK):
        first = _get(client, url)
    for kind in kinds.all_kinds():
        for _ in range(5):
            _copy(kind.model.objects.order_by("pk").first())
    with django_assert_num_queries(MY_WORK):
        again = _get(client, url)
    assert again.context["total"] > first.context["total"]


# The office's list of its schools in the school OIT round (``assessments:schools``), for its
# assessor: the session, the user, the memberships, the office, its units, the fiscal years of
# their checklists, the checklists with their counts (one annotated query), and the
# navigation's three for what waits.
SCHOOLS_LIST = 10


def _school_with_checklist(office, framework, n: int) -> None:
    from assessments.models import Evidence, ItemVerdict, OITChecklist
    from ita_portal.models import Organization

    school = Organization.objects.create(code=f"qc-school-{n}", name=f"โรงเรียนทดสอบ {n}", short_name=f"รร.ทดสอบ {n}", parent=office)
    checklist = OITChecklist.objects.create(organization=school, framework=framework)
    checklist.ensure_entries()
    entry = checklist.entries.order_by("pk").first()
    Evidence.objects.create(entry=entry, title="หลักฐาน", url="https://example.go.th/e", approved_at=timezone.now())
    ItemVerdict.objects.create(entry=entry, round="preliminary", passed=False, reason="ไม่พบข้อมูล")


def test_the_offices_schools_list_costs_the_same_pinned_queries_with_3_and_10_schools(savepoint, client, django_assert_num_queries):
    from ita_portal.models import Membership, Organization

    office = Organization.objects.create(code="qc-office", name="สำนักงานเขตทดสอบจำนวนคำสั่ง", short_name="สพป.ทดสอบ")
    Membership.objects.create(user=savepoint.cast.supervisor, organization=office, role="assessor")
    framework = savepoint.checklist.framework
    client.force_login(savepoint.cast.supervisor)
    url = reverse("assessments:schools", args=[office.pk])
    for n in range(3):
        _school_with_checklist(office, framework, n)
    with django_assert_num_queries(SCHOOLS_LIST):
        assert len(_get(client, url).context["rows"]) == 3
    for n in range(3, 10):
        _school_with_checklist(office, framework, n)
    with django_assert_num_queries(SCHOOLS_LIST):
        assert len(_get(client, url).context["rows"]) == 10


# Score-Final of an office's schools (``assessments:score_final``, its workbook and its PDF
# with WeasyPrint stubbed), for a viewer of the office (a supervisor of the seed
# organizations): the session, the user, the office, the memberships, then
# ``score_final.office_scores``' ten (schools, the years of results and of checklists, the
# results, their indicator and sub-indicator scores, the frameworks' tools, indicators,
# sub-indicators and rating bands); the page adds the navigation's three for what waits.
SCORE_FINAL = {"score_final": 17, "score_final_xlsx": 14, "score_final_pdf": 14}


def _school_with_result(office, framework, n: int) -> None:
    from assessments.models import IndicatorScore, ITAResult, SubIndicatorScore
    from ita_portal.models import Organization

    school = Organization.objects.create(code=f"qc-sf-school-{n}", name=f"โรงเรียนคะแนน {n}", short_name=f"รร.คะแนน {n}", parent=office)
    result = ITAResult.objects.create(organization=school, framework=framework)
    for indicator in framework.indicators.all():
        IndicatorScore.objects.create(result=result, indicator=indicator, score=90)
        for sub in indicator.sub_indicators.all():
            SubIndicatorScore.objects.create(result=result, sub_indicator=sub, score=80)


@pytest.mark.parametrize("name", sorted(SCORE_FINAL))
def test_score_final_costs_the_same_pinned_queries_with_3_and_10_schools(savepoint, client, django_assert_num_queries, monkeypatch, name):
    from ita_portal.models import Membership, Organization

    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", lambda html: b"%PDF-1.4 stub\n")
    office = Organization.objects.create(code="qc-sf-office", name="สำนักงานเขตทดสอบคะแนน", short_name="สพป.ทดสอบคะแนน")
    Membership.objects.create(user=savepoint.cast.supervisor, organization=office, role="viewer")
    framework = savepoint.result.framework
    client.force_login(savepoint.cast.supervisor)
    url = reverse(f"assessments:{name}", args=[office.pk]) + f"?year={framework.fiscal_year}"
    for n in range(3):
        _school_with_result(office, framework, n)
    with django_assert_num_queries(SCORE_FINAL[name]):
        _get(client, url)
    for n in range(3, 10):
        _school_with_result(office, framework, n)
    with django_assert_num_queries(SCORE_FINAL[name]):
        response = _get(client, url)
    if name == "score_final":
        assert len(response.context["scores"].complete_rows) == 10


# --- the admin ------------------------------------------------------------------------------


def _first_object(model):
    """The first object of ``model``; one made from the first object of each required
    foreign key when the world holds none."""
    first = model._base_manager.order_by("pk").first()
    if first is None:
        required = {f.name: f.related_model._base_manager.order_by("pk").first()
                    for f in model._meta.concrete_fields if f.is_relation and not f.null}
        first = model._base_manager.create(**required)
    return first


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_an_admin_changelist_costs_the_same_pinned_queries_with_5_and_50_objects(savepoint, client, django_assert_num_queries, label):
    model = apps.get_model(label)
    first = _first_object(model)
    while model._base_manager.count() < 5:
        _copy(first)
    shown = list(model._base_manager.order_by("pk").values_list("pk", flat=True)[:5])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    client.force_login(savepoint.cast.superuser)
    for n in (5, 50):
        if n == 50:
            shown += [_copy(first).pk for _ in range(45)]
        with django_assert_num_queries(ADMIN_CHANGELISTS[label]):
            response = _get(client, f"{url}?{model._meta.pk.name}__in={','.join(map(str, shown))}")
        assert response.context["cl"].result_count == n
