"""Next year's action plan starts as a copy of this year's: the button on the plan's staff
page, what the copy carries over and moves forward, and who may press it.

Seed 001 is the action plan of สพป.พิษณุโลก เขต 1 for fiscal 2564 (period 1 October 2563 –
30 September 2564), with a tree of activities and a master-plan sub-plan.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ita_portal.seeds import load_seed
from ita_portal.workflow import Status
from plans.action_plans import ActionPlan
from tests.conftest import Cast
from tests.forms import post_forms
from tests.seed_support import SEED_001

BUTTON = "คัดลอกเป็นแผนปีงบประมาณ 2565"


@pytest.fixture
def plan(db):
    return next(d for d in load_seed(SEED_001)["documents"] if isinstance(d, ActionPlan))


@pytest.fixture
def people(plan):
    return Cast(plan.organization)


def _tree(plan):
    """``[(dotted number, title, budget, target amount, months, stated budget, project)]``."""
    return [
        (a.dotted_number, a.title, a.budget, a.target_amount, a.schedule_months, a.stated_budget, a.project_id)
        for a in ActionPlan.objects.get(pk=plan.pk).activity_tree()
    ]


def test_the_supervisor_copies_the_plan_to_next_year_once(plan, people):
    client = people.client_for("supervisor")
    page = client.get(plan.get_staff_url())
    assert BUTTON in page.text
    action = reverse("action_plans:plan_copy_next_year", args=[plan.pk])
    (data,) = [values for url, values in post_forms(page) if url == action]
    first, second = client.post(action, data), client.post(action, data)  # a double click
    (copy,) = ActionPlan.objects.filter(organization=plan.organization, fiscal_year=2565)
    assert first["Location"] == second["Location"] == reverse("action_plans:plan_edit", args=[copy.pk])
    assert client.post(action)["Location"] == copy.get_staff_url()  # another tab: the same plan opens
    assert ActionPlan.objects.filter(fiscal_year=2565).count() == 1
    assert copy.status == Status.DRAFT and copy.revision == 1 and copy.approver_name == ""
    assert (copy.period_start, copy.period_end) == (datetime.date(2021, 10, 1), datetime.date(2022, 9, 30))
    assert copy.project_name == plan.project_name and copy.objectives == plan.objectives
    source, copied = _tree(plan), _tree(copy)
    assert len(copied) == len(source) > 5
    # numbers, titles, budgets, targets and months carried over; stated figures and projects not
    assert [row[:5] for row in copied] == [row[:5] for row in source]
    assert any(row[5] is not None for row in source) and all(row[5] is None and row[6] is None for row in copied)
    assert [s.title for s in copy.sub_plans.all()] == [s.title for s in plan.sub_plans.all()]
    assert copy.history.get(history_type="+").history_change_reason == "คัดลอกจากแผนปีงบประมาณ 2564"
    assert ActionPlan.objects.get(pk=plan.pk).fiscal_year == 2564  # the source is untouched


def test_members_who_may_not_edit_and_outsiders_get_no_button_and_are_refused(plan, people):
    action = reverse("action_plans:plan_copy_next_year", args=[plan.pk])
    for role, status in {"director": 403, "viewer": 403, "other_supervisor": 404, "outsider": 404}.items():
        client = people.client_for(role)
        page = client.get(plan.get_staff_url())
        assert BUTTON not in page.text, role
        assert client.post(action).status_code == status, role
    assert people.client_for("supervisor").get(action).status_code == 405
    assert not ActionPlan.objects.filter(fiscal_year=2565).exists()
