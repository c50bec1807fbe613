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


def _setting_in_a_new_process(name: str, **environ) -> str:
    import os
    import subprocess
    import sys

    from django.conf import settings

    env_ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print(settings.{name})"],
        cwd=settings.BASE_DIR,
        env={**env_, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", "DEBUG": "1", **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_port_unless_set():
    assert _setting_in_a_new_process("SITE_URL", PORT="8122") == "http://127.0.0.1:8122"
    assert _setting_in_a_new_process("SITE_URL") == "http://127.0.0.1:8000"
    assert _setting_in_a_new_process("SITE_URL", PORT="8122", SITE_URL="https://ita.example.go.th") == "https://ita.example.go.th"


def test_start_script_prints_the_port_it_serves_and_readme_names_the_setup_packages():
    import re

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    start = (root / "scripts" / "start.sh").read_text(encoding="utf-8")
    code = "\n".join(line for line in start.splitlines() if not line.lstrip().startswith("#"))
    assert "8000" not in code.replace('PORT="${PORT:-8000}"', ""), "a URL with a fixed port"
    assert 'runserver "127.0.0.1:$PORT"' in start and "export PORT" in start
    setup = (root / "scripts" / "setup.sh").read_text(encoding="utf-8")
    packages = re.search(r"^DEBIAN_PACKAGES=\(([^)]*)\)", setup, re.M).group(1).split()
    readme = (root / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Configuration")[0]
    named = set(re.findall(r"`([a-z0-9][a-z0-9.+-]+)`", quick_start))
    assert set(packages) <= named, set(packages) - named
    assert named & {"postgresql"} == {"postgresql"}  # scripts/test.sh's
    extra = {p for p in named if re.fullmatch(r"lib[a-z0-9.-]+|[a-z-]+-(utils|server)|chromium", p)} - set(packages)
    assert not extra, f"README names packages setup.sh does not install: {extra}"
