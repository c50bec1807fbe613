"""Settings come from the environment and refuse malformed values."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal import env


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("TRUE", True), ("off", False), ("no", False), ("", True)])
def test_env_bool_parses(monkeypatch, raw, value):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG", default=True) is value


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_env_bool_refuses_garbage(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG", default=False)


def test_env_list(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example")
    assert env.env_list("X_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_HOSTS", "a,,b")
    with pytest.raises(ImproperlyConfigured):
        env.env_list("X_HOSTS", [])


def test_database_urls(tmp_path):
    assert env.database_config(None, tmp_path / "db.sqlite3")["NAME"] == tmp_path / "db.sqlite3"
    pg = env.database_config("postgres://ita:s%40cret@db.internal:6543/ita", Path("x"))
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == ("ita", "s@cret", "db.internal", "6543", "ita")
    assert env.database_config("sqlite:////abs/file.db", Path("x"))["NAME"] == "/abs/file.db"
    for bad in ("mysql://x/y", "postgres://host/", "postgres://h:port/db", "sqlite://"):
        with pytest.raises(ImproperlyConfigured):
            env.database_config(bad, Path("x"))


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    key_file = tmp_path / ".secret_key"
    first = env.secret_key(key_file)
    assert len(first) >= 50 and key_file.stat().st_mode & 0o077 == 0
    assert env.secret_key(key_file) == first
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured):
        env.secret_key(key_file)


def test_a_malformed_setting_stops_start_up():
    import os
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "perhaps"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.USE_TZ is True
