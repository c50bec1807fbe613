"""WCAG 2.1 AA of the public OIT pages: axe-core (npm, ``package-lock.json``) run in Debian's
Chromium through Playwright reports zero violations, and a 375 px wide phone screen never
scrolls sideways.

The data is loaded and approved before Playwright starts, so the ORM never runs inside
Playwright's event loop. Skipped, with the reason, when axe-core (``npm ci``) or
``/usr/bin/chromium`` is missing.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from assessments.models import ChecklistEntry, Evidence
from ita_portal.fields import ProgressStatus
from tests.chromium import CHROMIUM, chromium
from tests.assessments_fixtures import seed_004  # noqa: F401
from tests.conftest import Cast

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed ({AXE} missing): run `npm ci`"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package"),
]


@pytest.fixture
def public_urls(transactional_db, seed_004):  # noqa: F811
    """The three kinds of public page, with approved evidence (a URL and a file) on item 01."""
    cast = Cast(seed_004.organization)
    entry = seed_004.entries.select_related("item", "checklist__organization", "checklist__framework").get(item__code="01")
    entry.status = ProgressStatus.DONE
    entry.save(update_fields=["status"])
    Evidence.objects.create(entry=entry, title="แผนผังโครงสร้างการแบ่งส่วนราชการ", url="https://example.go.th/oit/structure")
    # A long unbroken title (a pasted file name) must wrap, not widen the phone screen.
    Evidence.objects.create(entry=entry, title="structure_chart_" * 8 + ".pdf", url="https://example.go.th/oit/" + "x" * 120)
    entry.approve(by=cast.director)
    cache.clear()
    return ["/oit/", seed_004.get_public_url(), entry.get_public_url()]


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].replace(chr(10), ' ')}")
    return "\n".join(lines)


def test_it_finds_no_wcag_21_aa_violations(live_server, public_urls, browser):
    page = browser.new_page(bypass_csp=True)  # axe-core is injected as a script; the portal's CSP would block it
    problems = {}
    for url in public_urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        assert result["passes"], f"axe checked nothing on {url}"
        if result["violations"]:
            problems[url] = _describe(result["violations"])
    assert not problems, "axe-core violations:\n" + "\n".join(f"{url}\n{text}" for url, text in problems.items())


def test_it_never_scrolls_sideways_on_a_phone(live_server, public_urls, browser):
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, bypass_csp=True)
    for url in public_urls:
        page.goto(live_server.url + url)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{url} is {widths[0]} px wide on a {widths[1]} px screen"
