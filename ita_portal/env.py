"""Strict parsing of settings taken from the environment.

Every helper raises ``ImproperlyConfigured`` with a message that names the variable and the
value it refused, so a malformed value stops start-up instead of being silently ignored
(the habit of healthchecks' ``envbool``).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """Return the boolean in environment variable ``name``.

    Accepts 1/0, true/false, yes/no, on/off (any case); an empty or absent variable gives
    ``default``. Anything else raises ``ImproperlyConfigured``.
    """
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of "
        f"{', '.join(sorted(TRUE_VALUES | FALSE_VALUES))}"
    )


def env_int(name: str, default: int) -> int:
    """Return the whole number in ``name``; absent or empty gives ``default``; anything else
    raises ``ImproperlyConfigured``."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list from ``name`` (blank items are refused).

    ``"a, b"`` gives ``["a", "b"]``; ``"a,,b"`` raises ``ImproperlyConfigured``.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item between commas")
    return items


def secret_key(key_file: Path) -> str:
    """Return ``SECRET_KEY`` from the environment, or a development key kept in ``key_file``.

    The file is created (mode 0600) with a random 50-character key on first use, so a
    development checkout never carries a literal key. A key shorter than 32 characters
    raises ``ImproperlyConfigured``.
    """
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return raw
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def database_config(url: str | None, default_sqlite: Path) -> dict:
    """Translate ``DATABASE_URL`` into one Django ``DATABASES`` entry.

    Accepted forms: absent (SQLite file ``default_sqlite``), ``sqlite:///relative/or/absolute``
    and ``postgres://user:password@host:port/name`` (also ``postgresql://``, through
    psycopg2). Any other scheme, or a PostgreSQL URL without a database name or with a
    non-numeric port, raises ``ImproperlyConfigured``.
    """
    if url is None or url.strip() == "":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite}
    parts = urlsplit(url.strip())
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path in ("", "/"):
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no SQLite file")
        # sqlite:////abs/path keeps its leading slash; sqlite:///rel/path is relative.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path[1:]}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database")
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} has a malformed port") from exc
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r}: unsupported scheme {parts.scheme!r} (use sqlite:// or postgres://)"
    )


# Mail backends that never deliver: they print a message (password-reset links included) to
# the log, keep it in memory, drop it, or write it to a file on the server.
DEVELOPMENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def refuse_development_mail(debug: bool, backend: str) -> None:
    """Raise ``ImproperlyConfigured`` naming ``MAIL_BACKEND`` when ``debug`` is off and
    ``backend`` (a dotted class path) is one of ``DEVELOPMENT_MAIL_BACKENDS``.

    Rule "no development mail in production": with the console backend a password-reset
    link is written to the server log, and whoever reads the log can take the account over.
    Called while the settings load, so gunicorn, the worker and every ``manage.py`` command
    refuse to start, not only ``check --deploy``. The test runner's in-memory mailbox is
    swapped in after the settings have loaded, so a test run (``DEBUG=1``, set by
    ``scripts/test.sh`` and ``tests/settings.py``) is not refused.
    """
    if not debug and backend.strip() in DEVELOPMENT_MAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"MAIL_BACKEND={backend!r} does not deliver mail (password-reset links would be written "
            "to the log); with DEBUG off set MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend "
            "and MAIL_HOST, or set DEBUG=1 for development"
        )
