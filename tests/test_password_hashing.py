"""Passwords hashed with Argon2id at OWASP's minimum, older hashes upgraded on sign-in, and
sessions that last a working day (settings.py, ita_portal/hashers.py).

The suite's conftest hashes with MD5 for speed; these tests put the project's own
``PASSWORD_HASHERS`` back (read from the settings module itself) where the hasher matters.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.urls import reverse

from ita_portal import settings as project_settings

PASSWORD = "a-Long-pass-2570"


def test_argon2id_comes_first_at_or_above_owasps_minimum(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    hasher = get_hasher("default")
    assert hasher.algorithm == "argon2"
    params = hasher.params()
    assert params.type.name == "ID"
    # OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1 (or m=46 MiB, t=1, p=1).
    assert params.memory_cost >= 19 * 1024 and params.parallelism >= 1
    assert params.time_cost >= 2 or (params.time_cost == 1 and params.memory_cost >= 46 * 1024)
    # The older hasher stays listed (after Argon2), so existing hashes still verify.
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in project_settings.PASSWORD_HASHERS[1:]


def test_a_pbkdf2_hash_becomes_argon2id_when_its_owner_signs_in(client, cast, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = cast.supervisor
    # A PBKDF2 hash as the portal stored them before (few iterations, to keep the test fast:
    # the iteration count is read from the hash itself).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "legacysalt1234", iterations=1000)
    user.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": reverse("home")})

    assert response.status_code == 302 and "_auth_user_id" in client.session
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_old_hash_alone(client, cast, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = cast.supervisor
    user.password = old = PBKDF2PasswordHasher().encode(PASSWORD, "legacysalt1234", iterations=1000)
    user.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": user.username, "password": "not-the-password"})

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.password == old


def test_a_session_lasts_a_working_day(client, cast, settings):
    cast.supervisor.set_password(PASSWORD)
    cast.supervisor.save()

    response = client.post(
        reverse("login"), {"username": cast.supervisor.username, "password": PASSWORD, "next": reverse("home")}
    )

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # A working day (Thai civil service hours 08:30–16:30) with a late deadline evening,
    # but not the two weeks of Django's default: it ends by the next morning.
    assert 9 * 3600 <= int(cookie["max-age"]) <= 16 * 3600
    assert client.session.get_expiry_age() == int(cookie["max-age"])
    assert not client.session.get_expire_at_browser_close()
