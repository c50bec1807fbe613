"""Benchmark: the CPU time of every staff page in-process, against the sign-in page measured
in the same run, with the SQL queries of each.

    .venv/bin/python bench/staff_pages.py [--db sqlite|pg] [--offices 245] [--years 5] [--runs 30]
                                          [--only WORDS] [--profile LABEL]

The parent builds a database (SQLite in a temporary folder, or a throw-away PostgreSQL from
``bench/pgserver.py`` through ``bench/stack.py``) with the seed documents (``load_demo``) and
``generate_scale_data``, then measures in one child process with ``DEBUG`` off, Django's
test client and the local-memory cache: the CPU time of a request (``time.process_time``)
is the median over ``--runs`` requests after 3 warm-up requests. Pages (the generated office
``scale-spp-001`` where it has a document of the kind, else the first seed document):

* งานของฉัน (landing page) of the administrator and of the office's supervisor;
* the list of every document kind (``/documents/<slug>/``) for both;
* the staff page of every document kind and its edit form (a draft: a seed one when the
  office has none);
  the project edit form;
* the dashboard of the office's supervisor and of the administrator (all offices), for the
  fiscal year of the generated documents.

The target: every staff page ≤ 10 ms CPU and ≤ 4× the sign-in page. ``--profile LABEL``
prints a cProfile of the first page whose label contains LABEL instead of the table.
Exits 0 whatever the figures (it measures; the tests assert behaviour).
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

OFFICE = "scale-spp-001"
TARGET_MS = 10.0
TARGET_RATIO = 4.0


def log(message: str) -> None:
    print(f"[staff_pages {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_ms(call, runs: int, warm: int = 3) -> float:
    """Median CPU ms of ``call()`` over ``runs`` calls after ``warm`` calls."""
    for _ in range(warm):
        call()
    times = []
    for _ in range(runs):
        c0 = time.process_time()
        call()
        times.append(time.process_time() - c0)
    return statistics.median(times) * 1000


def pages() -> list[tuple[str, str, str]]:
    """(label, who, URL) of every staff page measured; who is "admin" or "supervisor"."""
    from django.urls import reverse

    from ita_portal import kinds
    from ita_portal.workflow import Status
    from monitoring.models import QuarterlyReport

    report = QuarterlyReport.objects.filter(project__organization__code=OFFICE).order_by("-project__fiscal_year", "quarter").first()
    fy = report.project.fiscal_year
    rows = [
        ("งานของฉัน", "admin", reverse("staff:my_work")),
        ("งานของฉัน", "supervisor", reverse("staff:my_work")),
        ("dashboard", "supervisor", reverse("staff:dashboard") + f"?fy={fy}"),
        ("dashboard", "admin", reverse("staff:dashboard") + f"?fy={fy}"),
        ("project edit", "supervisor", reverse("staff:project_edit", args=[report.project_id])),
    ]
    for kind in kinds.all_kinds():
        rows.append((f"list {kind.slug}", "admin", reverse("document_list", args=[kind.slug])))
        rows.append((f"list {kind.slug}", "supervisor", reverse("document_list", args=[kind.slug])))
        mine = kind.model.objects.filter(**{f"{kind.organization_path}__code": OFFICE})
        who = "supervisor" if mine.exists() else "admin"
        candidates = mine if mine.exists() else kind.model.objects.all()
        document = (candidates.exclude(status=Status.APPROVED).order_by("pk").first()
                    or candidates.order_by("pk").first())
        if document is None:
            continue
        rows.append((f"staff {kind.slug}", who, document.get_staff_url()))
        if kind.edit_url_name and document.status == Status.APPROVED:  # no draft of the office: a seed draft
            document, who = kind.model.objects.exclude(status=Status.APPROVED).order_by("pk").first(), "admin"
        if kind.edit_url_name and document is not None:
            rows.append((f"edit {kind.slug}", who, reverse(kind.edit_url_name, args=[document.pk])))
    return rows


def child(runs: int, only: str, profile: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    User = get_user_model()
    clients = {"admin": Client(), "supervisor": Client()}
    clients["admin"].force_login(User.objects.filter(is_superuser=True).order_by("pk").first())
    clients["supervisor"].force_login(User.objects.get(username=f"{OFFICE}-supervisor"))

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    anonymous = Client()
    login_url = reverse("login")
    ref = cpu_ms(lambda: get(anonymous, login_url), runs * 3)
    measured = [(label, who, url) for label, who, url in pages() if not only or only in label]
    if profile:
        import cProfile
        import pstats

        label, who, url = next(p for p in measured if profile in f"{p[0]} {p[1]}")
        for _ in range(3):
            get(clients[who], url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            get(clients[who], url)
        profiler.disable()
        print(f"cProfile of 10 requests of {label} as {who} {url}")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    print(f"reference: sign-in page GET {login_url}: CPU {ref:.2f} ms, median of {runs * 3}")
    print(f"target: ≤ {TARGET_MS:.0f} ms and ≤ {TARGET_RATIO:.0f}× the sign-in page; CPU median of {runs} after 3 warm-up requests")
    print(f"  {'page':28} {'as':10} {'CPU ms':>7} {'× sign-in':>9} {'queries':>7} {'KiB':>6}  URL")
    missed = 0
    for label, who, url in measured:
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            size = len(get(clients[who], url).content)
        ms = cpu_ms(lambda: get(clients[who], url), runs)
        over = ms > TARGET_MS or ms > TARGET_RATIO * ref
        missed += over
        print(f"  {label:28} {who:10} {ms:7.2f} {ms / ref:9.2f} {len(queries):7} {size / 1024:6.0f}  {url}"
              f"{'  MISSED' if over else ''}", flush=True)
    print(f"  {missed} of {len(measured)} pages miss the target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["pg", "sqlite"], default="sqlite")
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
    parser.add_argument("--profile", default="", help="cProfile the first page whose label contains this")
    parser.add_argument("--database-url", default="", help="reuse a database already built (no build)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.runs, args.only, args.profile)
        return

    import stack  # bench/stack.py: the database recipe of the web benchmarks

    print(stack.machine_line("staff_pages.py", args.db, args.offices, args.years))
    tmp = Path(tempfile.mkdtemp(prefix="ita-staff-pages."))

    def run(url):
        env = stack.in_process_env(url, tmp)

        if not args.database_url:
            t0 = time.perf_counter()
            stack.fill_scale_database(env, args.offices, args.years)
            log(f"database ready in {time.perf_counter() - t0:.0f} s")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        argv = [sys.executable, __file__, "--child", "--runs", str(args.runs), "--only", args.only, "--profile", args.profile]
        subprocess.run(argv, cwd=ROOT, env={**env, "DEBUG": "0"}, check=True)

    if args.database_url:
        run(args.database_url)
    else:
        with stack.database(args.db) as url:
            run(url)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
