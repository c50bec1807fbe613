"""``manage.py restore_portal FILE``: put back a backup made by ``backup_portal``.

Every member's SHA-256 is checked against the manifest before anything is touched, and
member names are checked to stay inside the archive's folders (no path traversal). The
database is then replaced whole (SQLite: the backup API copies the saved file over the live
database; PostgreSQL: ``pg_restore --clean --if-exists`` into the database of
DATABASE_URL) and ``MEDIA_ROOT`` is replaced by the archive's ``media/``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
# pg_restore is run with a fixed argument list, never through a shell.
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ita_portal.management.commands.backup_portal import FORMAT, pg_environment, sha256_of


class Command(BaseCommand):
    help = "Restore the database and the media files from a backup_portal archive (replaces both)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by backup_portal")

    def handle(self, *args, archive, **options):
        with tempfile.TemporaryDirectory(prefix="ita-restore-") as tmp:
            tmp = Path(tmp)
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(tmp, filter="data")  # refuses absolute names, "..", links out
            manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise CommandError(f"{archive} is not a backup_portal archive")
            if manifest["engine"] != connection.vendor:
                raise CommandError(f"the backup is of a {manifest['engine']} database, this portal uses {connection.vendor}")
            db_file = tmp / manifest["database"]["file"]
            if sha256_of(db_file) != manifest["database"]["sha256"]:
                raise CommandError("the database file in the archive is damaged (SHA-256 differs)")
            for name, digest in manifest["media"].items():
                if sha256_of(tmp / "media" / name) != digest:
                    raise CommandError(f"media file {name} in the archive is damaged (SHA-256 differs)")
            self._restore_database(db_file)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.exists():
                shutil.rmtree(media_root)
            if (tmp / "media").exists():
                shutil.copytree(tmp / "media", media_root)
            else:
                media_root.mkdir(parents=True)
        self.stdout.write(f"restored {archive}: database ({connection.vendor}) and {len(manifest['media'])} media files")

    def _restore_database(self, db_file: Path) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return
        db = connection.settings_dict
        connection.close()  # pg_restore --clean drops tables this connection may hold locks on
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "-d", db["NAME"], str(db_file)]
        result = subprocess.run(command, env=pg_environment(db), capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
