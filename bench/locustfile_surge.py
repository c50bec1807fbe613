"""locust user of the deadline surge (driven by bench/surge.py; not a test).

Each simulated staff member takes the next account of the generated offices
(``<code>-supervisor`` / ``-director`` / ``-viewer``), signs in through the login form once,
then until the run ends: opens the dashboard and their office's report pages, and — if a
supervisor — opens the current report's edit form and saves it (every field as the form
shows it, the problems text changed), as offices do in the last days before a deadline.

``SURGE_PLAN`` names a JSON file written by bench/surge.py:
``{"accounts": [[username, role, report id, editable report id or null], ...], "password": ...}``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["SURGE_PLAN"], encoding="utf-8").read())
ACCOUNTS = itertools.cycle(PLAN["accounts"])


class FormFields(HTMLParser):
    """The fields of the first POST form of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self._textarea = self._select = None
        self._select_value = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post" and "logout" not in (a.get("action") or ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class Staff(HttpUser):
    wait_time = between(float(os.environ.get("SURGE_WAIT_MIN", "5")), float(os.environ.get("SURGE_WAIT_MAX", "20")))

    def on_start(self):
        self.username, self.role, self.report_id, self.editable_id = next(ACCOUNTS)
        page = self.client.get("/accounts/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PLAN["password"], "csrfmiddlewaretoken": token},
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} gave {response.status_code}")

    @task(2)
    def dashboard(self):
        self.client.get("/staff/", name="dashboard")

    @task(2)
    def report(self):
        self.client.get(f"/staff/reports/{self.report_id}/", name="report staff page")

    @task(3)
    def save_report(self):
        if not self.editable_id:
            return self.dashboard()
        url = f"/staff/reports/{self.editable_id}/edit/"
        page = self.client.get(url, name="report edit form")
        fields = [(k, v + " (ปรับปรุง)" if k == "problems" else v) for k, v in form_fields(page.text)]
        with self.client.post(url, fields, name="report save (POST)", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"save of report {self.editable_id} gave {response.status_code}")
