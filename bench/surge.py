"""Benchmark: the deadline surge — every generated office's 3 staff (735 at full scale) sign
in within minutes and work: dashboards, report pages, supervisors saving their report form.

    .venv/bin/python bench/surge.py [--db pg|sqlite] [--offices 245] [--years 5]
                                    [--spawn-rate 6] [--run-time 240] [--wait 5 20]

Brings up ``bench/stack.py`` (gunicorn with DEBUG off and the scale data on a throw-away
PostgreSQL, 127.0.0.1 only) and runs locust headless (``bench/locustfile_surge.py``) with one
simulated user an account, ``--spawn-rate`` new users a second, for ``--run-time`` seconds in
all; each user waits ``--wait`` seconds (think time) between actions. Prints per request type
and overall: requests, failures, p50/p95/p99 and requests per second. Bounded in users and
time: it never runs longer than ``--run-time``. Needs locust (``pip install locust`` into the
venv; not a requirement of the portal).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

LOCUST = str(stack.ROOT / ".venv" / "bin" / "locust")
PLAN_CODE = """
import json
from django.contrib.auth import get_user_model
from ita_portal import thai
from django.utils import timezone
from monitoring.models import QuarterlyReport
from ita_portal.workflow import EDITABLE_STATUSES
fy, q = thai.fiscal_year(timezone.localdate()), thai.fiscal_quarter(timezone.localdate())
reports, editable = {}, {}
for r in QuarterlyReport.objects.filter(project__organization__code__startswith="scale-", project__fiscal_year=fy).values(
        "pk", "quarter", "status", "project__organization__code").order_by("quarter"):
    code = r["project__organization__code"]
    reports.setdefault(code, r["pk"])
    if r["status"] in EDITABLE_STATUSES and code not in editable:
        editable[code] = r["pk"]
accounts = []
for username in get_user_model().objects.filter(username__startswith="scale-").order_by("pk").values_list("username", flat=True):
    code, role = username.rsplit("-", 1)
    accounts.append([username, role, reports[code], editable.get(code) if role == "supervisor" else None])
print(json.dumps(accounts))
"""


def run(s: stack.Stack, *, spawn_rate: float, run_time: int, wait: tuple[float, float], users: int | None = None) -> dict:
    accounts = json.loads(s.shell(PLAN_CODE))
    users = users or len(accounts)
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-surge."))
    plan = tmp / "plan.json"
    plan.write_text(json.dumps({"accounts": accounts, "password": stack.PASSWORD}))
    env = {**os.environ, "SURGE_PLAN": str(plan), "SURGE_WAIT_MIN": str(wait[0]), "SURGE_WAIT_MAX": str(wait[1])}
    stack.log(f"surge: {users} users, {spawn_rate}/s, {run_time} s, think time {wait[0]}–{wait[1]} s")
    subprocess.run(
        [LOCUST, "-f", str(Path(__file__).with_name("locustfile_surge.py")), "--headless", "--host", s.base_url,
         "-u", str(users), "-r", str(spawn_rate), "-t", f"{run_time}s", "--csv", str(tmp / "surge"), "--only-summary",
         "--stop-timeout", "10", "--loglevel", "WARNING"],
        cwd=stack.ROOT, env=env, check=False, stdout=open(tmp / "locust.out", "w"), stderr=subprocess.STDOUT,
    )
    rows = list(csv.DictReader(open(tmp / "surge_stats.csv", encoding="utf-8")))
    failures = list(csv.DictReader(open(tmp / "surge_failures.csv", encoding="utf-8")))
    return {"users": users, "accounts": len(accounts), "rows": rows, "failures": failures}


def show(result: dict) -> None:
    print(f"deadline surge: {result['users']} users (of {result['accounts']} accounts); ms: p50 / p95 / p99")
    for row in result["rows"]:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL REQUESTS"
        print(f"  {name:22} {int(row['Request Count']):6} req  {int(row['Failure Count']):4} failed  "
              f"{row['50%']:>6} / {row['95%']:>6} / {row['99%']:>6}  {float(row['Requests/s']):6.1f} req/s")
    for failure in result["failures"][:10]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error'][:120]} × {failure['Occurrences']}")
    total = next(r for r in result["rows"] if r["Name"] == "Aggregated")
    p95 = float(total["95%"])
    errors = int(total["Failure Count"])
    print(f"  target: 0 errors and p95 < 500 ms -> {'met' if errors == 0 and p95 < 500 else 'MISSED'} "
          f"({errors} errors, p95 {p95:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--offices", type=int, default=245)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--users", type=int, default=None, help="default: every generated account (3 an office)")
    parser.add_argument("--spawn-rate", type=float, default=6.0)
    parser.add_argument("--run-time", type=int, default=240)
    parser.add_argument("--wait", type=float, nargs=2, default=(5.0, 20.0))
    args = parser.parse_args()
    with stack.running(db=args.db, offices=args.offices, years=args.years, workers=args.workers) as s:
        show(run(s, spawn_rate=args.spawn_rate, run_time=args.run_time, wait=tuple(args.wait), users=args.users))


if __name__ == "__main__":
    main()
