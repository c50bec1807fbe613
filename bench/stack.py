"""The production stack for the web benchmarks, on 127.0.0.1 only: a database (a throw-away
PostgreSQL, or SQLite) filled with the seed documents and ``generate_scale_data``, the
static files collected, and gunicorn with ``gunicorn.conf.py`` and DEBUG off.

    with stack.running(db="pg", offices=245, years=5, workers=5) as s:
        s.base_url, s.login("scale-spp-001-supervisor"), s.env ...
"""

from __future__ import annotations

import contextlib
import http.cookies
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgserver  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "scale1234"
ADMIN = ("bench-admin", "bench-admin-pw-1234")


def machine_line(script: str, db: str, offices: int, years: int) -> str:
    """The header line of an in-process benchmark: date (UTC), CPUs, Python, load average,
    database and the scale data's size."""
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return (f"bench/{script} in {ROOT}\n"
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs ({cpu}); Python {platform.python_version()}; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {db}, {offices} offices × {years} years")


def in_process_env(url: str, tmp: Path) -> dict:
    """The environment of an in-process benchmark's child on database ``url``: production
    settings (DEBUG off), no TLS, media and static files under ``tmp``, no Redis."""
    env = {
        **os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "MEDIA_ROOT": str(tmp / "media"), "STATIC_ROOT": str(tmp / "static"),
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR", "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1", "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
    }
    env.pop("REDIS_URL", None)
    return env


def manage(env: dict, *argv: str, debug: bool = False) -> None:
    """``manage.py argv`` in ``env``; ``debug`` turns DEBUG on and keeps mail in memory
    (load_demo's approvals send mail, allowed with DEBUG on only)."""
    mail = "django.core.mail.backends.locmem.EmailBackend" if debug else env["MAIL_BACKEND"]
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT,
                   env={**env, "DEBUG": "1" if debug else "0", "MAIL_BACKEND": mail}, check=True, stdout=subprocess.DEVNULL)


def fill_scale_database(env: dict, offices: int, years: int) -> None:
    """Migrate, load the seed documents and generate ``offices`` × ``years`` of scale data."""
    manage(env, "migrate", "-v0")
    manage(env, "load_demo", debug=True)
    manage(env, "generate_scale_data", "--offices", str(offices), "--years", str(years), debug=True)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Stack:
    base_url: str
    env: dict
    tmp: Path
    seconds: dict = field(default_factory=dict)

    def manage(self, *args, debug: bool = False, **kwargs) -> subprocess.CompletedProcess:
        env = {**self.env, "DEBUG": "1" if debug else "0"}
        return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)

    def shell(self, code: str) -> str:
        """Run Python ``code`` with Django set up against the stack's database; return stdout."""
        script = "import django; django.setup()\n" + code
        return subprocess.run([PYTHON, "-c", script], cwd=ROOT, env={**self.env, "DJANGO_SETTINGS_MODULE": "ita_portal.settings"},
                              check=True, capture_output=True, text=True).stdout

    def login(self, username: str, password: str = PASSWORD) -> str:
        """Sign in through the login form; return the ``Cookie`` header value of the session."""
        return login(self.base_url, username, password)


def login(base_url: str, username: str, password: str) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPRedirectHandler())
    page = opener.open(f"{base_url}/accounts/login/", timeout=30)
    cookies = _cookies(page.headers.get_all("Set-Cookie") or [])
    html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base_url}/accounts/login/", data=data, headers={"Cookie": _header(cookies)})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect()).open(request, timeout=30)
        raise RuntimeError(f"login of {username} did not redirect (wrong password?)")
    except urllib.error.HTTPError as exc:
        if exc.code != 302:
            raise
        cookies.update(_cookies(exc.headers.get_all("Set-Cookie") or []))
    if "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} gave no session cookie")
    return _header(cookies)


def _cookies(headers: list[str]) -> dict:
    jar = {}
    for header in headers:
        parsed = http.cookies.SimpleCookie()
        parsed.load(header)
        jar.update({k: v.value for k, v in parsed.items()})
    return jar


def _header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def database(db: str):
    if db == "pg":
        with pgserver.running(settings=("shared_buffers=256MB", "max_connections=200")) as url:
            yield url
    else:
        tmp = Path(tempfile.mkdtemp(prefix="ita-bench-sqlite."))
        try:
            yield f"sqlite:///{tmp}/db.sqlite3"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def running(*, db: str = "pg", offices: int = 245, years: int = 5, workers: int | None = None, threads: int = 1,
            redis_url: str = ""):
    """Bring the stack up (see the module docstring); yield a ``Stack``; tear everything down."""
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench."))
    gunicorn = None
    try:
        with database(db) as url:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-" + "k" * 50,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "STATIC_ROOT": str(tmp / "static"),
                "MEDIA_ROOT": str(tmp / "media"),
                # TLS ends at the proxy in production; here there is none.
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "LOG_LEVEL": "WARNING",
                # DEBUG off refuses a mail backend that does not deliver; nothing is mailed here.
                "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "PYTHAINLP_OFFLINE": "1",
                "PYTHAINLP_READ_ONLY": "1",
            }
            if redis_url:
                env["REDIS_URL"] = redis_url
            env.pop("DEBUG", None)
            port = pgserver.free_port()
            stack = Stack(base_url=f"http://127.0.0.1:{port}", env=env, tmp=tmp)
            t0 = time.perf_counter()
            stack.manage("migrate", "-v0")
            stack.manage("load_demo", debug=True, stdout=subprocess.DEVNULL)
            log(f"{db}: migrated and seed documents loaded in {time.perf_counter() - t0:.1f} s")
            t0 = time.perf_counter()
            stack.manage("generate_scale_data", "--offices", str(offices), "--years", str(years), debug=True,
                         stdout=open(tmp / "generate.log", "w"))
            stack.seconds["generate"] = time.perf_counter() - t0
            log(f"{db}: scale data ({offices} offices × {years} years) in {stack.seconds['generate']:.1f} s")
            if db == "pg":
                stack.shell("from django.db import connection\nconnection.cursor().execute('VACUUM ANALYZE')")
            stack.shell(
                f"from django.contrib.auth import get_user_model\n"
                f"get_user_model().objects.create_superuser({ADMIN[0]!r}, 'a@example.invalid', {ADMIN[1]!r})"
            )
            stack.manage("collectstatic", "--noinput", "-v0")
            genv = {**env, "DEBUG": "0", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_THREADS": str(threads),
                    "GUNICORN_MAX_REQUESTS": "1000000"}
            if workers:
                genv["WEB_CONCURRENCY"] = str(workers)
            gunicorn = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=genv,
                                        stdout=open(tmp / "gunicorn.out", "w"), stderr=open(tmp / "gunicorn.log", "w"))
            wait_for(f"{stack.base_url}/oit/")
            log(f"gunicorn pid {gunicorn.pid} on {stack.base_url} ({genv.get('WEB_CONCURRENCY', 'default')} workers)")
            yield stack
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        shutil.rmtree(tmp, ignore_errors=True)
