"""Hostile input to every form of the portal, found from the URL matrix.

Every page of ``tests/test_url_matrix.py`` that a supervisor or a director of the
organization may open (GET 200, the admin excepted) is fetched in the matrix's fixture world
(every seed of every app); every ``<form method="post">`` on it becomes a fuzz target, once
per URL pattern it posts to. Each example posts the form's own values with any field
replaced by a hostile value (``tests/test_fuzz_forms.hostile``: script and HTML payloads,
Thai marks alone, zero-width and right-to-left characters, NUL, huge strings, malformed and
oversized numbers, dates outside the fiscal year).

A post must answer 200 (the form again, with its errors) or 302 (done, or refused with a
message), never a server error; and a 200 must leave every table as it was, counted over
every model including django-simple-history's history tables, so that a refused form that
saved any row (even one changed field: each save writes a history row) is caught.

Examples per form: ``ITA_FUZZ_EXAMPLES`` (default 10 here; the same cases every CI run).
"""

from __future__ import annotations

import copy
import os

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms import post_forms
from tests.security_world import rolled_back
from tests.test_fuzz_forms import hostile
from tests.test_url_matrix import EXPECTED, ROLES, URLS, build_url, clients, media_root, world  # noqa: F401 (fixtures)

EXAMPLES = int(os.environ.get("ITA_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("ITA_FUZZ_EXAMPLES"),
    suppress_health_check=list(HealthCheck),
    database=None,
)
FORM_ROLES = ("supervisor", "director")
PROJECT_APPS = ("ita_portal", "plans", "monitoring", "assessments")
SKIPPED_ACTIONS = {"logout"}  # the sign-out button: no fields


def snapshot() -> dict[str, int]:
    """Row count of every model of the portal's apps, history tables included."""
    return {
        model._meta.label: model._base_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def discover_forms(world, clients, roles) -> dict[str, tuple[str, str, dict]]:
    """``{url name: (role, action URL, values)}``: the first post form found for each URL
    pattern posted to (and each kind and transition of the transition pattern, "name[memo approve]"), from
    the pages each of ``roles`` may open."""
    forms: dict[str, tuple[str, str, dict]] = {}
    for role in roles:
        index = ROLES.index(role)
        for key in sorted(URLS):
            if key.startswith("admin") or key not in EXPECTED or EXPECTED[key]["GET"][index] != 200:
                continue
            page = build_url(key, world)
            client = clients[role]
            cookies = copy.deepcopy(client.cookies)
            with rolled_back():
                response = client.get(page)
            client.cookies = cookies
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for action, values in post_forms(response.content.decode()):
                action = action or page
                try:
                    match = resolve(action.split("?")[0])
                except Resolver404:
                    continue
                name = match.view_name
                if "slug" in match.kwargs and "name" in match.kwargs:  # one URL, every kind's transitions
                    name += f"[{match.kwargs['slug']} {match.kwargs['name']}]"
                if name in SKIPPED_ACTIONS or name.startswith("admin"):
                    continue
                forms.setdefault(name, (role, action, values))
    return forms


def submit_every_document(world) -> None:
    """Submit the world's drafts, and make the OIT item with evidence ready for publication,
    so that the director's approve and return forms and the checklist's review form (shown
    only while an item awaits approval) show too (the test's own transaction rolls this back)."""
    from ita_portal import transitions
    from ita_portal.fields import ProgressStatus

    type(world.entry).objects.filter(pk=world.entry.pk).update(status=ProgressStatus.DONE)

    supervisor = world.cast.supervisor
    transitions.submit(world.report, by=supervisor)
    transitions.submit(world.result, by=supervisor)
    for document in (world.plan, world.progress, world.calendar, world.monitoring_report, world.memo):
        transitions.submit(document, by=supervisor)


def fuzz(forms: dict, clients, before: dict, figures: dict) -> None:
    """Post ``EXAMPLES`` hostile variants of each form; record the statuses in ``figures``."""
    for name, (role, action, values) in sorted(forms.items()):
        client = clients[role]
        values = {k: v for k, v in values.items() if k != "csrfmiddlewaretoken"}
        statuses = figures.setdefault(name, {})

        @FUZZ
        @given(data=st.data())
        def post(data):
            posted = {key: data.draw(st.one_of(st.just(value), hostile), label=key) for key, value in sorted(values.items())}
            hostile_part = {k: v for k, v in posted.items() if v != values[k]}
            cookies = copy.deepcopy(client.cookies)
            with rolled_back():
                response = client.post(action, posted)
                after = snapshot() if response.status_code == 200 else None
            client.cookies = cookies
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code in (200, 302), f"{name} ({action}) as {role}: {response.status_code} for {hostile_part!r}"
            if after is not None:
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                assert not changed, f"{name}: a refused post changed {changed} for {hostile_part!r}"

        post()


def test_hostile_posts_to_every_form_give_no_server_error_and_save_nothing_half(db, world, clients):
    figures: dict[str, dict[int, int]] = {}
    with rolled_back():
        before = snapshot()
    forms = discover_forms(world, clients, FORM_ROLES)  # on the drafts: the supervisor's forms
    fuzz(forms, clients, before, figures)

    submit_every_document(world)  # now the director's approve and return forms show
    with rolled_back():
        before = snapshot()
    reviewed = {k: v for k, v in discover_forms(world, clients, ("director",)).items() if k not in forms}
    fuzz(reviewed, clients, before, figures)

    # The forms this must find (a page that stops showing one fails here, not silently).
    assert {
        "staff:project_edit", "staff:report_edit", "staff:exports", "action_plans:plan_edit", "calendars:memo_edit",
        "staff:document_transition[quarterly-report return]", "staff:document_transition[quarterly-report approve]",
        "staff:document_transition[action-plan submit]", "staff:document_transition[action-plan return]",
        "staff:document_transition[ita-result return]",
        "assessments:entry", "assessments:result_scores", "assessments:review_entries",
    } <= set(figures), sorted(figures)
    cases = sum(sum(s.values()) for s in figures.values())
    print(f"\nfuzzed {len(figures)} forms, {cases} posts: {figures}")
    # A form without fields (submit, approve) has one possible post; the others get EXAMPLES.
    assert all(figures.values()) and cases >= len(figures)
