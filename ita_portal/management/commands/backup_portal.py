"""``manage.py backup_portal --out FILE``: the database and the media files in one archive.

The archive is a gzip'd tar holding ``manifest.json`` (format, engine, time, SHA-256 of every
member), the database (``db.sqlite3`` — a consistent copy made with SQLite's online backup
API — or ``db.dump`` made by ``pg_dump -Fc`` for PostgreSQL) and ``media/`` (signatures,
approved PDFs, OIT evidence). Restore with ``manage.py restore_portal FILE``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
# pg_dump is run with a fixed argument list, never through a shell.
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

FORMAT = "ita-portal-backup/1"


def pg_environment(db: dict) -> dict:
    """Environment for pg_dump/pg_restore: the connection settings as PG* variables."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Back up the database and the media files into one .tar.gz (see restore_portal)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="archive to write, e.g. backup-2567-10-01.tar.gz")

    def handle(self, *args, out, **options):
        out = Path(out)
        db = connection.settings_dict
        with tempfile.TemporaryDirectory(prefix="ita-backup-") as tmp:
            tmp = Path(tmp)
            if connection.vendor == "sqlite":
                db_file = tmp / "db.sqlite3"
                connection.ensure_connection()
                target = sqlite3.connect(db_file)
                try:
                    connection.connection.backup(target)
                finally:
                    target.close()
            elif connection.vendor == "postgresql":
                db_file = tmp / "db.dump"
                command = ["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(db_file), db["NAME"]]
                result = subprocess.run(command, env=pg_environment(db), capture_output=True, text=True)
                if result.returncode != 0:
                    raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            else:
                raise CommandError(f"backup_portal does not support the {connection.vendor} database")
            media_root = Path(settings.MEDIA_ROOT)
            media_files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
            manifest = {
                "format": FORMAT,
                "engine": connection.vendor,
                "created": timezone.now().isoformat(),
                "database": {"file": db_file.name, "sha256": sha256_of(db_file)},
                "media": {str(p.relative_to(media_root)): sha256_of(p) for p in media_files},
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
            out.parent.mkdir(parents=True, exist_ok=True)
            with tarfile.open(out, "w:gz") as archive:
                archive.add(tmp / "manifest.json", arcname="manifest.json")
                archive.add(db_file, arcname=db_file.name)
                for path in media_files:
                    archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
        self.stdout.write(f"backup written to {out}: database ({connection.vendor}) and {len(media_files)} media files")
