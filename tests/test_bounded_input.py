"""Hostile sizes cost nothing (rule "bounded formsets", "limits before parsing"): a post that
claims 5000 rows in every table of an edit page answers at once with the Thai message above
the table and saves nothing; the edit page of every registered document kind and the project
page are tried.

The world (``tests.security_world``) holds one draft of every kind; each post runs in a
rolled-back savepoint.
"""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from ita_portal import kinds
from ita_portal.forms import ROWS_MARGIN
from tests.forms import form_data
from tests.security_world import world_fixtures

HOSTILE_ROWS = 5000
# Before the tables were bounded the same post built all 5000 forms and took 11–24 s; now
# only the stored rows are built again (the time is printed, not asserted).
ROW_FIELD = re.compile(r'name="[\w]+-(\d+)-[\w]+"')

EDIT_PAGES = [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds() if kind.edit_url_name] + [
    pytest.param("project", id="project")
]


world, media_root, savepoint = world_fixtures("bounded-media")


def _edit_url(slug: str, world) -> str:
    if slug == "project":
        return reverse("staff:project_edit", args=[world.report.project_id])
    kind = kinds.get(slug)
    return reverse(kind.edit_url_name, args=[kind.model.objects.order_by("pk").first().pk])


def _row_counts(world) -> tuple:
    counts = []
    for kind in kinds.all_kinds():
        counts.append(kind.model.objects.count())
        counts.extend(row.model.objects.count() for row in kind.rows)
    return tuple(counts)


@pytest.mark.parametrize("slug", EDIT_PAGES)
def test_a_post_claiming_thousands_of_rows_is_refused_at_once_beside_the_table(savepoint, client, slug):
    client.force_login(savepoint.cast.supervisor)
    url = _edit_url(slug, savepoint)
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page, button=True)
    totals = [name for name in data if name.endswith("-TOTAL_FORMS")]
    if not totals:
        pytest.skip(f"{slug}: the edit page has no table of rows")
    stored_rows = max(int(data[name]) for name in totals)
    data.update(dict.fromkeys(totals, str(HOSTILE_ROWS)))
    before = _row_counts(savepoint)
    started = time.perf_counter()
    response = client.post(url, data)
    seconds = time.perf_counter() - started
    print(f"\n{slug}: {len(totals)} table(s) claiming {HOSTILE_ROWS} rows answered in {seconds:.2f} s")
    assert response.status_code == 200
    assert "ตารางนี้มีได้ไม่เกิน" in response.text
    built = {int(index) for index in ROW_FIELD.findall(response.text)}
    assert built and max(built) < stored_rows, f"{slug}: rows up to {max(built, default=-1)} built, {stored_rows} stored"
    assert _row_counts(savepoint) == before


def test_one_row_too_many_keeps_the_rows_on_the_page_with_the_message(savepoint, client):
    from plans.forms import MAX_RISKS

    client.force_login(savepoint.cast.supervisor)
    url = _edit_url("project", savepoint)
    data = form_data(client.get(url), button=True)
    stored = int(data["risks-TOTAL_FORMS"])
    added = MAX_RISKS + 1 - stored
    assert 0 < added <= MAX_RISKS + ROWS_MARGIN
    for i in range(stored, MAX_RISKS + 1):
        data.update({f"risks-{i}-category": "management", f"risks-{i}-order": "1", f"risks-{i}-opportunity_impact": f"ความเสี่ยง {i}", f"risks-{i}-management_plan": "แผน"})
    data["risks-TOTAL_FORMS"] = str(MAX_RISKS + 1)
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"ตารางนี้มีได้ไม่เกิน {MAX_RISKS} แถว" in response.text
    assert f"ความเสี่ยง {MAX_RISKS}" in response.text  # the person's rows are still there


def test_a_text_longer_than_a_document_can_hold_is_refused_beside_the_field(savepoint, client):
    from ita_portal.forms import LONG_TEXT_MAX_CHARS
    from plans.models import Project

    client.force_login(savepoint.cast.supervisor)
    url = _edit_url("project", savepoint)
    page = client.get(url)
    assert f'maxlength="{LONG_TEXT_MAX_CHARS}"' in page.text
    data = form_data(page, button=True)
    data["objectives"] = "ก" * (LONG_TEXT_MAX_CHARS + 1)
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"ข้อความยาวเกิน {LONG_TEXT_MAX_CHARS} ตัวอักษร" in response.text
    assert len(Project.objects.get(pk=savepoint.report.project_id).objectives) < LONG_TEXT_MAX_CHARS
