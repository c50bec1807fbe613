"""A throw-away PostgreSQL server on 127.0.0.1 for the benchmarks (the Python twin of
``pg_start``/``pg_stop`` in scripts/test.sh): Debian's ``initdb``/``pg_ctl`` in a temporary
folder, trust authentication, durability off, stopped and removed on exit.

    with pgserver.running() as url:   # "postgres://postgres@127.0.0.1:<port>/ita_bench"
        ...
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def bindir() -> Path:
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    raise SystemExit("PostgreSQL server programs not found: apt-get install postgresql (or set PG_BINDIR)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(db: str = "ita_bench", settings: tuple[str, ...] = ()):
    """Start a cluster; yield its DATABASE_URL; stop it and delete its folder afterwards.

    ``settings`` are extra ``-c name=value`` server options (e.g. ``shared_buffers=256MB``).
    """
    binaries = bindir()
    owner = None
    if os.getuid() == 0:  # PostgreSQL refuses to run as root
        owner = "postgres" if _user_exists("postgres") else "nobody"
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-pg."))
    (tmp / "sock").mkdir()
    if owner:
        shutil.chown(tmp, owner)
        shutil.chown(tmp / "sock", owner)

    def as_owner(*args):
        command = ["runuser", "-u", owner, "--", *map(str, args)] if owner else list(map(str, args))
        subprocess.run(command, cwd=tmp, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    port = free_port()
    try:
        as_owner(binaries / "initdb", f"--pgdata={tmp / 'data'}", "--username=postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = " ".join(
            [f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp / 'sock'}",
             "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
             *(f"-c {s}" for s in settings)]
        )
        as_owner(binaries / "pg_ctl", f"--pgdata={tmp / 'data'}", f"--log={tmp / 'server.log'}", "--wait", "--timeout=60", "-o", options, "start")
        subprocess.run([binaries / "createdb", "--host=127.0.0.1", f"--port={port}", "--username=postgres", db], check=True)
        yield f"postgres://postgres@127.0.0.1:{port}/{db}"
    finally:
        if (tmp / "data" / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                as_owner(binaries / "pg_ctl", f"--pgdata={tmp / 'data'}", "--mode=fast", "--wait", "--timeout=30", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
