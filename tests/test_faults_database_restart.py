"""Faults with a real database: PostgreSQL is killed during a load run
against a live HTTP server and started again.

While it is down every page answers the Thai 503 page (never a 500); once it is back every
page answers normally without restarting the portal; and the report that a writer kept saving
through the outage is whole: its header and every activity result carry the marker of one
and the same save.

It needs a PostgreSQL server it may stop: ``scripts/test.sh`` starts a throw-away one for its
PostgreSQL pass and names its control script in ``ITA_TEST_PG_CONTROL``. Elsewhere (the
SQLite pass, a developer's own server) the test is skipped.
"""

from __future__ import annotations

import collections
import http.cookiejar
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from monitoring.models import ActivityResult, QuarterlyReport
from tests.forms import form_data

PG_CONTROL = os.environ.get("ITA_TEST_PG_CONTROL", "")

pytestmark = pytest.mark.skipif(
    not PG_CONTROL or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs the throw-away PostgreSQL server of scripts/test.sh (ITA_TEST_PG_CONTROL)",
)

READERS = 3  # threads reading pages in a loop, beside the one writer
PHASE_SECONDS = 4.0  # load before the stop, during the outage, after recovery
RECOVERY_TIMEOUT = 60.0


def _pg(action: str) -> None:
    subprocess.run(["bash", PG_CONTROL, action], check=True, timeout=120, capture_output=True)  # noqa: S603,S607 (our own script)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect (a saved form answers 302) instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client for the live server (no Django test client: real sockets)."""

    def __init__(self, base: str, session_cookie: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.session_cookie = session_cookie

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """(status, body) of GET ``path``, or of POST ``data`` with the page's CSRF cookie."""
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session_cookie}"} if self.session_cookie else {}
        body = None
        if data is not None:
            csrf = next((c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME), "")
            headers["Cookie"] = "; ".join(filter(None, [headers.get("Cookie"), f"{settings.CSRF_COOKIE_NAME}={csrf}"]))
            headers["Referer"] = self.base + path
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 (127.0.0.1)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class Load:
    """Readers and one writer hitting the live server until stopped; counts answers per phase."""

    def __init__(self, base: str, session: str, report: QuarterlyReport):
        self.base, self.session, self.report = base, session, report
        self.phase = "before"
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.saves = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._read, args=(i,)) for i in range(READERS)]
        self.threads.append(threading.Thread(target=self._write))

    def count(self, status: int) -> None:
        with self.lock:
            self.counts[self.phase][status] += 1

    def _read(self, i: int) -> None:
        browser = Browser(self.base, self.session)
        paths = [
            reverse("staff:report", args=[self.report.pk]),  # session, user, membership, report
            reverse("staff:dashboard"),
            reverse("home"),  # public
        ]
        n = i
        while not self.stop.is_set():
            status, _ = browser.request(paths[n % len(paths)])
            self.count(status)
            n += 1

    def _write(self) -> None:
        """Open the edit page, put one marker in the header and in every activity result, save."""
        browser = Browser(self.base, self.session)
        edit = reverse("staff:report_edit", args=[self.report.pk])
        n = 0
        while not self.stop.is_set():
            status, page = browser.request(edit)
            self.count(status)
            if status != 200:
                time.sleep(0.05)
                continue
            n += 1
            marker = f"บันทึกครั้งที่ {n}"
            data = form_data(page)
            data["problems"] = marker
            for name in data:
                if re.fullmatch(r"result_\d+", name):
                    data[name] = marker
            status, _ = browser.request(edit, data)
            self.count(status)
            if status == 302:  # saved and redirected (a refused form would answer 200)
                with self.lock:
                    self.saves += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def test_killing_postgresql_during_a_load_run_gives_503_then_recovers_with_nothing_half_written(live_server, seed_report, cast):
    client = Client()
    client.force_login(cast.supervisor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    probe = Browser(live_server.url, session)
    report_page = reverse("staff:report", args=[seed_report.pk])

    try:
        with Load(live_server.url, session, seed_report) as load:
            time.sleep(PHASE_SECONDS)
            load.phase = "outage"
            _pg("stop")
            time.sleep(PHASE_SECONDS)
            load.phase = "restarting"
            _pg("start")
            deadline = time.monotonic() + RECOVERY_TIMEOUT
            while probe.request(report_page)[0] != 200:
                assert time.monotonic() < deadline, "the portal did not recover after the database came back"
                time.sleep(0.2)
            load.phase = "after"
            time.sleep(PHASE_SECONDS)
    finally:
        connection.close()  # this thread's connection died with the server; the next query reconnects

    counts = {phase: dict(counter) for phase, counter in load.counts.items()}
    print(f"\nanswers per phase: {counts}; saves: {load.saves}")
    for phase, counter in counts.items():
        assert 500 not in counter, f"server error during {phase}: {counts}"
    assert set(counts["before"]) <= {200, 302}, counts
    assert counts["outage"].get(503, 0) > 0 and set(counts["outage"]) <= {200, 302, 503}, counts
    assert set(counts["after"]) <= {200, 302}, counts
    assert counts["after"].get(200, 0) > 0 and load.saves > 0

    # Nothing half-written: the header and every activity result come from the same save.
    report = QuarterlyReport.objects.get(pk=seed_report.pk)
    results = set(ActivityResult.objects.filter(report=report).values_list("result", flat=True))
    assert report.problems.startswith("บันทึกครั้งที่ ")
    assert results == {report.problems}, (report.problems, results)
