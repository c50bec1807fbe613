"""Accounts under /accounts/: Thai pages, login throttling (django-axes), password reset by e-mail."""

import re

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse


def test_login_page_is_thai_and_logs_in(client, cast):
    cast.supervisor.set_password("a-Long-pass-2570")
    cast.supervisor.save()
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "เข้าสู่ระบบ" in page.text and 'lang="th"' in page.text
    response = client.post(reverse("login"), {"username": "sup", "password": "a-Long-pass-2570"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:my_work")


def test_a_wrong_password_is_refused_in_thai_and_keeps_the_username(client, cast):
    response = client.post(reverse("login"), {"username": "sup", "password": "wrong"})
    assert response.status_code == 200
    assert "กรุณาใส่" in response.text or "ไม่ถูกต้อง" in response.text
    assert 'value="sup"' in response.text


def test_five_failures_lock_the_address(client, cast):
    cast.supervisor.set_password("a-Long-pass-2570")
    cast.supervisor.save()
    for _ in range(5):
        client.post(reverse("login"), {"username": "sup", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "sup", "password": "a-Long-pass-2570"})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.text
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_thai_email_with_a_working_link(client, cast, transactional_db, settings):
    # The mail is sent by the task worker (tests/test_account_throttling.py); the reset
    # counters live in the cache, which other tests of this process have used.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    cache.clear()
    response = client.post(reverse("password_reset"), {"email": cast.supervisor.email})
    assert response.status_code == 302 and mail.outbox == []
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    (message,) = mail.outbox
    assert message.to == [cast.supervisor.email] and "ตั้งรหัสผ่านใหม่" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "ตั้งรหัสผ่านใหม่" in form.text
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Another-long-pass-99", "new_password2": "Another-long-pass-99"})
    assert done.status_code == 302
    cast.supervisor.refresh_from_db()
    assert cast.supervisor.check_password("Another-long-pass-99")


def test_password_change_uses_django_validators(client, cast):
    client.force_login(cast.supervisor)
    response = client.post(
        reverse("password_change"), {"old_password": "pw-not-used-1", "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200 and "is-invalid" in response.text
    cast.supervisor.refresh_from_db()
    assert cast.supervisor.check_password("pw-not-used-1")


def test_logout_is_a_post(client, cast):
    client.force_login(cast.supervisor)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout"))["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session
