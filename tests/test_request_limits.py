"""Request bodies the portal will not read (rule "request size limits"; ita_portal.request_limits):
a body declared over the limit is answered 413 unread, and under gunicorn a body that stops
arriving is answered 400 within REQUEST_BODY_TIMEOUT instead of holding the worker until
gunicorn kills it (before: a 40 MiB post to the sign-in page was read to 14 MB, then 400; a
cut-off multipart post held a worker 31 s, then 500).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
MIB = 1024 * 1024


def test_a_body_declared_over_25_mib_is_refused_unread_with_a_thai_page(client):
    # The test client's payload raises if anything reads past the 10 bytes really sent.
    response = client.generic("POST", reverse("login"), b"username=x", content_type="multipart/form-data; boundary=XX",
                              CONTENT_LENGTH=str(40 * MIB))
    assert response.status_code == 413
    assert "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด" in response.text and "25 MB" in response.text
    assert response["Connection"] == "close"


def test_a_form_without_files_may_not_declare_more_than_the_field_limit(client):
    response = client.generic("POST", reverse("login"), b"username=x", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(6 * MIB))
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_six_mib_file_upload_still_reaches_the_view(client):
    """Evidence files are up to 20 MB: a multipart body over the 5 MiB field limit is read."""
    upload = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4\n" + b"0" * (6 * MIB), content_type="application/pdf")
    response = client.post(reverse("login"), {"username": "nobody", "password": "x", "attachment": upload})
    assert response.status_code == 200  # the sign-in form, answered with its own message
    assert 'name="username"' in response.text


def test_a_declared_length_that_is_not_a_number_is_a_400(client):
    response = client.generic("POST", reverse("login"), b"", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH="12abc")
    assert response.status_code == 400


# --- under gunicorn --------------------------------------------------------------------------

BODY_TIMEOUT_SECONDS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    """A production-configured gunicorn (DEBUG off, 1 sync worker) on 127.0.0.1 with a body
    timeout of 2 s; yields its base URL."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        gunicorn = shutil.which("gunicorn")
    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL", "MAIL_BACKEND")}
    env = {
        **clean, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", "DEBUG": "0", "SECRET_KEY": "g" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SECURE_SSL_REDIRECT": "0", "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "REQUEST_BODY_TIMEOUT": str(BODY_TIMEOUT_SECONDS),
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'db.sqlite3'}",
    }
    log = tmp_path_factory.mktemp("gunicorn-log") / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=5)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"gunicorn exited: {log.read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"gunicorn did not answer: {log.read_text()[-2000:]}")
        yield base, port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _csrf_cookie(base: str) -> str:
    page = urllib.request.urlopen(base + "/accounts/login/", timeout=10)
    return next(v.split(";")[0] for k, v in page.headers.items() if k.lower() == "set-cookie" and v.startswith("csrftoken="))


def _raw_post(port: int, headers: str, body: bytes, wait: float = 25) -> bytes:
    """Send a POST's head and ``body`` as given, keep the connection open, return the answer."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(wait)
        conn.sendall(f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode() + body)
        answer = b""
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def _status(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    assert match, answer[:200]
    return int(match.group(1))


def test_gunicorn_answers_413_to_a_huge_declared_body_without_waiting_for_it(gunicorn_server):
    """Only the head is sent: a server that tried to read the body would wait for it."""
    base, port = gunicorn_server
    answer = _raw_post(port, f"Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: {40 * MIB}\r\n"
                             f"Cookie: {_csrf_cookie(base)}\r\n", b"")
    assert _status(answer) == 413
    assert "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด".encode() in answer


def test_gunicorn_answers_400_to_a_body_that_stops_arriving_and_keeps_serving(gunicorn_server):
    base, port = gunicorn_server
    part = b'--XX\r\nContent-Disposition: form-data; name="username"\r\n\r\n' + b"x" * 150
    answer = _raw_post(port, f"Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 100000\r\n"
                             f"Cookie: {_csrf_cookie(base)}\r\n", part)
    assert _status(answer) == 400
    assert "ได้รับข้อมูลไม่ครบ".encode() in answer
    assert urllib.request.urlopen(base + "/accounts/login/", timeout=10).status == 200
