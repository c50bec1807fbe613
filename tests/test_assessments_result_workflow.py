"""The analysis-and-measures document (seed 002, OIT item O42) follows the approval workflow:
the supervisor submits, the director returns or approves; approved, it is frozen, its PDF is
stored with its SHA-256 and it is published (readable without logging in)."""

import hashlib

import pytest
from django.urls import reverse

from assessments.models import IndicatorScore, ITAResult, Measure
from assessments.score_io import ImportRefused, import_scores
from ita_portal.seeds import load_seed
from ita_portal.workflow import FrozenDocumentError
from tests.assessments_fixtures import SEED_002, seed_002  # noqa: F401
from tests.conftest import LOGIN, Cast, outcome


@pytest.fixture
def cast(seed_002):  # noqa: F811
    return Cast(seed_002.organization)


def _post(client, user, name, result, **data):
    """Post workflow transition ``name`` ("result_submit" …) of ``result`` as ``user``."""
    client.force_login(user)
    transition = name.removeprefix("result_")
    return client.post(reverse("staff:document_transition", args=["ita-result", result.pk, transition]), data)


def _status(result) -> str:
    return ITAResult.objects.values_list("status", flat=True).get(pk=result.pk)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("supervisor", 302), ("director", 403), ("viewer", 403), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_only_a_supervisor_of_the_organization_submits(seed_002, cast, role, expected):  # noqa: F811
    response = cast.client_for(role).post(reverse("staff:document_transition", args=["ita-result", seed_002.pk, "submit"]))
    assert outcome(response) == expected
    assert _status(seed_002) == ("submitted" if expected == 302 else "draft")


def test_it_goes_from_draft_to_returned_to_approved_and_freezes(client, seed_002, cast):  # noqa: F811
    assert _status(seed_002) == "draft"
    _post(client, cast.director, "result_approve", seed_002)  # not submitted: refused
    assert _status(seed_002) == "draft"
    _post(client, cast.viewer, "result_submit", seed_002)
    assert _status(seed_002) == "draft"

    _post(client, cast.supervisor, "result_submit", seed_002)
    assert _status(seed_002) == "submitted"
    assert client.get(reverse("assessments:result_scores", args=[seed_002.pk])).status_code == 403  # not editable

    _post(client, cast.director, "result_return", seed_002, comment="")
    assert _status(seed_002) == "submitted"  # a comment is required
    _post(client, cast.director, "result_return", seed_002, comment="เพิ่มผู้รับผิดชอบกิจกรรม")
    assert _status(seed_002) == "returned"
    client.force_login(cast.supervisor)
    assert "เพิ่มผู้รับผิดชอบกิจกรรม" in client.get(seed_002.get_staff_url()).text

    _post(client, cast.supervisor, "result_submit", seed_002)
    _post(client, cast.supervisor, "result_approve", seed_002)  # supervisors do not approve
    assert _status(seed_002) == "submitted"
    _post(client, cast.director, "result_approve", seed_002)
    result = ITAResult.objects.get(pk=seed_002.pk)
    assert result.status == "approved" and result.reviewed_by == cast.director
    assert result.approved_pdf_sha256 == hashlib.sha256(result.approved_pdf.read()).hexdigest()

    # Frozen: the document and every row it shows refuse changes, here and in the forms.
    with pytest.raises(FrozenDocumentError):
        IndicatorScore.objects.filter(result=result).first().save()
    with pytest.raises(FrozenDocumentError):
        Measure.objects.filter(focus__result=result).delete()
    client.force_login(cast.supervisor)
    assert client.get(reverse("assessments:result_edit", args=[result.pk])).status_code == 403

    # The audit history shows the transitions.
    history = client.get(reverse("staff:document_history", args=["ita-result", result.pk])).context["history"]
    assert any(c.new == "อนุมัติแล้ว" or c.new == "approved" for e in history for c in e.changes)


def test_only_an_approved_document_is_published(client, seed_002, cast):  # noqa: F811
    page, pdf = seed_002.get_absolute_url(), seed_002.get_pdf_url()
    # A draft is 404 to an anonymous visitor, exactly like an id that does not exist, so
    # the answer does not tell which ids exist.
    missing = ITAResult.objects.order_by("-pk").first().pk + 1
    assert client.get(page).status_code == 404 and client.get(pdf).status_code == 404
    assert client.get(reverse("assessments:result", args=[missing])).status_code == 404
    _post(client, cast.supervisor, "result_submit", seed_002)
    _post(client, cast.director, "result_approve", seed_002)
    client.logout()
    response = client.get(page)
    assert response.status_code == 200
    assert "94.96" in response.text and "เสนอผู้อำนวยการ" not in response.text and "ประวัติการแก้ไข" not in response.text
    response = client.get(pdf)
    result = ITAResult.objects.get(pk=seed_002.pk)
    assert response.status_code == 200 and response["X-Content-SHA256"] == result.approved_pdf_sha256
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == result.approved_pdf_sha256


def test_reloading_the_seed_and_importing_scores_leave_an_approved_document_alone(client, seed_002, cast):  # noqa: F811
    _post(client, cast.supervisor, "result_submit", seed_002)
    _post(client, cast.director, "result_approve", seed_002)
    before = ITAResult.objects.get(pk=seed_002.pk).version
    (again,) = load_seed(SEED_002)["documents"]
    assert again.pk == seed_002.pk and ITAResult.objects.get(pk=seed_002.pk).version == before
    with pytest.raises(ImportRefused) as refused:
        import_scores([{"organization": "spp-tak-2", "fiscal_year": "2566", "1": "50.00"}])
    assert "อนุมัติแล้ว" in refused.value.errors[0]


def test_the_admin_shows_an_approved_document_read_only(client, superuser, seed_002, cast):  # noqa: F811
    _post(client, cast.supervisor, "result_submit", seed_002)
    _post(client, cast.director, "result_approve", seed_002)
    client.force_login(superuser)
    admin_client = client
    url = reverse("admin:assessments_itaresult_change", args=[seed_002.pk])
    response = admin_client.get(url)
    assert response.status_code == 200 and not response.context["has_change_permission"]
    focus = seed_002.focuses.first()
    response = admin_client.get(reverse("admin:assessments_improvementfocus_change", args=[focus.pk]))
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert admin_client.get(reverse("admin:assessments_itaresult_history", args=[seed_002.pk])).status_code == 200


def test_a_return_comment_with_a_nul_character_is_refused_in_thai(client, seed_002, cast):  # noqa: F811
    _post(client, cast.supervisor, "result_submit", seed_002)
    response = _post(client, cast.director, "result_return", seed_002, comment="เพิ่ม\x00ผู้รับผิดชอบ")
    assert response.status_code == 302
    assert "อักขระที่ระบบไม่รับ" in client.get(response["Location"]).text
    assert _status(seed_002) == "submitted"
