"""WCAG 2.1 AA of the staff pages: axe-core (the tags of ``tests/test_oit_accessibility.py``)
run in Debian's Chromium through Playwright reports zero violations on the landing page
(งานของฉัน) of a supervisor and of a director, the list of every document kind, the dashboard,
the ITA/OIT index and checklist, and the staff page of one document of every kind.

The world (``tests.security_world.build_world``: every seed document, the conftest cast a
member of every seed organization) is built and the sessions signed in before Playwright
starts, so the ORM never runs inside Playwright's event loop. One document of each kind is
submitted (the director's landing page lists them) and one returned with a comment.
Skipped, with the reason, when axe-core (``npm ci``) or ``/usr/bin/chromium`` is missing.
"""


import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from ita_portal import kinds, transitions
from tests.chromium import CHROMIUM, chromium
from tests.security_world import build_world
from tests.test_oit_accessibility import AXE, WCAG_TAGS, _describe

pytestmark = [
    pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed ({AXE} missing): run `npm ci`"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package"),
]


@pytest.fixture
def staff_pages(transactional_db, settings, tmp_path):
    """``{role: (session cookie value, [path])}`` for the supervisor and the director."""
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    cast = world.cast
    transitions.submit(world.plan, by=cast.supervisor)
    transitions.submit(world.calendar, by=cast.supervisor)
    transitions.submit(world.progress, by=cast.supervisor)
    transitions.return_(world.progress, by=cast.director, comment="โปรดแก้ไขตัวชี้วัดของกิจกรรมที่ ๒")
    cache.clear()
    documents = [kind.model._default_manager.order_by("pk").first() for kind in kinds.all_kinds()]
    common = [
        *(reverse("document_list", args=[kind.slug]) for kind in kinds.all_kinds()),
        reverse("staff:dashboard"),
        reverse("assessments:index"),
        world.checklist.get_absolute_url(),
        reverse("assessments:entry", args=[world.checklist.pk, world.entry.pk]),
        *(document.get_staff_url() for document in documents),
    ]
    pages = {}
    for role, extra in (("supervisor", common), ("director", [])):
        client = Client()
        client.force_login(getattr(cast, role))
        pages[role] = (client.cookies[settings.SESSION_COOKIE_NAME].value, [reverse("staff:my_work"), *extra])
    return pages


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def test_it_finds_no_wcag_21_aa_violations_on_the_staff_pages(live_server, staff_pages, browser):
    problems, checked = {}, 0
    for role, (session, paths) in staff_pages.items():
        context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script; the CSP would block it
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{role} {path}: {response.status}"
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
            assert result["passes"], f"axe checked nothing on {path}"
            checked += 1
            if result["violations"]:
                problems[f"{role} {path}"] = _describe(result["violations"])
        context.close()
    assert checked > 2 * len(kinds.all_kinds())
    assert not problems, "axe-core violations:\n" + "\n".join(f"{url}\n{text}" for url, text in problems.items())
