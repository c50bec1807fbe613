"""Hostile input: property-based posts to every staff form of the quarterly
report workflow and the OIT checklist. Each generated post must give a page (200, the form
with its errors) or a redirect (302, saved) — never a server error — and a refused post
must leave every row and version as it was (nothing half-saved).

Values: the form's own values, each field possibly replaced by hostile text (script and
HTML payloads, Thai combining marks alone, zero-width characters, RLM/LRM, NUL, huge
strings), malformed or oversized numbers, and dates outside the fiscal year. The number of
examples per form is ``ITA_FUZZ_EXAMPLES`` (default 100; the nightly run uses 10000).
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assessments_fixtures import seed_004  # noqa: F401  (fixture)
from tests.conftest import Cast
from tests.forms import form_data
from tests.security_world import rolled_back

EXAMPLES = int(os.environ.get("ITA_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("ITA_FUZZ_EXAMPLES"),  # CI: the same cases every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
RUN = {"cases": 0}
BASE_FORMS: dict[str, dict] = {}


@pytest.fixture(autouse=True)
def _fresh_base_forms():
    BASE_FORMS.clear()


@pytest.fixture(scope="module", autouse=True)
def _print_figures():
    """Print the number of posts made, when the module is done (visible with ``-s``)."""
    yield
    print(f"\nfuzz cases run in tests/test_fuzz_forms.py: {RUN['cases']} ({EXAMPLES} examples per form)")

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "{{ 7|add:7 }}{% debug %}",
    "javascript:alert(1)",
    "\u0e31\u0e34\u0e35",  # Thai vowel and tone marks with no base consonant
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "\u200f\u202eกขค\u202c\u200e",  # RLM, RTL override, LRM
    "\x00NUL",
    "ก" * 5000,
    "'; DROP TABLE plans_project; --",
    "%s%s%n",
]
NUMBERS = [
    "1e309", "-1e309", "NaN", "inf", "-0", "99999999999999999999999999", "-1", "0x10", "1,000", "๑๒๓",
    "١٢٣", "1.2.3", "12.345678901234567890", "", " ", "2563.5", "-2147483649", "9223372036854775808",
]
DATES = ["1900-01-01", "2019-09-30", "2020-10-01", "2563-01-01", "2020-02-30", "0000-00-00", "9999-12-31", "2020-1-1", "not-a-date"]

hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.text(max_size=300),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(max_size=40)),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def snapshot() -> tuple:
    """Row counts of every table the staff forms write, and every document's version."""
    from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
    from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator

    counts = tuple(m.objects.count() for m in (Project, Activity, BudgetLineItem, Risk, SuccessIndicator, QuarterlyReport, PDCAStep, ActivityResult))
    versions = tuple(QuarterlyReport.objects.order_by("pk").values_list("pk", "version", "problems", "reporter_name"))
    projects = tuple(Project.objects.order_by("pk").values_list("pk", "version", "name"))
    return counts, versions, projects


def fuzz_form(client: Client, url: str, data, extra: dict | None = None) -> None:
    """Post ``url``'s own form values, each maybe replaced by a hostile value; check the result."""
    if url not in BASE_FORMS:  # the page's own values, read once per test (not per example)
        BASE_FORMS[url] = form_data(client.get(url))
    base = dict(BASE_FORMS[url])
    base.pop("csrfmiddlewaretoken", None)
    base.update(extra or {})
    posted = {key: data.draw(st.one_of(st.just(value), hostile), label=key) for key, value in sorted(base.items())}
    before = snapshot()
    with rolled_back():
        response = client.post(url, posted)
        after = snapshot()
    RUN["cases"] += 1
    assert response.status_code in (200, 302), f"{response.status_code} for {posted!r}"
    if response.status_code == 200:
        assert after == before, "a refused form changed the database (half-saved)"


@pytest.fixture
def submitted_report(cast, seed_report):
    from ita_portal import transitions

    return transitions.submit(seed_report, by=cast.supervisor)


@pytest.fixture
def oit_supervisor(client, seed_004):
    client.force_login(Cast(seed_004.organization).supervisor)
    return client


@pytest.fixture
def supervisor(cast):
    return cast.client_for("supervisor")


@FUZZ
@given(data=st.data())
def test_fuzz_project_create(supervisor, seed_report, data):
    fuzz_form(supervisor, reverse("staff:project_create", args=[seed_report.project.organization.code]), data)


@FUZZ
@given(data=st.data())
def test_fuzz_project_edit(supervisor, seed_report, data):
    fuzz_form(supervisor, reverse("staff:project_edit", args=[seed_report.project_id]), data)


@FUZZ
@given(data=st.data())
def test_fuzz_report_create(supervisor, seed_report, data):
    fuzz_form(supervisor, reverse("staff:report_create", args=[seed_report.project_id]), data, {"quarter": "3"})


@FUZZ
@given(data=st.data())
def test_fuzz_report_edit(supervisor, seed_report, data):
    fuzz_form(supervisor, reverse("staff:report_edit", args=[seed_report.pk]), data)


@FUZZ
@given(data=st.data())
def test_fuzz_report_return_comment(cast, submitted_report, data):
    seed_report = submitted_report
    client = cast.client_for("director")
    comment = data.draw(hostile, label="comment")
    with rolled_back():
        response = client.post(reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "return"]), {"comment": comment})
    RUN["cases"] += 1
    assert response.status_code == 302


@FUZZ
@given(data=st.data())
def test_fuzz_oit_entry_and_evidence(oit_supervisor, seed_004, data):
    from assessments.models import Evidence

    client = oit_supervisor
    entry = seed_004.entries.order_by("item__order").first()
    url = reverse("assessments:entry", args=[seed_004.pk, entry.pk])
    fields = {"save_entry": "1", "entry-responsible_group": "", "entry-status": "done", "entry-score": "100"}
    if data.draw(st.booleans(), label="evidence form"):
        fields = {"add_evidence": "1", "evidence-title": "t", "evidence-url": "https://example.go.th/"}
    posted = {k: data.draw(st.one_of(st.just(v), hostile), label=k) for k, v in fields.items()}
    before = (Evidence.objects.count(), tuple(seed_004.entries.order_by("pk").values_list("status", "score", "responsible_group")))
    with rolled_back():
        response = client.post(url, posted)
        after = (Evidence.objects.count(), tuple(seed_004.entries.order_by("pk").values_list("status", "score", "responsible_group")))
    RUN["cases"] += 1
    assert response.status_code in (200, 302), posted
    if response.status_code == 200:
        assert after == before
