"""Shared caches never keep what is not public: staff pages, draft pages and draft PDFs carry
``Cache-Control: private, no-store``; the public pages of anonymous visitors keep their own
caching (the OIT pages' ``public, max-age=60``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.assessments_fixtures import seed_004  # noqa: F401  (fixture)


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", lambda html, *a, **k: b"%PDF-1.4 stub\n")


def _private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_staff_pages_and_draft_pdfs_are_private_and_never_stored(cast, seed_report, stub_pdf):
    client = cast.client_for("supervisor")
    for url in (
        reverse("staff:dashboard"),
        seed_report.get_staff_url(),
        seed_report.get_absolute_url(),  # a draft: members only
        seed_report.get_pdf_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), (url, response.get("Cache-Control"))
    # an anonymous visitor sent to sign in, and the sign-in page itself
    anonymous = cast.client_for("anonymous")
    assert _private(anonymous.get(reverse("staff:dashboard")))
    assert _private(anonymous.get(reverse("login")))


def test_public_pages_keep_their_caching_for_anonymous_visitors_only(client, seed_004, cast):
    url = reverse("oit:organization_year", args=[seed_004.organization.code, seed_004.fiscal_year])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    signed_in = cast.client_for("viewer")
    assert _private(signed_in.get(url))  # the page shows who is signed in


def test_an_approved_documents_public_page_is_not_marked_private(approved_report, client):
    response = client.get(approved_report.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
