"""gunicorn settings for production (``gunicorn -c gunicorn.conf.py ita_portal.wsgi``).

Everything can be changed from the environment:

* ``GUNICORN_BIND`` — address to listen on (default ``127.0.0.1:8000``; put nginx or a load
  balancer in front, or bind ``0.0.0.0:8000`` inside a container);
* ``WEB_CONCURRENCY`` — worker processes (default 2 × CPUs + 1);
* ``GUNICORN_THREADS`` — threads a worker (default 1: sync workers);
* ``GUNICORN_TIMEOUT`` — seconds before a stuck worker is restarted (default 30; long PDFs
  are rendered by the task worker, never in a request);
* ``GUNICORN_MAX_REQUESTS`` — requests before a worker is recycled (default 2000, with jitter).

Logs go to stdout/stderr as JSON lines (``ita_portal.logging.GunicornJSONLogger``).
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} must be a positive whole number")
    return int(raw)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Import Django once in the master; workers fork with the code already loaded (less memory,
# faster restarts). Django opens database connections lazily, so none is shared by a fork.
preload_app = True
wsgi_app = "ita_portal.wsgi:application"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "ita_portal.logging.GunicornJSONLogger"
# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, after the app is preloaded and before the workers fork: import the
    URLconf and every view (WeasyPrint alone takes ~1.5 s), so no worker's first request
    pays for it."""
    from django.urls import get_resolver

    get_resolver().url_patterns
