"""Benchmark: the seed-000 quarterly report rendered to PDF in a warm process.

    .venv/bin/python bench/pdf_render.py [--runs 7]

Two modes, each in its own child process so that each peak memory is its own:

* ``portal``: what a request for ``/reports/<id>/pdf/`` does — fetch the report with its
  prefetches, render the template, WeasyPrint through ``ita_portal.pdf.render_pdf``.
* ``weasyprint``: bare WeasyPrint (``HTML(string=…).write_pdf()`` with its defaults) on the
  already rendered HTML of the same report, fonts and CSS read from the same files.

Each mode renders once to warm up, then ``--runs`` times; it prints the median and spread
of the wall time (seconds) and the process's peak resident memory (MiB, from
``getrusage``), and the parent prints the portal's overhead over bare WeasyPrint.
Targets: portal median < 0.3 s, peak < 120 MiB, overhead < 20 %.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(mode: str, runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.template.loader import render_to_string

    from ita_portal.seeds import load_seed
    from monitoring.models import QuarterlyReport
    from ita_portal import kinds

    KIND = kinds.get("quarterly-report")

    def _get_report(pk):
        return QuarterlyReport.objects.with_document().get(pk=pk)

    call_command("migrate", verbosity=0)
    (report,) = load_seed(settings.BASE_DIR / "fixtures" / "seed_000_chiangmai6_q2_2563.json")["documents"]

    if mode == "portal":
        from ita_portal.pdf import render_pdf

        def render() -> bytes:
            fresh = _get_report(report.pk)
            return render_pdf(KIND.pdf_template, KIND.document_context(fresh))
    else:
        from weasyprint import HTML

        html = render_to_string(KIND.pdf_template, {**KIND.document_context(_get_report(report.pk)), "pdf": True})
        static = (ROOT / "static").as_uri() + "/"
        html = html.replace('href="/static/', f'href="{static}')

        def render() -> bytes:
            return HTML(string=html, base_url=static).write_pdf()

    size = len(render())  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "times": times, "peak_mib": peak_mib, "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=["portal", "weasyprint"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.runs)))
        return

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "DEBUG": "0", "SECRET_KEY": "b" * 50, "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
               # Static files straight from static/ (no collectstatic for a benchmark).
               "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage", "LOG_LEVEL": "ERROR"}
        for mode in ("portal", "weasyprint"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--runs", str(args.runs)],
                env=env, check=True, capture_output=True, text=True,
            ).stdout
            results[mode] = json.loads(out.strip().splitlines()[-1])

    print(f"seed-000 quarterly report PDF, {args.runs} runs after one warm-up, {os.cpu_count()} CPUs")
    for mode, r in results.items():
        t = r["times"]
        print(
            f"  {mode:11} median {statistics.median(t):.3f} s  min {min(t):.3f}  max {max(t):.3f}  "
            f"stdev {statistics.stdev(t) if len(t) > 1 else 0:.3f}  peak RSS {r['peak_mib']:.0f} MiB  ({r['bytes']:,} bytes)"
        )
    portal = statistics.median(results["portal"]["times"])
    bare = statistics.median(results["weasyprint"]["times"])
    print(f"  portal overhead over bare WeasyPrint: {100 * (portal - bare) / bare:+.1f} %")
    print(f"  targets: median < 0.300 s -> {'met' if portal < 0.3 else 'MISSED'}; "
          f"peak < 120 MiB -> {'met' if results['portal']['peak_mib'] < 120 else 'MISSED'}; "
          f"overhead < 20 % -> {'met' if portal < 1.2 * bare else 'MISSED'}")


if __name__ == "__main__":
    main()
