"""Benchmark: gunicorn on 127.0.0.1 with national-scale data under 50 concurrent connections.

    .venv/bin/python bench/web_load.py [--db pg|sqlite] [--offices 245] [--years 5]
                                       [--connections 50] [--duration 10] [--runs 3]

Brings up ``bench/stack.py`` (a throw-away PostgreSQL or SQLite with the seed documents and
``generate_scale_data``, collectstatic, gunicorn with ``gunicorn.conf.py`` and DEBUG off),
then for each page runs ``wrk`` (Debian package ``wrk``) ``--runs`` times for ``--duration``
seconds with ``--connections`` connections and prints the median and the spread (min–max)
of p50/p95/p99 latency and requests per second, and the errors (socket errors and non-2xx):

* the public OIT page of one generated office (``/oit/<code>/<fy>/``, no login);
* the staff dashboard of a generated office's supervisor, and of an administrator who sees
  all 245 offices (20 projects a page); a generated quarterly report's staff page;
* the ceiling: the same public page saved as a file and served by nginx (Debian ``nginx``),
  with our share of its requests per second.

wrk and the servers share the machine's CPUs, as they do in the figures of docs/benchmarks.md.
Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgserver  # noqa: E402
import stack  # noqa: E402

WRK_SCRIPT = textwrap.dedent(
    """
    done = function(summary, latency, requests)
      local e = summary.errors
      io.write(string.format(
        'WRK {"requests": %d, "duration_us": %d, "socket_errors": %d, "status_errors": %d, '
        .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
        summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
        latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
    end
    """
)
NGINX_CONF = """
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type text/html;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  {server}
}}
"""
STATIC_SERVER = "server {{ listen 127.0.0.1:{port}; root {tmp}/www; location / {{ try_files $uri $uri/index.html =404; }} }}"
# The production set-up for public pages: nginx in front of gunicorn keeps each response for
# as long as its Cache-Control allows (the OIT pages: public, max-age=60).
PROXY_SERVER = (
    "proxy_cache_path {tmp}/cache levels=1:2 keys_zone=ita:10m max_size=100m inactive=10m; "
    "server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass {upstream}; proxy_http_version 1.1; "
    "proxy_set_header Host $host; proxy_cache ita; proxy_cache_lock on; proxy_cache_use_stale updating; }} }}"
)


def ensure_tool(binary: str, package: str) -> str:
    found = shutil.which(binary) or (f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None)
    if found:
        return found
    if os.getuid() != 0:
        raise SystemExit(f"{binary} is missing: sudo apt-get install {package}")
    stack.log(f"installing Debian package {package}")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)
    return shutil.which(binary) or f"/usr/sbin/{binary}"


def wrk(url: str, *, connections: int, duration: int, cookie: str = "", script: Path) -> dict:
    command = [ensure_tool("wrk", "wrk"), "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    r = json.loads(line[4:])
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


def measure(name: str, url: str, args, script: Path, cookie: str = "") -> dict:
    # One short warm-up (per-process caches, connection pools), then the measured runs.
    wrk(url, connections=args.connections, duration=2, cookie=cookie, script=script)
    runs = [wrk(url, connections=args.connections, duration=args.duration, cookie=cookie, script=script) for _ in range(args.runs)]
    summary = {"page": name, "url": url, "runs": runs}
    for key in ("p50_us", "p95_us", "p99_us", "rps"):
        values = [r[key] for r in runs]
        summary[key] = (statistics.median(values), min(values), max(values))
    summary["errors"] = sum(r["socket_errors"] + r["status_errors"] for r in runs)
    summary["requests"] = sum(r["requests"] for r in runs)
    return summary


def show(s: dict, target_p95_ms: float | None = None) -> None:
    def ms(key):
        med, lo, hi = s[key]
        return f"{med / 1000:7.1f} ms ({lo / 1000:.1f}–{hi / 1000:.1f})"

    rps = s["rps"]
    verdict = ""
    if target_p95_ms is not None:
        verdict = f"  target p95 < {target_p95_ms:g} ms: {'met' if s['p95_us'][0] / 1000 < target_p95_ms else 'MISSED'}"
    print(f"  {s['page']:28} p50 {ms('p50_us')}  p95 {ms('p95_us')}  p99 {ms('p99_us')}  "
          f"{rps[0]:7.0f} req/s ({rps[1]:.0f}–{rps[2]:.0f})  errors {s['errors']}/{s['requests']}{verdict}")


PROFILE_CODE = """
import json, sys
from pyinstrument import Profiler
from django.contrib.auth import get_user_model
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
if {username!r}:
    client.force_login(get_user_model().objects.get(username={username!r}))
for _ in range(3):
    client.get({path!r})  # warm
profiler = Profiler(interval=0.0005)
profiler.start()
for _ in range({requests}):
    assert client.get({path!r}).status_code == 200
profiler.stop()
print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))
"""


def profile(s, name: str, path: str, username: str, requests: int = 30) -> None:
    """pyinstrument over ``requests`` requests of ``path`` in one process on the stack's
    database (DEBUG off), printed as a call tree: what a page spends its time on."""
    text = s.shell(PROFILE_CODE.format(username=username, path=path, requests=requests))
    lines = [line for line in text.splitlines() if line.strip()]
    print(f"\n--- profile: {name} ({requests} requests in-process, pyinstrument) ---")
    print("\n".join(lines[:70]))


def nginx(name: str, path: str, args, script: Path, *, html: bytes = b"", upstream: str = "") -> dict:
    """Measure ``path`` on an nginx serving ``html`` as a static file, or proxying (with its
    cache) to ``upstream``."""
    binary = ensure_tool("nginx", "nginx")
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-nginx."))
    tmp.chmod(0o755)  # nginx's workers run as an unprivileged user when started by root
    port = pgserver.free_port()
    if upstream:
        server = PROXY_SERVER.format(tmp=tmp, port=port, upstream=upstream)
    else:
        target = tmp / "www" / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True)
        target.write_bytes(html)
        for folder in (tmp / "www", *target.parents):
            if folder.is_relative_to(tmp):
                folder.chmod(0o755)
        server = STATIC_SERVER.format(tmp=tmp, port=port)
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, workers=os.cpu_count() or 1, server=server))
    process = subprocess.Popen([binary, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], stderr=open(tmp / "stderr.log", "w"))
    try:
        stack.wait_for(f"http://127.0.0.1:{port}{path}", 20)
        return measure(name, f"http://127.0.0.1:{port}{path}", args, script)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--offices", type=int, default=245)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's 2 × CPUs + 1)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10, help="seconds a run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of each page that misses its target")
    parser.add_argument("--wait-quiet", type=int, default=0, metavar="SECONDS",
                        help="after setting up, wait up to SECONDS for the 1-minute load average to drop below 1.0")
    parser.add_argument("--surge", action="store_true", help="then run the deadline surge (bench/surge.py) on the same stack")
    parser.add_argument("--surge-spawn-rate", type=float, default=4.0)
    parser.add_argument("--surge-run-time", type=int, default=240)
    args = parser.parse_args()

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
    script = Path(f.name)
    results = {}
    with stack.running(db=args.db, offices=args.offices, years=args.years, workers=args.workers) as s:
        ids = json.loads(s.shell(
            "import json\n"
            "from monitoring.models import QuarterlyReport\n"
            "from assessments.models import OITChecklist\n"
            "c = OITChecklist.objects.select_related('organization', 'framework').filter(organization__code='scale-spp-001').order_by('-framework__fiscal_year').first()\n"
            "r = QuarterlyReport.objects.filter(project__organization__code='scale-spp-001').order_by('-project__fiscal_year', 'quarter').first()\n"
            "print(json.dumps({'oit': c.get_public_url(), 'report': r.pk}))"
        ))
        deadline = time.monotonic() + args.wait_quiet
        while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
            time.sleep(10)
        print(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        supervisor = s.login("scale-spp-001-supervisor")
        admin = s.login(*stack.ADMIN)
        pages = [
            ("public OIT page", ids["oit"], "", 20, ""),
            ("dashboard (supervisor)", "/staff/", supervisor, 150, "scale-spp-001-supervisor"),
            ("dashboard (admin, 245 offices)", "/staff/", admin, 150, stack.ADMIN[0]),
            ("report staff page", f"/staff/reports/{ids['report']}/", supervisor, 150, "scale-spp-001-supervisor"),
        ]
        print(f"gunicorn, {args.db}, {args.offices} offices × {args.years} years, {args.connections} connections, "
              f"{args.runs} × {args.duration} s runs, {os.cpu_count()} CPUs; median (min–max)")
        for name, path, cookie, target, _user in pages:
            check = urllib.request.Request(s.base_url + path, headers={"Cookie": cookie} if cookie else {})
            with urllib.request.urlopen(check, timeout=30) as response:
                assert response.status == 200 and (not cookie or "/accounts/login/" not in response.url), path
            results[name] = measure(name, s.base_url + path, args, script, cookie)
            show(results[name], target)
        public_html = urllib.request.urlopen(s.base_url + ids["oit"], timeout=30).read()
        results["nginx cache → gunicorn"] = nginx("public OIT, nginx cache→gunicorn", ids["oit"], args, script, upstream=s.base_url)
        show(results["nginx cache → gunicorn"], 20)
        if args.profile:
            for name, path, _cookie, target, user in pages:
                if results[name]["p95_us"][0] / 1000 >= target:
                    profile(s, name, path, user)
        if args.surge:
            import surge

            print(f"load average before the surge: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            results["surge"] = surge.run(s, spawn_rate=args.surge_spawn_rate, run_time=args.surge_run_time, wait=(5.0, 20.0))
            surge.show(results["surge"])
    results["nginx"] = nginx("nginx static file (ceiling)", ids["oit"], args, script, html=public_html)
    show(results["nginx"])
    for name in ("public OIT page", "nginx cache → gunicorn"):
        share = results[name]["rps"][0] / results["nginx"]["rps"][0]
        print(f"  {name}: {100 * share:.1f} % of nginx's static throughput (target ≥ 25 %: {'met' if share >= 0.25 else 'MISSED'})")
    if args.json:
        args.json.write_text(json.dumps({"args": vars(args) | {"json": str(args.json)}, "results": results}, indent=1, default=str))
    script.unlink()


if __name__ == "__main__":
    main()
