"""Benchmark: ``generate_scale_data`` at full size on SQLite and on a throw-away PostgreSQL.

    .venv/bin/python bench/scale_generate.py [--offices 245] [--years 5] [--runs 1] [--db sqlite pg]

Each run uses a fresh, migrated database and prints the command's wall time, rows and rows a
second, and the peak memory of the process; with several runs the median and spread.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402


def once(db: str, offices: int, years: int) -> dict:
    with stack.database(db) as url:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
        subprocess.run([stack.PYTHON, "manage.py", "migrate", "-v0"], cwd=stack.ROOT, env=env, check=True)
        start = time.perf_counter()
        proc = subprocess.Popen([stack.PYTHON, "manage.py", "generate_scale_data", "--offices", str(offices), "--years", str(years)],
                                cwd=stack.ROOT, env=env, stdout=subprocess.PIPE, text=True)
        out, _ = proc.communicate()
        seconds = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(f"generate_scale_data failed on {db}")
        rows = int(re.search(r"([\d,]+) rows in", out).group(1).replace(",", ""))
        # The largest child so far: the generating process (migrate is smaller).
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"seconds": seconds, "rows": rows, "out": out, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=245)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "pg"], default=["sqlite", "pg"])
    args = parser.parse_args()
    print(f"generate_scale_data --offices {args.offices} --years {args.years}, {os.cpu_count()} CPUs")
    for db in args.db:
        runs = [once(db, args.offices, args.years) for _ in range(args.runs)]
        times = [r["seconds"] for r in runs]
        rows = runs[0]["rows"]
        print(f"  {db:6} median {statistics.median(times):6.1f} s ({min(times):.1f}–{max(times):.1f})  "
              f"{rows:,} rows  {rows / statistics.median(times):,.0f} rows/s  peak {max(r['peak_mib'] for r in runs):.0f} MiB")
    print(runs[-1]["out"])


if __name__ == "__main__":
    main()
