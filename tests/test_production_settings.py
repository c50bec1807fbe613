"""Production serving: settings from the environment, static files, Redis cache,
JSON logs and the gunicorn configuration.

Settings are read once at import, so each environment is checked in a child process.
"""

import datetime
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static

from ita_portal.logging import GunicornJSONLogger, JSONFormatter
from ita_portal.pdf import PortalURLFetcher

ROOT = Path(settings.BASE_DIR)
SMTP = "django.core.mail.backends.smtp.EmailBackend"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "p" * 50, "ALLOWED_HOSTS": "portal.example.go.th", "MAIL_BACKEND": SMTP}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'static': s.STORAGES['staticfiles']['BACKEND'], 'files': s.STORAGES['default'], "
    "'cache': s.CACHES['default']['BACKEND'], 'session': s.SESSION_ENGINE, 'tasks': s.TASKS['default']['BACKEND'], "
    "'log': s.LOGGING['handlers']['console']['formatter'], 'db': s.DATABASES['default']['ENGINE']}))"
)


def _settings_in_child(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "LOG_FORMAT", "MAIL_BACKEND")}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_environment_switches_static_files_cache_logs_and_database():
    child = _settings_in_child(
        **PRODUCTION,
        DATABASE_URL="postgres://ita@db.internal/ita",
        REDIS_URL="redis://cache.internal:6379/0",
        FILE_STORAGE_OPTIONS='{"location": "/srv/ita/media"}',
    )
    assert child.returncode == 0, child.stderr
    shown = json.loads(child.stdout.strip().splitlines()[-1])
    assert shown["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["files"]["OPTIONS"] == {"location": "/srv/ita/media"}
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["log"] == "json"
    assert shown["db"] == "django.db.backends.postgresql"


def test_debug_is_off_when_the_environment_does_not_set_it():
    """A deployment that forgets DEBUG must not serve Django's debug page."""
    env = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", **env},
        capture_output=True, text=True, timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["False", "True"]


def test_the_start_and_test_scripts_turn_debug_on():
    for script in ("scripts/start.sh", "scripts/test.sh"):
        lines = (ROOT / script).read_text().splitlines()
        assert "export DEBUG=1" in lines, script
        setup = next((i for i, line in enumerate(lines) if "scripts/setup.sh" in line and not line.startswith("#")), len(lines))
        assert lines.index("export DEBUG=1") < setup, f"{script}: DEBUG must be on before setup.sh migrates"
    # what a bare `python -m pytest` runs with
    assert settings.DEBUG is False  # the test runner turns it off for each run ...
    assert os.environ["DEBUG"] == "1" and settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")


DEVELOPMENT_MAIL = [
    None,  # left at its default (the console)
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
]


@pytest.mark.parametrize("backend", DEVELOPMENT_MAIL)
def test_production_refuses_to_start_with_a_mail_backend_that_does_not_deliver(backend):
    """With DEBUG off a reset link must never reach the log: the settings, gunicorn's WSGI
    module and manage.py all refuse to load, naming MAIL_BACKEND."""
    env = {k: v for k, v in PRODUCTION.items() if k != "MAIL_BACKEND"}
    if backend:
        env["MAIL_BACKEND"] = backend
    child = _settings_in_child(**env)
    assert child.returncode != 0 and "ImproperlyConfigured" in child.stderr and "MAIL_BACKEND" in child.stderr
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "MAIL_BACKEND", "DATABASE_URL", "REDIS_URL")}
    wsgi = subprocess.run(
        [sys.executable, "-c", "import ita_portal.wsgi"], cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", **env}, capture_output=True, text=True, timeout=60,
    )
    assert wsgi.returncode != 0 and "MAIL_BACKEND" in wsgi.stderr
    # ... while SMTP starts, and DEBUG on (development, the tests) keeps the console
    assert _settings_in_child(**{**env, "MAIL_BACKEND": SMTP}).returncode == 0
    assert _settings_in_child(**{**env, "DEBUG": "1"}).returncode == 0


def test_development_keeps_plain_static_files_and_memory_cache():
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert "django_tasks_db" in settings.INSTALLED_APPS


@pytest.mark.parametrize(
    ("name", "value"),
    [("REDIS_URL", "cache.internal:6379"), ("FILE_STORAGE_OPTIONS", "{bucket"), ("FILE_STORAGE_OPTIONS", "[1]"), ("LOG_FORMAT", "xml")],
)
def test_malformed_values_stop_start_up(name, value):
    child = _settings_in_child(**PRODUCTION, **{name: value})
    assert child.returncode != 0
    assert "ImproperlyConfigured" in child.stderr and name in child.stderr


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic into a fresh folder with hashed names (the manifest half of production's
    CompressedManifestStaticFilesStorage; the brotli/gzip half takes ~20 s on 2 cores and is
    run by bench/web_load.py, which serves the collected files)."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_collectstatic_writes_hashed_names_and_the_manifest(collected):
    url = static("css/document.css")
    assert url != "/static/css/document.css" and url.startswith("/static/css/document.")
    name = url.removeprefix("/static/")
    assert (collected / name).is_file()
    assert json.loads((collected / "staticfiles.json").read_text())["paths"]["css/document.css"] == name


def test_pdfs_find_the_hashed_stylesheet_and_its_fonts(collected):
    # With the manifest storage, templates link /static/css/document.<hash>.css, whose fonts
    # are ../fonts/<name>.<hash>.*: the PDF fetcher must read those, or PDFs lose their Thai font.
    stylesheet = PortalURLFetcher().fetch("file://" + static("css/document.css")).read().decode()
    assert "@font-face" in stylesheet
    font = stylesheet.split("url(", 2)[1].split(")")[0].strip("'\"")
    font_url = "/static/css/" + font if not font.startswith("/") else font
    assert PortalURLFetcher().fetch("file://" + os.path.normpath(font_url)).read()


def test_the_json_formatter_writes_one_object_a_line():
    record = logging.LogRecord("ita", logging.WARNING, __file__, 1, "รายงาน %s", ("๑",), None)
    record.report_id = 7
    line = JSONFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING" and entry["message"] == "รายงาน ๑" and entry["report_id"] == 7
    assert datetime.datetime.fromisoformat(entry["time"]).tzinfo is not None


def test_the_gunicorn_access_log_is_json_with_escaped_values(caplog):
    from gunicorn.config import Config

    logger = GunicornJSONLogger(Config())
    logger._access_log_enabled = True
    logger.access_log.propagate = True

    class Response:
        status, sent, headers = "200 OK", 1234, []

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/oit/", "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_USER_AGENT": 'bot "quoted"'}
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logger.access(Response(), None, environ, datetime.timedelta(milliseconds=12))
    entry = json.loads(caplog.records[-1].getMessage())
    assert entry["status"] == 200 and entry["path"] == "/oit/" and entry["duration_ms"] == 12.0
    assert entry["user_agent"] == 'bot "quoted"'


def test_gunicorn_conf_reads_workers_from_the_environment():
    code = "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['workers'], c['bind'], c['logger_class'])"
    env = {**os.environ, "WEB_CONCURRENCY": "5", "GUNICORN_BIND": "127.0.0.1:9000"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["5", "127.0.0.1:9000", "ita_portal.logging.GunicornJSONLogger"]
    env["WEB_CONCURRENCY"] = "many"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True).returncode != 0


@pytest.fixture
def redis_url(tmp_path):
    """A throw-away redis-server on 127.0.0.1 (Debian ``redis-server``), skipped when missing."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_redis_cache_is_shared_between_processes(redis_url):
    code = (
        "import sys, django; django.setup(); from django.core.cache import cache; "
        "cache.set('k', 'ค่า') if sys.argv[1] == 'set' else print(cache.get('k'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ita_portal.settings", "REDIS_URL": redis_url}
    subprocess.run([sys.executable, "-c", code, "set"], cwd=ROOT, env=env, check=True, timeout=60)
    got = subprocess.run([sys.executable, "-c", code, "get"], cwd=ROOT, env=env, check=True, timeout=60, capture_output=True, text=True)
    assert got.stdout.strip() == "ค่า"
