"""WCAG 2.1 AA of the public pages: axe-core (the tags of ``tests/test_oit_accessibility.py``)
run in Debian's Chromium through Playwright reports zero violations, for a visitor who is not
signed in, on the home page, the public list of every document kind (as the home page links
it: one office's approved documents, and unfiltered) and the published page of one approved
document of every kind, plus the OIT pages the home page links (the OIT index and an
organization's OIT page; an item's page is in ``tests/test_oit_accessibility.py``).

The world (``tests.security_world.build_world``: every seed document) is built and one
document of every kind approved (its status set, as ``tests/test_query_counts.py`` does for
its public pages) before Playwright starts, so the ORM never runs inside Playwright's event
loop; the pages are found through the home page's links with the test client first.
Skipped, with the reason, when axe-core (``npm ci``) or ``/usr/bin/chromium`` is missing.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ita_portal import kinds
from ita_portal.workflow import Status
from tests.chromium import CHROMIUM, chromium
from tests.security_world import build_world
from tests.test_oit_accessibility import AXE, WCAG_TAGS, _describe

pytestmark = [
    pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed ({AXE} missing): run `npm ci`"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package"),
]


def _links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'<a [^>]*href="(/[^"]*)"', html)]


@pytest.fixture
def public_pages(transactional_db, settings, tmp_path):
    """The public paths, each reached by following links from the home page."""
    settings.MEDIA_ROOT = tmp_path / "media"
    build_world()
    documents = [kind.model._default_manager.order_by("pk").first() for kind in kinds.all_kinds()]
    for document in documents:
        type(document)._base_manager.filter(pk=document.pk).update(status=Status.APPROVED)
    cache.clear()
    visitor = Client()
    home = visitor.get(reverse("home")).content.decode()
    lists = sorted({url for url in _links(home) if url.startswith("/documents/")})
    assert len(lists) >= len(kinds.all_kinds()), lists
    paths = [reverse("home"), *lists, *(reverse("document_list", args=[kind.slug]) for kind in kinds.all_kinds())]
    listed = set()
    for url in lists:
        listed |= set(_links(visitor.get(url).content.decode()))
    published = [document.get_absolute_url() for document in documents]
    missing = [url for url in published if url not in listed]
    assert not missing, f"approved documents the home page's lists do not link: {missing}"
    oit = [url for url in _links(home) if url.startswith("/oit/")]
    assert oit, "the home page links no OIT page"
    return list(dict.fromkeys([*paths, *published, reverse("oit:index"), oit[0]]))


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def test_it_finds_no_wcag_21_aa_violations_on_the_public_pages(live_server, public_pages, browser):
    problems, checked = {}, 0
    context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script; the CSP would block it
    page = context.new_page()
    for path in public_pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        assert result["passes"], f"axe checked nothing on {path}"
        checked += 1
        if result["violations"]:
            problems[path] = _describe(result["violations"])
    context.close()
    assert checked >= 2 * len(kinds.all_kinds()) + 1
    assert not problems, "axe-core violations:\n" + "\n".join(f"{url}\n{text}" for url, text in problems.items())
