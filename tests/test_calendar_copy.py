"""Next year's monitoring calendar starts as a copy of this year's: the button on the
calendar's staff page, what the copy carries over and moves forward, the refusal of a second
copy, and who may press it.

Seed 003 is the monitoring calendar of สพป.สมุทรสาคร for fiscal 2561: 15 items, the first
dated 10 มกราคม 2561 (10 January 2018), the last 15 มิถุนายน 2561 (15 June 2018).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ita_portal.seeds import load_seed
from ita_portal.workflow import Status
from monitoring.calendar import MonitoringCalendar
from tests.conftest import Cast
from tests.forms import post_forms
from tests.seed_support import SEED_003, publish

BUTTON = "คัดลอกเป็นปฏิทินปีงบประมาณ 2562"


@pytest.fixture
def calendar(db):
    calendar = next(d for d in load_seed(SEED_003)["documents"] if isinstance(d, MonitoringCalendar))
    (approved,) = publish(calendar)
    return approved


@pytest.fixture
def people(calendar):
    return Cast(calendar.organization)


def _items(calendar):
    """``[(position, date, text, group names, OIT item)]`` as stored."""
    return [
        (i.position, i.date, i.text, sorted(g.name for g in i.groups.all()), i.oit_item)
        for i in MonitoringCalendar.objects.get(pk=calendar.pk).items.order_by("position", "pk")
    ]


def test_the_supervisor_copies_the_calendar_to_next_year(calendar, people):
    client = people.client_for("supervisor")
    page = client.get(calendar.get_staff_url())
    assert BUTTON in page.text
    action = reverse("calendars:calendar_copy_next_year", args=[calendar.pk])
    (data,) = [values for url, values in post_forms(page) if url == action]
    response = client.post(action, data)
    (copy,) = MonitoringCalendar.objects.filter(organization=calendar.organization, fiscal_year=2562)
    assert response["Location"] == reverse("calendars:calendar_edit", args=[copy.pk])
    assert copy.status == Status.DRAFT and copy.revision == 1
    assert copy.approver_name == "" and copy.reviewed_by is None and copy.submitted_at is None
    assert copy.title == calendar.title
    source, copied = _items(calendar), _items(copy)
    assert len(copied) == len(source) == 15
    # the same items and groups; every date one year later
    assert [(p, t, g, o) for p, _, t, g, o in copied] == [(p, t, g, o) for p, _, t, g, o in source]
    assert copied[0][1] == datetime.date(2019, 1, 10) and source[0][1] == datetime.date(2018, 1, 10)
    assert copied[14][1] == datetime.date(2019, 6, 15)
    assert all(new[1].year == old[1].year + 1 and new[1].timetuple()[1:3] == old[1].timetuple()[1:3]
               for new, old in zip(copied, source))
    assert copied[14][3] == ["กลุ่มบริหารงานบุคคล", "กลุ่มอำนวยการ"]
    assert copy.history.get(history_type="+").history_change_reason == "คัดลอกจากปฏิทินปีงบประมาณ 2561"
    # the edit page shows the dates in the Buddhist Era
    assert "2562" in client.get(response["Location"]).text
    assert MonitoringCalendar.objects.get(pk=calendar.pk).fiscal_year == 2561  # the source is untouched


def test_a_second_copy_is_refused_with_a_link_to_next_years_calendar(calendar, people):
    client = people.client_for("supervisor")
    action = reverse("calendars:calendar_copy_next_year", args=[calendar.pk])
    client.post(action)
    (copy,) = MonitoringCalendar.objects.filter(fiscal_year=2562)
    copy.items.first().delete()  # the copy is being edited
    response = client.post(action, follow=True)
    assert response.redirect_chain[-1][0] == calendar.get_staff_url()
    assert "หน่วยงานนี้มีปฏิทินการกำกับ ติดตาม ปีงบประมาณ 2562 แล้ว" in response.text
    assert f'href="{copy.get_staff_url()}"' in response.text
    assert MonitoringCalendar.objects.filter(fiscal_year=2562).count() == 1
    assert copy.items.count() == 14  # nothing written over the edited copy


def test_members_who_may_not_edit_and_outsiders_get_no_button_and_are_refused(calendar, people):
    action = reverse("calendars:calendar_copy_next_year", args=[calendar.pk])
    for role, status in {"director": 403, "viewer": 403, "other_supervisor": 404, "outsider": 404}.items():
        client = people.client_for(role)
        assert BUTTON not in client.get(calendar.get_staff_url()).text, role
        assert client.post(action).status_code == status, role
    assert people.client_for("supervisor").get(action).status_code == 405
    assert not MonitoringCalendar.objects.filter(fiscal_year=2562).exists()
