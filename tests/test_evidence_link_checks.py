"""Evidence link checks: the approved evidence URLs of a checklist are requested by the task
(run here directly or by the immediate backend, never by the worker) against a local HTTP
server started by each test on 127.0.0.1 (a random port); nothing else is ever requested."""

from __future__ import annotations

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.link_checks import check_evidence_links
from assessments.models import AssessmentPhase, ChecklistEntry, Evidence, EvidenceCheck, PhaseKind
from tests.assessments_fixtures import seed_004  # noqa: F401
from tests.conftest import LOGIN, Cast


class Site:
    """A local web site: ``pages[path] = (status, headers, body, delay seconds)``; ``hits``
    lists the paths requested."""

    def __init__(self):
        self.pages: dict[str, tuple[int, dict, bytes, float]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.hits.append(self.path)
                status, headers, body, delay = site.pages.get(self.path, (404, {"Content-Type": "text/html"}, b"not here", 0))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the checker gave up waiting
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(settings):
    settings.EVIDENCE_LINK_TIMEOUT = 0.5
    settings.EVIDENCE_LINK_RATE = 1000
    settings.EVIDENCE_LINK_ALLOWED_HOSTS = ["127.0.0.1"]
    s = Site()
    yield s
    s.close()


@pytest.fixture
def cast(seed_004):
    return Cast(seed_004.organization)


@pytest.fixture
def entry(seed_004):
    return seed_004.entries.select_related("item").get(item__code="01")


def approved(entry, url: str, title: str = "โครงสร้างหน่วยงาน") -> Evidence:
    ChecklistEntry.objects.filter(pk=entry.pk).update(status="done")
    return Evidence.objects.create(entry=entry, title=title, url=url, approved_at=timezone.now())


def run(checklist) -> dict:
    return check_evidence_links.call(checklist_ids=[checklist.pk])


PDF = {"Content-Type": "application/pdf"}


def test_it_records_an_ok_link_with_type_size_and_final_url(site, cast, entry):
    site.pages["/structure.pdf"] = (200, PDF, b"%PDF-" + b"x" * 995, 0)
    evidence = approved(entry, site.url("/structure.pdf"))
    counts = run(entry.checklist)
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert (check.outcome, check.status_code, check.content_type, check.size) == ("ok", 200, "application/pdf", 1000)
    assert check.final_url == site.url("/structure.pdf")
    assert counts["ok"] == 1 and counts["mails"] == 0
    assert mail.outbox == []


def test_unapproved_evidence_is_not_requested(site, cast, entry):
    Evidence.objects.create(entry=entry, title="ร่าง", url=site.url("/draft"))
    run(entry.checklist)
    assert site.hits == []


def test_a_404_is_broken_shown_on_the_pages_and_mailed_once(site, cast, entry, client):
    evidence = approved(entry, site.url("/gone"))
    run(entry.checklist)
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert (check.outcome, check.status_code) == ("broken", 404)
    # the supervisor is told, once
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.supervisor.email]
    assert "ลิงก์ใช้งานไม่ได้ (404)" in mail.outbox[0].body
    assert site.url("/gone") in mail.outbox[0].body
    run(entry.checklist)
    run(entry.checklist)
    assert EvidenceCheck.objects.filter(evidence=evidence).count() == 3
    assert len(mail.outbox) == 1
    # the pages say so, in Thai, with when it was checked
    client.force_login(cast.viewer)
    page = client.get(reverse("assessments:checklist", args=[entry.checklist_id])).content.decode()
    assert "ลิงก์ใช้งานไม่ได้ (404) ตรวจเมื่อ" in page
    assert "ตรวจลิงก์หลักฐานล่าสุดเมื่อ" in page
    item_page = client.get(reverse("assessments:entry", args=[entry.checklist_id, entry.pk])).content.decode()
    assert "ลิงก์ใช้งานไม่ได้ (404) ตรวจเมื่อ" in item_page


def test_a_link_that_works_again_and_breaks_again_is_mailed_again(site, cast, entry):
    approved(entry, site.url("/flaky"))
    run(entry.checklist)
    site.pages["/flaky"] = (200, {"Content-Type": "text/html"}, b"<p>ok</p>", 0)
    run(entry.checklist)
    del site.pages["/flaky"]
    run(entry.checklist)
    assert len(mail.outbox) == 2


def test_a_mail_that_fails_is_sent_on_the_next_run(site, cast, entry, monkeypatch):
    approved(entry, site.url("/gone"))
    from assessments import link_checks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(link_checks, "send_mail", down)
    run(entry.checklist)
    monkeypatch.undo()
    run(entry.checklist)
    assert len(mail.outbox) == 1


def test_a_server_slower_than_the_timeout_is_broken(site, cast, entry):
    site.pages["/slow"] = (200, PDF, b"%PDF-", 2.0)
    evidence = approved(entry, site.url("/slow"))
    started = time.monotonic()
    run(entry.checklist)
    assert time.monotonic() - started < 1.8  # gave up at the timeout, did not wait for the answer
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert check.outcome == "broken"
    assert check.status_code is None
    assert check.error == "หมดเวลารอ"


def test_a_redirect_on_the_same_host_is_followed(site, cast, entry):
    site.pages["/old"] = (301, {"Location": "/new.pdf"}, b"", 0)
    site.pages["/new.pdf"] = (200, PDF, b"%PDF-1234", 0)
    evidence = approved(entry, site.url("/old"))
    run(entry.checklist)
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert (check.outcome, check.status_code, check.final_url) == ("ok", 200, site.url("/new.pdf"))
    assert site.hits == ["/old", "/new.pdf"]


def test_a_redirect_to_another_host_is_changed(site, cast, entry):
    site.pages["/moved"] = (302, {"Location": f"http://localhost:{site.port}/elsewhere"}, b"", 0)
    site.pages["/elsewhere"] = (200, PDF, b"%PDF-", 0)
    evidence = approved(entry, site.url("/moved"))
    run(entry.checklist)
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert check.outcome == "changed"
    assert "localhost" in check.reason
    assert site.hits == ["/moved"]  # localhost is not allowed: never requested
    assert len(mail.outbox) == 1


def test_a_content_type_change_between_two_runs_is_changed(site, cast, entry, client):
    site.pages["/report"] = (200, PDF, b"%PDF-" + b"x" * 5000, 0)
    evidence = approved(entry, site.url("/report"))
    run(entry.checklist)
    site.pages["/report"] = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html>" + b"x" * 5000, 0)
    run(entry.checklist)
    latest = EvidenceCheck.objects.filter(evidence=evidence).order_by("-checked_at", "-pk").first()
    assert latest.outcome == "changed"
    assert "application/pdf → text/html" in latest.reason
    assert len(mail.outbox) == 1
    assert "ลิงก์เปลี่ยนไป (ชนิดไฟล์ application/pdf → text/html)" in mail.outbox[0].body
    client.force_login(cast.supervisor)
    page = client.get(reverse("assessments:checklist", args=[entry.checklist_id])).content.decode()
    assert "ลิงก์เปลี่ยนไป" in page


def test_a_size_that_differs_notably_is_changed_a_small_one_is_not(site, cast, entry):
    site.pages["/a.pdf"] = (200, PDF, b"x" * 10_000, 0)
    evidence = approved(entry, site.url("/a.pdf"))
    run(entry.checklist)
    site.pages["/a.pdf"] = (200, PDF, b"x" * 10_500, 0)
    run(entry.checklist)
    site.pages["/a.pdf"] = (200, PDF, b"x" * 300, 0)
    run(entry.checklist)
    outcomes = list(EvidenceCheck.objects.filter(evidence=evidence).order_by("checked_at", "pk").values_list("outcome", flat=True))
    assert outcomes == ["ok", "ok", "changed"]


def test_a_host_outside_the_allow_list_is_refused_without_a_request(site, cast, entry, settings):
    settings.EVIDENCE_LINK_ALLOWED_HOSTS = [f"127.0.0.1:{site.port + 1 if site.port < 65535 else site.port - 1}"]
    evidence = approved(entry, site.url("/structure"))
    approved(entry, "https://www.example.go.th/oit/o1", title="เว็บไซต์ภายนอก")
    counts = run(entry.checklist)
    assert site.hits == []
    check = EvidenceCheck.objects.get(evidence=evidence)
    assert check.outcome == "skipped"
    assert counts["skipped"] == 2
    assert mail.outbox == []


def test_without_an_allow_list_private_addresses_are_refused(site, cast, entry, settings):
    settings.EVIDENCE_LINK_ALLOWED_HOSTS = []
    evidence = approved(entry, site.url("/structure"))
    run(entry.checklist)
    assert site.hits == []
    assert EvidenceCheck.objects.get(evidence=evidence).outcome == "skipped"


def test_requests_to_one_host_keep_the_polite_rate(site, cast, entry, settings):
    settings.EVIDENCE_LINK_RATE = 5  # at most 5 a second: 4 requests take at least 0.6 s
    for n in range(4):
        site.pages[f"/p{n}"] = (200, PDF, b"%PDF-", 0)
        approved(entry, site.url(f"/p{n}"), title=f"หลักฐาน {n}")
    started = time.monotonic()
    run(entry.checklist)
    assert time.monotonic() - started >= 0.6
    assert sorted(site.hits) == ["/p0", "/p1", "/p2", "/p3"]


def test_the_button_queues_a_check_and_the_page_shows_it_ran(site, cast, entry, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    approved(entry, site.url("/gone"))
    page_url = reverse("assessments:checklist", args=[entry.checklist_id])
    client.force_login(cast.viewer)
    assert "ยังไม่เคยตรวจลิงก์หลักฐาน" in client.get(page_url).content.decode()
    response = client.post(reverse("assessments:check_links", args=[entry.checklist_id]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(page_url)
    assert "ส่งคำขอตรวจลิงก์หลักฐานแล้ว" in page
    assert "ตรวจลิงก์หลักฐานล่าสุดเมื่อ" in page
    assert "ลิงก์ใช้งานไม่ได้ (404)" in page
    assert site.hits == ["/gone"]
    # a second press while the first is queued does not queue another
    client.post(reverse("assessments:check_links", args=[entry.checklist_id]))
    assert site.hits == ["/gone"]


@pytest.mark.parametrize(("role", "expected"), [("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)])
def test_only_members_press_the_button(cast, entry, role, expected, client):
    from tests.conftest import outcome

    response = cast.client_for(role).post(reverse("assessments:check_links", args=[entry.checklist_id]))
    assert outcome(response) == expected


def test_the_daily_command_checks_only_open_checklists(site, cast, entry, capsys):
    approved(entry, site.url("/gone"))
    call_command("check_evidence_links")  # FY 2563, no results phase: the round is long over
    assert site.hits == []
    AssessmentPhase.objects.create(
        framework=entry.checklist.framework, kind=PhaseKind.RESULTS,
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    call_command("check_evidence_links")
    assert site.hits == ["/gone"]
    assert "1 broken" in capsys.readouterr().out
