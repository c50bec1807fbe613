"""Benchmark: what a deadline costs in-process — sign-ins (password hashing), public OIT pages
(cache hit, 304, miss) and PDFs (rendered once per content, stored PDFs) — each against the
sign-in page or a fresh render measured in the same run.

    .venv/bin/python bench/deadline.py [--db pg|sqlite] [--offices 245] [--years 5] [--runs 300]

The parent builds a database (a throw-away PostgreSQL from ``bench/pgserver.py``, or SQLite)
with the seed documents (``load_demo``) and ``generate_scale_data``, then runs the
measurements in one child process with ``DEBUG`` off, Django's test client (no test
instrumentation) and the local-memory cache: the CPU time of a request
(``time.process_time``, all threads of the process) is the median over ``--runs`` requests
after a warm-up. Figures:

* per-hash CPU and wall time of the portal's Argon2id (OWASP minimum, ``ita_portal.hashers``),
  Django's default Argon2 (100 MiB, t=2, p=8) and PBKDF2 (Django's default iterations), and a
  whole sign-in POST with the current default hasher, against the sign-in page;
* the public OIT year page of a generated office: cache hit, conditional GET (304) and cold
  cache, with the SQL queries of a hit, against the sign-in page;
* PDFs: a generated office's draft quarterly report and the seed OIT analysis report, first
  request (rendered) and again (unchanged), and an approved seed document's stored PDF.

Run the same file from a copy of an older commit (``git archive <commit> | tar -x -C DIR``,
then ``.venv/bin/python DIR/bench/deadline.py``) for the "before" figures: what a tree does
not have is reported as such.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSWORD = "scale1234"


def log(message: str) -> None:
    print(f"[deadline {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_ms(call, runs: int, warm: int = 3) -> tuple[float, float]:
    """(median CPU ms, median wall ms) of ``call()`` over ``runs`` calls after ``warm`` calls."""
    for _ in range(warm):
        call()
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        call()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def child(runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, get_hasher
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessments.models import OITChecklist
    from monitoring.models import QuarterlyReport

    try:
        from ita_portal.hashers import PortalArgon2PasswordHasher
    except ImportError:  # an older tree: the same parameters, for the comparison

        class PortalArgon2PasswordHasher(Argon2PasswordHasher):
            memory_cost, time_cost, parallelism = 19 * 1024, 2, 1

    out = print
    User = get_user_model()
    anonymous = Client()

    def get(client, url, **headers):
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 304), (url, response.status_code)
        return response

    login_url = reverse("login")
    ref_cpu, ref_wall = cpu_ms(lambda: get(anonymous, login_url), runs)
    out(f"reference: sign-in page GET {login_url}: CPU {ref_cpu:.2f} ms (wall {ref_wall:.2f} ms), median of {runs}")

    # --- passwords ----------------------------------------------------------------------
    out("\npassword hashing (one hash, median of 5; PBKDF2 of 3):")
    hashers = [
        ("portal Argon2id m=19 MiB t=2 p=1 (OWASP minimum)", PortalArgon2PasswordHasher(), 5),
        ("Django Argon2 default m=100 MiB t=2 p=8", Argon2PasswordHasher(), 5),
        (f"PBKDF2-SHA256 {PBKDF2PasswordHasher.iterations:,} iterations", PBKDF2PasswordHasher(), 3),
    ]
    for label, hasher, n in hashers:
        c, w = cpu_ms(lambda: hasher.encode(PASSWORD, "benchsalt1234567"), n, warm=1)
        out(f"  {label:52} CPU {c:7.1f} ms  wall {w:7.1f} ms  = {c / ref_cpu:6.0f}× the sign-in page")
    default = get_hasher("default")
    out(f"  default hasher of this tree: {default.algorithm} ({type(default).__module__}.{type(default).__name__})")

    user = User.objects.filter(username__endswith="-supervisor", username__startswith="scale-").order_by("username").first()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])

    def sign_in():
        client = Client()
        response = client.post(login_url, {"username": user.username, "password": PASSWORD, "next": "/"})
        assert response.status_code == 302, response.status_code

    c, w = cpu_ms(sign_in, 10, warm=1)
    out(f"  sign-in POST (form, {default.algorithm} verify, session, axes): CPU {c:.1f} ms (wall {w:.1f} ms) "
        f"= {c / ref_cpu:.0f}× the sign-in page; 4 sign-ins a second need {4 * c / 1000:.2f} CPUs")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "legacysalt1234")
    user.save(update_fields=["password"])
    sign_in()
    user.refresh_from_db()
    out(f"  a PBKDF2 hash after its owner signs in: {user.password.split('$', 1)[0]}")
    client = Client()
    client.post(login_url, {"username": user.username, "password": PASSWORD, "next": "/"})
    out(f"  session lasts {client.session.get_expiry_age() / 3600:.1f} h (SESSION_COOKIE_AGE)")

    # --- public OIT pages ----------------------------------------------------------------
    checklist = (
        OITChecklist.objects.select_related("organization", "framework")
        .filter(organization__code__startswith="scale-").order_by("organization__code", "-framework__fiscal_year").first()
    )
    url = checklist.get_public_url()
    out(f"\npublic OIT year page {url} (CPU a request, median of {runs}):")
    first = get(anonymous, url)
    hit_cpu, hit_wall = cpu_ms(lambda: get(anonymous, url), runs)
    with CaptureQueriesContext(connection) as ctx:
        get(anonymous, url)
    out(f"  cache hit        CPU {hit_cpu:6.2f} ms (wall {hit_wall:6.2f} ms) = {hit_cpu / ref_cpu:.2f}× the sign-in page; "
        f"{len(ctx.captured_queries)} queries; {len(first.content):,} bytes")
    etag = first.get("ETag")
    if etag:
        status = get(anonymous, url, **{"If-None-Match": etag}).status_code
        c, w = cpu_ms(lambda: get(anonymous, url, **{"If-None-Match": etag}), runs)
        out(f"  If-None-Match    CPU {c:6.2f} ms (wall {w:6.2f} ms) = {c / ref_cpu:.2f}× the sign-in page; HTTP {status}")
    else:
        out("  conditional GET: this tree sends no ETag (always 200)")

    def cold():
        cache.clear()
        get(anonymous, url)

    c, w = cpu_ms(cold, max(runs // 10, 5))
    out(f"  cold cache       CPU {c:6.2f} ms (wall {w:6.2f} ms) = {c / ref_cpu:.2f}× the sign-in page")
    get(anonymous, "/oit/")
    c, w = cpu_ms(lambda: get(anonymous, "/oit/"), max(runs // 10, 5))
    out(f"  index /oit/      CPU {c:6.2f} ms (wall {w:6.2f} ms) ({checklist.__class__.objects.count():,} checklists)")

    # --- PDFs -------------------------------------------------------------------------
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-admin", "a@example.invalid", "x" * 12)
    staff = Client()
    staff.force_login(admin)
    draft = (
        QuarterlyReport.objects.filter(project__organization__code=checklist.organization.code)
        .exclude(status="approved").order_by("pk").first()
    )
    oit_report = OITChecklist.objects.exclude(organization__code__startswith="scale-").order_by("pk").first()
    approved = QuarterlyReport.objects.filter(status="approved").exclude(approved_pdf="").order_by("pk").first()
    out("\nPDF (wall and CPU of one request):")
    for label, pdf_url in [
        (f"draft quarterly report {draft.pk} (generated office)", draft.get_pdf_url()),
        ("OIT analysis report (seed 004)", oit_report.get_pdf_url()),
    ]:
        c0, w0 = time.process_time(), time.perf_counter()
        body = get(staff, pdf_url).content
        c1, w1 = (time.process_time() - c0) * 1000, (time.perf_counter() - w0) * 1000
        c2, w2 = cpu_ms(lambda: get(staff, pdf_url), 5, warm=0)
        same = get(staff, pdf_url).content == body
        out(f"  {label:48} first {w1:7.1f} ms (CPU {c1:7.1f})  again {w2:6.1f} ms (CPU {c2:6.1f}) "
            f"= {w1 / w2:5.0f}× faster; same bytes: {same}; {len(body):,} bytes")
    if approved is not None:
        c, w = cpu_ms(lambda: b"".join(get(staff, approved.get_pdf_url()).streaming_content), 20)
        out(f"  {'approved seed report (stored PDF)':48} {w:6.1f} ms (CPU {c:.1f}) a request, median of 20")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--offices", type=int, default=245)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.runs)
        return

    import stack  # bench/stack.py: the database recipe of the web benchmarks

    print(stack.machine_line("deadline.py", args.db, args.offices, args.years))
    tmp = Path(tempfile.mkdtemp(prefix="ita-deadline."))
    with stack.database(args.db) as url:
        env = stack.in_process_env(url, tmp)
        t0 = time.perf_counter()
        stack.fill_scale_database(env, args.offices, args.years)
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        log(f"database ready in {time.perf_counter() - t0:.0f} s")
        subprocess.run([sys.executable, __file__, "--child", "--runs", str(args.runs)], cwd=ROOT, env={**env, "DEBUG": "0"},
                       check=True)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
