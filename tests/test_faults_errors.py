"""Faults: a crash inside PDF rendering and a database that is down give
clean Thai error pages and leave the documents intact."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from monitoring.models import QuarterlyReport
from ita_portal.workflow import Status
from tests.forms import form_data


def _boom(*args, **kwargs):
    raise RuntimeError("injected fault inside WeasyPrint")


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_a_crash_inside_pdf_rendering_gives_the_thai_500_page(seed_report, cast, monkeypatch):
    monkeypatch.setattr("ita_portal.pdf.HTML.write_pdf", _boom)
    response = _client(cast.supervisor).get(seed_report.get_pdf_url())
    assert response.status_code == 500
    assert "ระบบขัดข้อง" in response.text and "injected fault" not in response.text


def test_a_crash_while_approving_leaves_the_report_submitted_and_unfrozen(seed_report, cast, monkeypatch):
    from ita_portal import transitions

    transitions.submit(seed_report, by=cast.supervisor)
    version = QuarterlyReport.objects.get(pk=seed_report.pk).version
    monkeypatch.setattr("ita_portal.pdf.HTML.write_pdf", _boom)
    response = _client(cast.director).post(reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"]))
    assert response.status_code == 500
    assert "ระบบขัดข้อง" in response.text
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    assert (report.status, report.version, report.approved_pdf.name, report.approved_pdf_sha256) == (
        Status.SUBMITTED, version, "", ""
    )


@pytest.mark.parametrize("error", [OperationalError("server closed the connection unexpectedly"), OperationalError("database is locked")])
def test_a_database_that_is_down_gives_503_and_then_recovers(seed_report, cast, monkeypatch, error):
    from ita_portal import access

    client = _client(cast.supervisor)
    url = reverse("staff:report", args=[seed_report.pk])

    def down(*args, **kwargs):
        raise error

    monkeypatch.setattr(access, "get_document", down)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in response.text
    monkeypatch.undo()
    assert client.get(url).status_code == 200


def test_a_database_that_drops_mid_save_writes_nothing(seed_report, cast, monkeypatch):
    """The report page's save is one transaction: an error after the header was saved rolls
    the header back too, and the user gets the 503 page."""
    from monitoring.models import PDCAStep

    before = QuarterlyReport.objects.values().get(pk=seed_report.pk)
    client = _client(cast.supervisor)
    page = client.get(reverse("staff:report_edit", args=[seed_report.pk]))
    data = form_data(page)
    data["problems"] = "ปัญหาที่ไม่ควรถูกบันทึก"
    real_save = PDCAStep.save

    def dropping(self, *args, **kwargs):
        raise OperationalError("connection to server was lost")

    monkeypatch.setattr(PDCAStep, "save", dropping)
    response = client.post(reverse("staff:report_edit", args=[seed_report.pk]), data)
    monkeypatch.setattr(PDCAStep, "save", real_save)
    assert response.status_code == 503
    assert "ยังไม่ได้บันทึก" in response.text  # the user is told the save did not happen
    assert QuarterlyReport.objects.values().get(pk=seed_report.pk) == before


def test_error_pages_are_thai_and_standalone(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.text


@pytest.mark.parametrize(
    "target",
    [
        "django.contrib.sessions.backends.db.SessionStore.load",  # reading the session cookie's row
        "django.contrib.auth.middleware.AuthenticationMiddleware.process_request",  # before any view runs
    ],
)
def test_a_database_error_inside_a_middleware_also_gives_503(seed_report, cast, monkeypatch, target):
    client = _client(cast.supervisor)  # signed in: the request carries a session cookie
    url = reverse("staff:report", args=[seed_report.pk])

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(target, down)
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in response.text
    monkeypatch.undo()
    assert client.get(url).status_code == 200


def test_other_errors_still_give_the_500_page(seed_report, cast, monkeypatch):
    from ita_portal import access

    def broken(*args, **kwargs):
        raise ValueError("not a database error")

    monkeypatch.setattr(access, "get_document", broken)
    response = _client(cast.supervisor).get(reverse("staff:report", args=[seed_report.pk]))
    assert response.status_code == 500 and "Retry-After" not in response
