"""Benchmark: every seed document's PDF in a warm process, against bare WeasyPrint on the same
HTML and against LibreOffice converting an equivalent .docx of seed 000.

    .venv/bin/python bench/pdf_all.py [--runs 5] [--lo-runs 3] [--no-libreoffice]

One SQLite database gets every seed file (``load_seed``, documents left as drafts so every
PDF is rendered, not served from storage). Then, per document and per mode, a child process
(so that each peak memory is its own) renders once to warm up and ``--runs`` times:

* ``portal``: what a request for the document's PDF URL does — the test client GETs it as the
  administrator (query, template, WeasyPrint through ``ita_portal.pdf``);
* ``weasyprint``: bare ``HTML(string=…).write_pdf()`` with its defaults on the HTML the portal
  handed to WeasyPrint, fonts and CSS read from the same files.

It prints median, min–max, peak resident memory (``getrusage``) and the ratio portal/bare.
LibreOffice (Debian ``libreoffice-writer``) first converts seed 000's HTML to .docx, with the
vendored fonts installed for it alone (a private HOME), then times ``soffice --headless
--convert-to pdf`` of that .docx in a fresh process, ``--lo-runs`` times: what an office does
today, opening the Word file and exporting it. Target: seed 000 ≤ 0.3 s, ≤ 120 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {"DEBUG": "0", "SECRET_KEY": "b" * 50, "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "LOG_LEVEL": "ERROR", "SECURE_SSL_REDIRECT": "0",
       "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    import django

    django.setup()


def documents() -> list[tuple[str, str]]:
    """(label, PDF URL) of every seed document in the database."""
    from assessments.models import ITAResult, OITChecklist
    from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
    from monitoring.models import QuarterlyReport
    from monitoring.progress import ProgressReport
    from plans.action_plans import ActionPlan

    rows = []
    for label, model, method in (
        ("000 quarterly report", QuarterlyReport, "get_pdf_url"),
        ("001 action plan", ActionPlan, "get_pdf_url"),
        ("001 6-month progress", ProgressReport, "get_pdf_url"),
        ("002 ITA result + measures", ITAResult, "get_pdf_url"),
        ("003 monitoring calendar", MonitoringCalendar, "get_pdf_url"),
        ("003 monitoring report", MonitoringReport, "get_pdf_url"),
        ("003 memo", Memo, "get_pdf_url"),
        ("004 OIT checklist report", OITChecklist, "get_pdf_url"),
    ):
        for obj in model.objects.order_by("pk"):
            rows.append((label, getattr(obj, method)()))
            break
    return rows


def prepare(db_dir: Path) -> list:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from ita_portal.seeds import load_seed, seed_files

    call_command("migrate", verbosity=0)
    for path in seed_files():
        load_seed(path)
    get_user_model().objects.create_superuser("bench", "b@example.invalid", "bench-pw-12345")
    return documents()


def child(url: str, mode: str, runs: int) -> dict:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    import ita_portal.pdf as pdf

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    if mode == "portal":
        def render() -> int:
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code
            return len(response.content)
    else:
        from weasyprint import HTML

        seen = {}
        real = pdf.html_to_pdf
        pdf.html_to_pdf = lambda html: seen.setdefault("html", html) and b"%PDF"
        client.get(url)
        pdf.html_to_pdf = real
        static = (ROOT / "static").as_uri() + "/"
        html = seen["html"].replace('"/static/', f'"{static}')

        def render() -> int:
            return len(HTML(string=html, base_url=static).write_pdf())

    size = render()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return {"times": times, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "bytes": size}


def seed000_html() -> str:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    import ita_portal.pdf as pdf

    seen = {}
    pdf.html_to_pdf = lambda html: seen.setdefault("html", html) and b"%PDF"
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    client.get(documents()[0][1])
    return seen["html"]


def libreoffice(html: str, runs: int) -> dict | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-lo."))
    try:
        home = tmp / "home"
        (home / ".fonts").mkdir(parents=True)
        for font in (ROOT / "static" / "fonts").glob("*.ttf"):
            shutil.copy(font, home / ".fonts")
        static = (ROOT / "static").as_uri() + "/"
        (tmp / "seed000.html").write_text(html.replace('"/static/', f'"{static}'), encoding="utf-8")
        env = {**os.environ, "HOME": str(home)}
        profile = f"-env:UserInstallation={(tmp / 'profile').as_uri()}"
        subprocess.run([soffice, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp), str(tmp / "seed000.html")],
                       env=env, check=True, capture_output=True, timeout=300)
        docx = tmp / "seed000.docx"
        times, peaks = [], []
        for _ in range(runs + 1):  # the first run also creates the profile: not counted
            (tmp / "seed000.pdf").unlink(missing_ok=True)
            start = time.perf_counter()
            proc = subprocess.Popen([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "out"), str(docx)],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
        return {"times": times[1:], "peak_mib": max(peaks[1:]), "bytes": (tmp / "out" / "seed000.pdf").stat().st_size,
                "docx_bytes": docx.stat().st_size}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s ({min(times):.3f}–{max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lo-runs", type=int, default=3)
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs=3, metavar=("URL", "MODE", "RUNS"))
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--html", action="store_true")
    args = parser.parse_args()
    if args.prepare:
        print("DOCS " + json.dumps(prepare(Path("."))))
        return
    if args.html:
        print("HTML " + json.dumps(seed000_html()))
        return
    if args.child:
        url, mode, runs = args.child
        print("RESULT " + json.dumps(child(url, mode, int(runs))))
        return

    def run(*extra) -> str:
        out = subprocess.run([sys.executable, __file__, *extra], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        return out.splitlines()[-1]

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **ENV, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "MEDIA_ROOT": f"{tmp}/media"}
        docs = json.loads(run("--prepare")[5:])
        print(f"PDF of every seed document, warm process, {args.runs} runs after a warm-up, {os.cpu_count()} CPUs")
        for label, url in docs:
            portal = json.loads(run("--child", url, "portal", str(args.runs))[7:])
            bare = json.loads(run("--child", url, "weasyprint", str(args.runs))[7:])
            results[label] = {"url": url, "portal": portal, "weasyprint": bare}
            ratio = statistics.median(portal["times"]) / statistics.median(bare["times"])
            print(f"  {label:28} portal {spread(portal['times'])} {portal['peak_mib']:4.0f} MiB | "
                  f"bare WeasyPrint {spread(bare['times'])} {bare['peak_mib']:4.0f} MiB | ratio {ratio:.2f} | {portal['bytes']:,} bytes")
        html = json.loads(run("--html")[5:])
    seed = results[docs[0][0]]["portal"]
    median = statistics.median(seed["times"])
    print(f"  seed 000 target ≤ 0.300 s and ≤ 120 MiB: {median:.3f} s, {seed['peak_mib']:.0f} MiB -> "
          f"{'met' if median <= 0.3 and seed['peak_mib'] <= 120 else 'MISSED'}")
    if not args.no_libreoffice:
        lo = libreoffice(html, args.lo_runs)
        if lo is None:
            print("  LibreOffice: soffice not found (apt-get install libreoffice-writer-nogui)")
        else:
            results["libreoffice"] = lo
            print(f"  LibreOffice .docx → PDF (seed 000, fresh soffice process): {spread(lo['times'])} {lo['peak_mib']:.0f} MiB, "
                  f"{lo['bytes']:,} bytes; portal is {statistics.median(lo['times']) / median:.1f}× faster")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
