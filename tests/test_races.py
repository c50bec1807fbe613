"""Double clicks and races: a create form sent twice makes one row, parallel creates of one
natural key make one row and no 500, parallel approvals store one PDF.

Through the test client (every database): a form posted twice with its one-time token
(``ita_portal.once``) creates one row and the repeat is sent to what the first post created;
a second create of an existing natural key (a project's organization + fiscal year + name, a
quarterly report's project + quarter, a monitoring report's calendar + title) goes to the
existing row with a Thai message; an approval that fails after its PDF was written leaves no
file behind.

Against a live server with real threads (PostgreSQL only: SQLite serialises writers, so
requests there cannot interleave the way they do on PostgreSQL): ten parallel posts of one
create, ten parallel approvals of one document.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Evidence
from ita_portal import transitions
from ita_portal.workflow import Status
from monitoring.calendar import MonitoringCalendar, MonitoringReport
from monitoring.models import QuarterlyReport
from plans.models import Project
from tests.assessments_fixtures import seed_004  # noqa: F401 (fixture)
from tests.conftest import Cast
from tests.forms import form_data, post_forms
from tests.seed_support import SEED_003

PARALLEL = 10
REPEAT = "ส่งแบบฟอร์มนี้ไปแล้ว"


@pytest.fixture(autouse=True)
def stub_pdf(monkeypatch):
    """PDF rendering replaced by a stub that takes a little time, as WeasyPrint does."""

    def render(html: str) -> bytes:
        time.sleep(0.05)
        return b"%PDF-1.4 stub\n"

    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", render)


def pdf_files(media_root: Path) -> list[Path]:
    return sorted(Path(media_root).rglob("*.pdf"))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- a form posted twice (test client) ---------------------------------------------------------


def test_a_project_form_sent_twice_creates_one_project(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_create", args=[seed_report.project.organization.code])
    data = form_data(client.get(url)) | {"fiscal_year": "2570", "name": "โครงการกดสองครั้ง"}
    assert data.get("once_token")
    first = client.post(url, data)
    second = client.post(url, data)
    project = Project.objects.get(name="โครงการกดสองครั้ง")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("staff:project_edit", args=[project.pk])
    assert any(REPEAT in m for m in messages_of(second))


def test_a_quarterly_report_form_sent_twice_creates_one_report(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:report_create", args=[seed_report.project_id])
    data = form_data(client.get(url)) | {"quarter": "3"}
    first, second = client.post(url, data), client.post(url, data)
    report = QuarterlyReport.objects.get(project=seed_report.project, quarter=3)
    assert first["Location"] == second["Location"] == reverse("staff:report_edit", args=[report.pk])
    assert any(REPEAT in m for m in messages_of(second))


@pytest.mark.parametrize(
    ("url_name", "model_path", "fields"),
    [
        ("action_plans:plan_create", "plans.action_plans.ActionPlan", {"fiscal_year": "2570", "programme": "แผนงานทดสอบ", "project_name": "แผนกดสองครั้ง"}),
        ("calendars:calendar_create", "monitoring.calendar.MonitoringCalendar", {"fiscal_year": "2570", "title": "ปฏิทินกดสองครั้ง"}),
    ],
)
def test_a_create_page_sent_twice_creates_one_document(cast, seed_report, url_name, model_path, fields):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    client = cast.client_for("supervisor")
    url = reverse(url_name)
    data = form_data(client.get(url)) | {"organization": str(cast.organization.pk), **fields}
    assert data.get("once_token")
    before = model.objects.count()
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert model.objects.count() == before + 1 and any(REPEAT in m for m in messages_of(second))


@pytest.fixture
def calendar(db):
    from ita_portal.seeds import load_seed

    return next(d for d in load_seed(SEED_003)["documents"] if isinstance(d, MonitoringCalendar))


def _monitoring_report_form(client, calendar) -> tuple[str, dict]:
    page = client.get(calendar.get_staff_url())
    action = reverse("calendars:monitoring_report_create", args=[calendar.pk])
    return action, next(data for url, data in post_forms(page) if url == action)


def test_a_new_monitoring_report_button_clicked_twice_creates_one_report(calendar):
    client = Cast(calendar.organization).client_for("supervisor")
    before = MonitoringReport.objects.filter(calendar=calendar).count()
    url, data = _monitoring_report_form(client, calendar)
    assert data.get("once_token")
    first, second = client.post(url, data), client.post(url, data)
    assert MonitoringReport.objects.filter(calendar=calendar).count() == before + 1
    assert first["Location"] == second["Location"]
    assert any(REPEAT in m for m in messages_of(second))


def test_evidence_sent_twice_is_added_once_and_its_file_stored_once(seed_004, media_root):  # noqa: F811
    client = Cast(seed_004.organization).client_for("supervisor")
    entry = seed_004.entries.order_by("item__order").first()
    url = reverse("assessments:entry", args=[seed_004.pk, entry.pk])
    token = next(data for _, data in post_forms(client.get(url)) if "evidence-title" in data)["once_token"]

    def post():
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        return client.post(url, {"add_evidence": "1", "evidence-title": "หลักฐาน", "evidence-url": "",
                                 "evidence-file": upload, "once_token": token})

    first, second = post(), post()
    assert first.status_code == second.status_code == 302
    assert Evidence.objects.filter(entry=entry).count() == 1
    assert len(pdf_files(media_root)) == 1
    assert any(REPEAT in m for m in messages_of(second))


def test_a_refused_form_does_not_use_up_its_token(cast, seed_report):
    """A post refused for its input re-renders the form; the same token may be sent again."""
    client = cast.client_for("supervisor")
    url = reverse("staff:project_create", args=[seed_report.project.organization.code])
    data = form_data(client.get(url)) | {"fiscal_year": "63", "name": "โครงการแก้แล้วส่งใหม่"}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data | {"fiscal_year": "2570"}).status_code == 302
    assert Project.objects.filter(name="โครงการแก้แล้วส่งใหม่").count() == 1


# --- one row per natural key (test client) -----------------------------------------------------


def test_a_second_project_of_the_same_name_and_year_opens_the_existing_one(cast, seed_report):
    client = cast.client_for("supervisor")
    project = seed_report.project
    url = reverse("staff:project_create", args=[project.organization.code])
    response = client.post(url, {"fiscal_year": str(project.fiscal_year), "name": project.name})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:project_edit", args=[project.pk])
    assert Project.objects.filter(organization=project.organization, name=project.name).count() == 1
    assert any("มีโครงการชื่อนี้" in m for m in messages_of(response))


def test_renaming_a_project_to_another_projects_name_is_refused_in_thai(cast, seed_report):
    client = cast.client_for("supervisor")
    project = seed_report.project
    other = Project.objects.create(organization=project.organization, fiscal_year=project.fiscal_year, name="อีกโครงการ")
    url = reverse("staff:project_edit", args=[other.pk])
    response = client.post(url, form_data(client.get(url)) | {"name": project.name})
    assert response.status_code == 200
    assert "มีโครงการชื่อนี้" in response.text


def test_a_report_created_by_a_parallel_post_meanwhile_opens_the_existing_one(cast, seed_report, monkeypatch):
    """The race, made deterministic: the form's check passed before the other post saved."""
    from monitoring.forms import ReportCreateForm

    monkeypatch.setattr(ReportCreateForm, "clean_quarter", lambda form: form.cleaned_data["quarter"])
    client = cast.client_for("supervisor")
    url = reverse("staff:report_create", args=[seed_report.project_id])
    data = form_data(client.get(url)) | {"quarter": str(seed_report.quarter)}
    del data["once_token"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == seed_report.get_staff_url()
    assert QuarterlyReport.objects.filter(project=seed_report.project, quarter=seed_report.quarter).count() == 1
    assert any("มีรายงานของไตรมาสที่" in m for m in messages_of(response))


def test_a_second_new_monitoring_report_opens_the_draft_not_yet_renamed(calendar):
    client = Cast(calendar.organization).client_for("supervisor")
    url = reverse("calendars:monitoring_report_create", args=[calendar.pk])
    first, second = client.post(url), client.post(url)  # no token: two separate clicks
    assert first["Location"] == second["Location"]
    assert MonitoringReport.objects.filter(calendar=calendar, title=MonitoringReport.NEW_TITLE).count() == 1
    assert any("ยังไม่ได้เปลี่ยนชื่อ" in m for m in messages_of(second))


def test_renaming_a_monitoring_report_to_a_title_in_use_is_refused_in_thai(calendar):
    client = Cast(calendar.organization).client_for("supervisor")
    existing = MonitoringReport.objects.filter(calendar=calendar).first()
    new = client.post(reverse("calendars:monitoring_report_create", args=[calendar.pk]))
    url = new["Location"]
    response = client.post(url, form_data(client.get(url)) | {"title": existing.title})
    assert response.status_code == 200
    assert "ปฏิทินนี้มีรายงานผลชื่อนี้แล้ว" in response.text


# --- approval and its PDF (test client) ---------------------------------------------------------


def test_an_approval_that_fails_after_writing_its_pdf_leaves_no_file(seed_report, cast, media_root, monkeypatch):
    transitions.submit(seed_report, by=cast.supervisor)
    seed_report.refresh_from_db()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(QuarterlyReport, "save", fail)
    with pytest.raises(RuntimeError):
        transitions.approve(seed_report, by=cast.director)
    assert pdf_files(media_root) == []
    monkeypatch.undo()
    assert QuarterlyReport.objects.get(pk=seed_report.pk).status == Status.SUBMITTED


def test_a_second_approval_is_refused_and_writes_no_second_pdf(seed_report, cast, media_root):
    transitions.submit(seed_report, by=cast.supervisor)
    stale = QuarterlyReport.objects.get(pk=seed_report.pk)
    transitions.approve(seed_report, by=cast.director)
    with pytest.raises(transitions.TransitionError, match="อนุมัติไม่ได้"):
        transitions.approve(stale, by=cast.director)
    assert len(pdf_files(media_root)) == 1


# --- real parallel requests (PostgreSQL) -------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite serialises writers: parallel requests cannot race there (run with DATABASE_URL=postgres://…)",
)


def _browser(user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return session


def _page(session, base: str, path: str, pick=None) -> dict:
    """The values of a form on ``path`` (the page's own form, or the first one ``pick`` accepts),
    with the CSRF cookie kept in ``session``."""
    response = session.get(base + path, allow_redirects=False)
    assert response.status_code == 200, (path, response.status_code)
    if pick is None:
        return form_data(response.text)
    return next(data for action, data in post_forms(response.text) if pick(action, data))


def _in_parallel(posts) -> list:
    """Run every ``post()`` of ``posts`` at once (a barrier starts them together); their responses."""
    barrier = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)

    def run(i, post):
        barrier.wait()
        responses[i] = post()

    threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


def _statuses(responses) -> list[int]:
    return [r.status_code for r in responses]


@on_postgresql
def test_ten_parallel_new_report_posts_for_one_quarter_make_one_report(live_server, seed_report, cast):
    """Ten tabs each with the form open (ten tokens), sent at the same moment."""
    path = reverse("staff:report_create", args=[seed_report.project_id])
    posts = []
    for _ in range(PARALLEL):
        session = _browser(cast.supervisor)
        data = _page(session, live_server.url, path) | {"quarter": "4"}
        posts.append(lambda s=session, d=data: s.post(live_server.url + path, d, allow_redirects=False))
    responses = _in_parallel(posts)
    # The posts that came after the first one saved: the form says the quarter is reported (200);
    # those that raced it: sent to the report it created (302).
    refused = [r for r in responses if r.status_code == 200]
    assert sorted(_statuses(responses)) == [200] * len(refused) + [302] * (PARALLEL - len(refused)), _statuses(responses)
    assert all("โครงการนี้มีรายงานของไตรมาสนี้แล้ว" in r.text for r in refused)
    assert QuarterlyReport.objects.filter(project=seed_report.project, quarter=4).count() == 1


@on_postgresql
def test_ten_parallel_posts_of_one_project_form_make_one_project(live_server, seed_report, cast):
    """One form sent ten times at once (a double click, ten times over): one token."""
    path = reverse("staff:project_create", args=[seed_report.project.organization.code])
    session = _browser(cast.supervisor)
    data = _page(session, live_server.url, path) | {"fiscal_year": "2570", "name": "โครงการคู่ขนาน"}
    statuses = _statuses(_in_parallel([lambda: session.post(live_server.url + path, data, allow_redirects=False)] * PARALLEL))
    assert statuses == [302] * PARALLEL, statuses
    assert Project.objects.filter(name="โครงการคู่ขนาน").count() == 1


@on_postgresql
def test_ten_parallel_new_monitoring_report_posts_make_one_report(live_server, calendar):
    session = _browser(Cast(calendar.organization).supervisor)
    action = reverse("calendars:monitoring_report_create", args=[calendar.pk])
    data = _page(session, live_server.url, calendar.get_staff_url(), lambda url, _: url == action)
    before = MonitoringReport.objects.filter(calendar=calendar).count()
    statuses = _statuses(_in_parallel([lambda: session.post(live_server.url + action, data, allow_redirects=False)] * PARALLEL))
    assert statuses == [302] * PARALLEL, statuses
    assert MonitoringReport.objects.filter(calendar=calendar).count() == before + 1


@on_postgresql
def test_ten_parallel_posts_of_one_evidence_form_add_one_row_and_one_file(live_server, seed_004, media_root):  # noqa: F811
    entry = seed_004.entries.order_by("item__order").first()
    path = reverse("assessments:entry", args=[seed_004.pk, entry.pk])
    session = _browser(Cast(seed_004.organization).supervisor)
    data = _page(session, live_server.url, path, lambda _, d: "evidence-title" in d) | {"evidence-title": "หลักฐาน", "add_evidence": "1"}

    def post():
        files = {"evidence-file": ("หลักฐาน.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}
        return session.post(live_server.url + path, data, files=files, allow_redirects=False)

    statuses = _statuses(_in_parallel([post] * PARALLEL))
    assert statuses == [302] * PARALLEL, statuses
    assert Evidence.objects.filter(entry=entry).count() == 1
    assert len(pdf_files(media_root)) == 1


@on_postgresql
def test_ten_parallel_approvals_approve_once_and_store_one_pdf(live_server, seed_report, cast, media_root):
    transitions.submit(seed_report, by=cast.supervisor)
    path = seed_report.get_staff_url()
    approve = reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"])
    posts = []
    for _ in range(PARALLEL):
        session = _browser(cast.director)
        data = _page(session, live_server.url, path, lambda url, _: url == approve)
        posts.append(lambda s=session, d=data: s.post(live_server.url + approve, d, allow_redirects=False))
    statuses = _statuses(_in_parallel(posts))
    assert statuses == [302] * PARALLEL, statuses
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    assert report.status == Status.APPROVED
    assert [p.relative_to(media_root).as_posix() for p in pdf_files(media_root)] == [report.approved_pdf.name]
