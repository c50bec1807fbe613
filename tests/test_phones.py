"""Phones: at 375 px no staff page scrolls sideways.

The supervisor and the director of a world with one document of every kind
(``tests.security_world``) open, on a 375×800 screen in Debian's Chromium (Playwright), the
landing page (งานของฉัน), the dashboard, the list of every document kind, every document
page and staff page, every edit form and the OIT checklist with its item page; each page's
``document.documentElement.scrollWidth`` must be at most 375 px. A failure names every page
that overflows, its width and the elements that stick out. A wide table that must stay a
table (the 12-month schedule) scrolls inside its own wrapper, which this measure allows.

The world is built and the users signed in (session cookies) before Playwright starts, so
the ORM never runs inside Playwright's event loop. Screenshots of four pages go to
``artifacts/phones/``. Skipped, with the reason, when ``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ita_portal import kinds
from tests.chromium import CHROMIUM, chromium
from tests.security_world import build_world

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "phones"
WIDTH = 375

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package")

# The elements whose right edge passes the screen's (outermost first), for the failure message.
STICKING_OUT = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(name + ' ' + Math.round(right) + ' px');
    }
  }
  return out.slice(0, 5);
}"""


def _pages(world) -> dict[str, list[tuple[str, str]]]:
    """``{role: [(name, url)]}``: the pages each role opens."""
    report, checklist, entry = world.report, world.checklist, world.entry
    read = [
        ("งานของฉัน", reverse("staff:my_work")),
        ("แดชบอร์ด", reverse("staff:dashboard")),
        ("การประเมิน ITA", reverse("assessments:index")),
        ("OIT checklist", reverse("assessments:checklist", args=[checklist.pk])),
        ("OIT checklist report", reverse("assessments:checklist_report", args=[checklist.pk])),
        ("OIT item", reverse("assessments:entry", args=[checklist.pk, entry.pk])),
        ("OIT public item", entry.get_public_url()),
    ]
    edit = [
        ("project edit", reverse("staff:project_edit", args=[report.project_id])),
        ("report create", reverse("staff:report_create", args=[report.project_id])),
        ("ITA result scores", reverse("assessments:result_scores", args=[world.result.pk])),
        ("ITA result edit", reverse("assessments:result_edit", args=[world.result.pk])),
        ("ITA focus edit", reverse("assessments:focus_edit", args=[world.result.pk, world.result.focuses.order_by("pk").first().pk])),
        ("action plan create", reverse("action_plans:plan_create")),
        ("action plan import", reverse("action_plans:plan_import")),
        ("calendar create", reverse("calendars:calendar_create")),
        ("memo create", reverse("calendars:memo_create")),
    ]
    for kind in kinds.all_kinds():
        document = kind.model.objects.order_by("pk").first()
        read += [
            (f"{kind.slug} list", reverse("document_list", args=[kind.slug])),
            (f"{kind.slug} page", document.get_absolute_url()),
            (f"{kind.slug} staff page", document.get_staff_url()),
        ]
        if kind.edit_url_name:
            edit.append((f"{kind.slug} edit", reverse(kind.edit_url_name, args=[document.pk])))
    return {"supervisor": read + edit, "director": read}


def _session_cookie(user, base: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}


@pytest.fixture
def phone_world(transactional_db, live_server):
    """The world (every kind, as drafts), the pages of each role and a signed-in cookie per role."""
    world = build_world()
    pages = _pages(world)
    cookies = {role: _session_cookie(getattr(world.cast, role), live_server.url) for role in pages}
    return pages, cookies


@pytest.fixture
def browser(phone_world):
    """One Chromium for the module's one test, started after the world is built and closed
    before the database is flushed (both need the thread without Playwright's event loop)."""
    with chromium() as browser:
        yield browser


SCREENSHOTS = {"งานของฉัน": "landing", "quarterly-report edit": "report-edit", "quarterly-report page": "report", "calendar page": "calendar"}


def test_no_page_scrolls_sideways_at_375_px(live_server, phone_world, browser):
    pages, cookies = phone_world
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    overflowing, widths = [], {}
    for role, role_pages in pages.items():
        context = browser.new_context(viewport={"width": WIDTH, "height": 800})
        context.add_cookies([cookies[role]])
        page = context.new_page()
        for name, url in role_pages:
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{role}: {name} {url} answered {response.status}"
            width = page.evaluate("() => document.documentElement.scrollWidth")
            widths[f"{role}: {name}"] = width
            if width > WIDTH:
                culprits = ", ".join(page.evaluate(STICKING_OUT, WIDTH))
                overflowing.append(f"{role}: {name} {url} is {width} px wide ({culprits})")
            if role == "supervisor" and name in SCREENSHOTS:
                page.screenshot(path=str(ARTIFACTS / f"{SCREENSHOTS[name]}-375.png"), full_page=True)
        context.close()
    (ARTIFACTS / "widths.txt").write_text("".join(f"{w:5d}  {n}\n" for n, w in widths.items()), encoding="utf-8")
    assert not overflowing, f"{len(overflowing)} pages scroll sideways at {WIDTH} px:\n" + "\n".join(overflowing)
