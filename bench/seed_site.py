"""The seed documents in a throw-away portal, for the PDF benchmarks.

``seed_admin_client(prefix)`` makes a temporary folder (``prefix`` + random), points the
portal's settings at a new SQLite database and media folder inside it (DEBUG on, plain static
files, errors-only logging), migrates, loads every seed file from ``fixtures/`` (documents stay
drafts, so every PDF is rendered on request) and returns a Django test ``Client`` signed in as a
new superuser. Call it once per process, before importing anything that needs Django's settings.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed_admin_client(prefix: str):
    """``django.test.Client`` of a superuser over a fresh database holding every seed file."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    os.environ.update({
        "DEBUG": "1", "SECRET_KEY": "b" * 50, "LOG_LEVEL": "ERROR", "SECURE_SSL_REDIRECT": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "MEDIA_ROOT": f"{tmp}/media",
    })
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from ita_portal.seeds import load_seed, seed_files

    call_command("migrate", verbosity=0)
    for path in seed_files():
        load_seed(path)
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", "b@example.invalid", "bench-pw-12345"))
    return client
