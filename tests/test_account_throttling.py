"""Sign-in lockout by client address (django-axes behind the reverse proxy) and the
password-reset mail: sent by the task worker, the same request for any address, throttled."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PASSWORD = "a-Long-pass-2570"
ATTACKER, DIRECTOR_DESK, PROXY = "203.0.113.5", "198.51.100.7", "10.0.0.254"
LOCKED = "ระงับการเข้าสู่ระบบชั่วคราว"


@pytest.fixture(autouse=True)
def empty_cache():
    """The reset counters live in the cache (per process in tests): start and end empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def director(django_user_model):
    return django_user_model.objects.create_user("director", "director@example.go.th", PASSWORD)


def sign_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def fail_five_times(client, usernames, **meta):
    """Five wrong passwords: the fifth already answers with the lockout page."""
    statuses = [sign_in(client, username, "wrong", **meta).status_code for username in usernames]
    assert statuses == [200, 200, 200, 200, 429]


# --- sign-in lockout ---------------------------------------------------------------------


def test_it_locks_the_attackers_address_and_the_director_still_signs_in_elsewhere(client, director):
    fail_five_times(client, ["director"] * 5, REMOTE_ADDR=ATTACKER)
    locked = sign_in(client, "director", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert locked.status_code == 429 and LOCKED in locked.text
    assert "_auth_user_id" not in client.session
    response = sign_in(client, "director", PASSWORD, REMOTE_ADDR=DIRECTOR_DESK)
    assert response.status_code == 302 and response["Location"] == reverse("staff:my_work")


def test_it_locks_an_address_that_tries_five_usernames(client, director):
    fail_five_times(client, ["a", "b", "c", "d", "e"], REMOTE_ADDR=ATTACKER)
    assert sign_in(client, "director", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def test_behind_the_proxy_the_forwarded_client_address_counts(client, director, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; whatever the attacker wrote before it is ignored.
    forged = [f"192.0.2.{i}, {ATTACKER}" for i in range(5)]
    for header in forged:
        sign_in(client, "director", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    locked = sign_in(client, "director", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429 and LOCKED in locked.text
    # Same proxy, the director's own address: signed in.
    response = sign_in(client, "director", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=DIRECTOR_DESK)
    assert response.status_code == 302 and response["Location"] == reverse("staff:my_work")


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, director, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(5):
        sign_in(client, "director", "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert sign_in(client, "director", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=DIRECTOR_DESK).status_code == 429
    # Claiming to be the attacker's address from elsewhere locks nobody.
    response = sign_in(client, "director", PASSWORD, REMOTE_ADDR=DIRECTOR_DESK, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "proxies, header, expected",
    [
        (2, f"192.0.2.1, {ATTACKER}, 10.0.0.1", ATTACKER),  # forged, client, first proxy
        (2, ATTACKER, PROXY),  # fewer addresses than proxies: the header is not trusted
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_counted_from_the_right(client, director, settings, proxies, header, expected):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = proxies
    sign_in(client, "director", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [expected]


def test_a_negative_proxy_count_stops_start_up():
    root = Path(django_settings.BASE_DIR)
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "-1", "DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, "-c", "import ita_portal.settings"], cwd=root, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0 and "TRUSTED_PROXY_COUNT=-1" in run.stderr


# --- password reset ----------------------------------------------------------------------


@pytest.fixture
def database_tasks(transactional_db, settings):
    """The database task backend with real transactions (the worker closes old connections)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def ask_reset(client, email, address="192.0.2.10", **kwargs):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, **kwargs)


def shape(sql: str) -> str:
    """A query without its values (SQLite's captured SQL has them written in)."""
    return re.sub(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b", "?", sql)


def test_a_known_and_an_unknown_address_get_the_same_request_and_the_worker_sends_the_mail(
    client, director, database_tasks
):
    seen = {}
    for email in (director.email, "nobody@example.go.th"):
        with CaptureQueriesContext(connection) as queries:
            response = ask_reset(client, email)
        seen[email] = (
            response.status_code,
            response["Location"],
            [t.name for t in response.templates],
            [shape(q["sql"]) for q in queries.captured_queries],
        )
        assert not any("auth_user" in q["sql"] for q in queries.captured_queries)  # no look-up
    assert seen[director.email] == seen["nobody@example.go.th"]
    assert mail.outbox == []  # nothing is sent inside the request
    run_worker()
    (message,) = mail.outbox
    assert message.to == [director.email] and "ตั้งรหัสผ่านใหม่" in message.subject
    assert re.search(r"http://testserver/accounts/reset/\S+/\S+/", message.body)


def test_the_fourth_reset_to_one_address_in_an_hour_sends_no_mail(client, director, database_tasks):
    pages = [ask_reset(client, director.email.upper() if i % 2 else director.email, f"192.0.2.{i}") for i in range(4)]
    run_worker()
    assert len(mail.outbox) == 3
    assert {(p.status_code, p["Location"]) for p in pages} == {(302, reverse("password_reset_done"))}


def test_one_client_address_gets_ten_requests_an_hour(client, director, database_tasks):
    for i in range(10):
        ask_reset(client, f"nobody{i}@example.go.th", ATTACKER)
    ask_reset(client, director.email, ATTACKER)
    run_worker()
    assert mail.outbox == []
    ask_reset(client, director.email, DIRECTOR_DESK)
    run_worker()
    assert [m.to for m in mail.outbox] == [[director.email]]


def test_the_page_reads_the_same_for_a_known_an_unknown_and_a_throttled_address(client, director, database_tasks, settings):
    settings.PASSWORD_RESET_MAILS_PER_ADDRESS = 1
    ask_reset(client, "used-up@example.go.th")
    texts = {
        email: ask_reset(client, email, follow=True).text
        for email in (director.email, "nobody@example.go.th", "used-up@example.go.th")
    }
    assert len(set(texts.values())) == 1
    assert "หากอีเมลที่กรอกตรงกับบัญชีในระบบ คุณจะได้รับลิงก์สำหรับตั้งรหัสผ่านใหม่ทางอีเมล" in texts[director.email]
