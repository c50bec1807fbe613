"""Benchmark: the number of SQL queries of every main page, with the seed data and with the
national-scale data (they must be equal: no page's query count may grow with the data).

    .venv/bin/python bench/query_counts.py [--offices 245] [--years 5]

Two child processes, each on a fresh SQLite database: one with the seed documents
(``load_demo``), one with the seed documents plus ``generate_scale_data``. Each requests the
same pages of the seed documents through Django's test client (signed in as the
administrator, who sees every organization, and as the seed office's supervisor) and counts
queries with ``CaptureQueriesContext``; the public OIT pages are counted on a cold and on a
warm cache. The scale child also counts the same pages of a generated office. Exits non-zero
when a count differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages(scale_code: str | None) -> list[tuple[str, str, str]]:
    """(page, who, URL) for the seed documents, or for office ``scale_code``'s documents."""
    from django.urls import reverse

    from assessments.models import ITAResult, OITChecklist
    from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
    from monitoring.models import QuarterlyReport
    from monitoring.progress import ProgressReport
    from plans.action_plans import ActionPlan

    if scale_code:
        report = QuarterlyReport.objects.filter(project__organization__code=scale_code).order_by("-project__fiscal_year", "quarter").first()
        checklist = OITChecklist.objects.filter(organization__code=scale_code).order_by("-framework__fiscal_year").first()
        entry = checklist.entries.order_by("item__order").first()
        return [
            ("home", "anonymous", reverse("home")),
            ("OIT index", "anonymous", reverse("oit:index")),
            ("OIT year page (cold cache)", "anonymous", checklist.get_public_url()),
            ("OIT year page (warm cache)", "anonymous", checklist.get_public_url()),
            ("OIT item page (cold cache)", "anonymous", entry.get_public_url()),
            # The dashboard of a fiscal year with projects (an empty year saves the two
            # queries of the rows): the generated office's year here, 20 of 245 for the admin.
            ("dashboard", "admin", reverse("staff:dashboard") + f"?fy={report.project.fiscal_year}"),
            ("dashboard", "supervisor", reverse("staff:dashboard") + f"?fy={report.project.fiscal_year}"),
            ("quarterly report", "admin", report.get_absolute_url()),
            ("quarterly report, staff", "admin", report.get_staff_url()),
            ("quarterly report, staff", "supervisor", report.get_staff_url()),
            ("project edit", "admin", reverse("staff:project_edit", args=[report.project_id])),
            ("OIT checklist, staff", "admin", checklist.get_absolute_url()),
            ("exports form", "admin", reverse("staff:exports")),
        ]
    report = QuarterlyReport.objects.filter(project__organization__code="spp-chiangmai-6").order_by("pk").first()
    checklist = OITChecklist.objects.order_by("pk").first()
    entry = checklist.entries.order_by("item__order").first()
    rows = [
        ("home", "anonymous", reverse("home")),
        ("OIT index", "anonymous", reverse("oit:index")),
        ("OIT year page (cold cache)", "anonymous", checklist.get_public_url()),
        ("OIT year page (warm cache)", "anonymous", checklist.get_public_url()),
        ("OIT item page (cold cache)", "anonymous", entry.get_public_url()),
        ("dashboard", "admin", reverse("staff:dashboard") + f"?fy={report.project.fiscal_year}"),
        ("dashboard", "supervisor", reverse("staff:dashboard") + f"?fy={report.project.fiscal_year}"),
        ("quarterly report", "admin", report.get_absolute_url()),
        ("quarterly report, staff", "admin", report.get_staff_url()),
        ("quarterly report, staff", "supervisor", report.get_staff_url()),
        ("project edit", "admin", reverse("staff:project_edit", args=[report.project_id])),
        ("OIT checklist, staff", "admin", checklist.get_absolute_url()),
        ("exports form", "admin", reverse("staff:exports")),
        ("assessments index", "admin", reverse("assessments:index")),
    ]
    for label, model in (("action plan", ActionPlan), ("6-month progress report", ProgressReport),
                         ("monitoring calendar", MonitoringCalendar), ("monitoring report", MonitoringReport),
                         ("memo", Memo), ("ITA result", ITAResult)):
        obj = model.objects.order_by("pk").first()
        rows.append((label, "admin", obj.get_absolute_url()))
        if hasattr(obj, "get_staff_url"):
            rows.append((f"{label}, staff", "admin", obj.get_staff_url()))
    rows.append(("OIT checklist report", "admin", checklist.get_report_url()))
    return rows


def child(scale: str | None) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    if scale:
        offices, years = scale.split("x")
        call_command("generate_scale_data", "--offices", offices, "--years", years, stdout=open(os.devnull, "w"))
    User = get_user_model()
    clients = {"anonymous": Client(), "admin": Client(), "supervisor": Client()}
    clients["admin"].force_login(User.objects.get(username="admin"))
    counts = {}
    for which, code, supervisor in (("seed", None, "spp-chiangmai-6-supervisor"), ("scale office", "scale-spp-001", "scale-spp-001-supervisor")):
        if code and not scale:
            continue
        clients["supervisor"] = Client()
        clients["supervisor"].force_login(User.objects.get(username=supervisor))
        for label, who, url in pages(code):
            if "cold cache" in label:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = clients[who].get(url)
            counts[f"{which}|{label}|{who}"] = {"url": url, "status": response.status_code, "queries": len(queries)}
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=245)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child:
        print("COUNTS " + json.dumps(child(None if args.child == "seed" else args.child)))
        return
    results = {}
    for mode in ("seed", f"{args.offices}x{args.years}"):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "DEBUG": "1", "LOG_LEVEL": "ERROR"}
            out = subprocess.run([sys.executable, __file__, "--child", mode], env=env, cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
            results[mode] = json.loads(next(line for line in out.splitlines() if line.startswith("COUNTS "))[7:])
    seed, scale = results["seed"], results[f"{args.offices}x{args.years}"]
    print(f"SQL queries a page: seed data vs seed + scale data ({args.offices} offices × {args.years} years)")
    print(f"  {'page':34} {'as':10} {'seed':>5} {'scale':>5} {'scale office':>12}")
    unequal = 0
    for key, row in seed.items():
        _, label, who = key.split("|")
        big = scale[key]["queries"]
        office = scale.get(f"scale office|{label}|{who}", {}).get("queries", "")
        same = row["queries"] == big and office in ("", row["queries"])
        unequal += not same
        status = "" if row["status"] == 200 and scale[key]["status"] == 200 else f"  (HTTP {row['status']}/{scale[key]['status']})"
        print(f"  {label:34} {who:10} {row['queries']:>5} {big:>5} {office!s:>12}  {'equal' if same else 'DIFFERENT'}{status}")
    print(f"  {'all equal' if not unequal else f'{unequal} pages differ'}")
    sys.exit(1 if unequal else 0)


if __name__ == "__main__":
    main()
