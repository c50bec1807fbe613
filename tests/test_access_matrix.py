"""Role × view matrix for every staff URL and every HTTP method it accepts.

Roles: anonymous, supervisor of the organization, supervisor of another organization,
director of the organization, director of another organization, viewer of the organization,
outsider (signed in, member of no organization). Outsiders get 404 (the document's existence is not revealed), members without the right get
403, anonymous users are sent to the login page (302 to /accounts/login/).
"""

import pytest
from django.urls import reverse

from monitoring.models import QuarterlyReport
from tests.conftest import LOGIN, outcome

ROLES = ("anonymous", "supervisor", "other_supervisor", "director", "other_director", "viewer", "outsider")

# (name, method, url builder, expected outcome per role, in ROLES order)
EDITOR = (LOGIN, 200, 404, 403, 404, 403, 404)
READER = (LOGIN, 200, 404, 200, 404, 200, 404)
SUBMITTER = (LOGIN, 302, 404, 403, 404, 403, 404)
REVIEWER = (LOGIN, 403, 404, 302, 404, 403, 404)
MEMBERS = (LOGIN, 200, 200, 200, 200, 200, 200)

CASES = [
    ("dashboard", "get", lambda r: reverse("staff:dashboard"), MEMBERS),
    ("project_create", "get", lambda r: reverse("staff:project_create", args=[r.project.organization.code]), EDITOR),
    ("project_create", "post", lambda r: reverse("staff:project_create", args=[r.project.organization.code]), EDITOR),
    ("project_edit", "get", lambda r: reverse("staff:project_edit", args=[r.project_id]), EDITOR),
    ("project_edit", "post", lambda r: reverse("staff:project_edit", args=[r.project_id]), EDITOR),
    ("report_create", "get", lambda r: reverse("staff:report_create", args=[r.project_id]), EDITOR),
    ("report_create", "post", lambda r: reverse("staff:report_create", args=[r.project_id]), EDITOR),
    ("report", "get", lambda r: reverse("staff:report", args=[r.pk]), READER),
    ("report_edit", "get", lambda r: reverse("staff:report_edit", args=[r.pk]), EDITOR),
    ("report_edit", "post", lambda r: reverse("staff:report_edit", args=[r.pk]), EDITOR),
    ("report_submit", "post", lambda r: reverse("staff:document_transition", args=["quarterly-report", r.pk, "submit"]), SUBMITTER),
    ("report_approve", "post", lambda r: reverse("staff:document_transition", args=["quarterly-report", r.pk, "approve"]), REVIEWER),
    ("report_return", "post", lambda r: reverse("staff:document_transition", args=["quarterly-report", r.pk, "return"]), REVIEWER),
    # revise: a supervisor is redirected back with a message (the draft is not approved yet)
    ("report_revise", "post", lambda r: reverse("staff:document_transition", args=["quarterly-report", r.pk, "revise"]), SUBMITTER),
    # the public document of a draft: members only; outsiders and the public get 404
    ("public_report", "get", lambda r: r.get_absolute_url(), (404, 200, 404, 200, 404, 200, 404)),
    ("public_report_pdf", "get", lambda r: r.get_pdf_url(), (404, 200, 404, 200, 404, 200, 404)),
    ("public_signature", "get", lambda r: reverse("monitoring:report_signature", args=[r.pk]), (404,) * 7),
]

MATRIX = [
    pytest.param(name, method, build, role, expected, id=f"{name}-{method}-{role}")
    for name, method, build, statuses in CASES
    for role, expected in zip(ROLES, statuses)
]


@pytest.mark.parametrize(("name", "method", "build", "role", "expected"), MATRIX)
def test_role_matrix(cast, seed_report, name, method, build, role, expected):
    client = cast.client_for(role)
    url = build(seed_report)
    data = {"comment": "แก้ไขข้อ ๖"} if name == "report_return" else {}
    response = getattr(client, method)(url, data)
    assert outcome(response) == expected, response.content[:300]


@pytest.mark.parametrize("name", ["submit", "approve", "return", "revise"])
def test_transitions_refuse_get(cast, seed_report, name):
    response = cast.client_for("supervisor").get(reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, name]))
    assert response.status_code == 405


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_pages_refuse_other_methods(cast, seed_report, method):
    client = cast.client_for("supervisor")
    for url in (reverse("staff:report_edit", args=[seed_report.pk]), reverse("staff:project_edit", args=[seed_report.project_id])):
        assert getattr(client, method)(url).status_code == 405


def test_lists_show_only_the_users_organizations(cast, seed_report):
    name = seed_report.project.name
    assert name in cast.client_for("viewer").get(reverse("staff:dashboard") + "?fy=2563").text
    assert name not in cast.client_for("other_supervisor").get(reverse("staff:dashboard") + "?fy=2563").text
    assert list(QuarterlyReport.objects.for_user(cast.other_director)) == []
    assert list(QuarterlyReport.objects.for_user(cast.director)) == [seed_report]
