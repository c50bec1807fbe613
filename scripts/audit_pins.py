"""Known-vulnerability check of the pinned requirements through PyPI's project JSON.

    python scripts/audit_pins.py [requirements.txt] [--accepted scripts/pip-audit-accepted.txt]

Why this exists beside pip-audit: pip-audit asks PyPI for each pinned release
(``/pypi/<name>/<version>/json``). Where a proxy serves only the project pages
(``/pypi/<name>/json``), as on this project's build machines, pip-audit reports every package
as "not found" and audits nothing, yet prints "No known vulnerabilities found". PyPI's project
JSON carries the known vulnerabilities (from the PyPA advisory database and OSV) of the
project's newest release, so a pin that *is* the newest release can still be audited.

For each ``name==version`` line this prints one of: ``ok`` (newest release, no known
vulnerability), ``VULNERABLE`` (ids listed; fails unless every id is accepted), or
``not audited`` (an older pin, whose vulnerabilities the project JSON does not list, or
PyPI could not be reached). Exit status: 1 when a pin has an unaccepted known
vulnerability, else 0; the last line gives the counts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PYPI = "https://pypi.org/pypi/{name}/json"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(requirements: Path) -> list[tuple[str, str]]:
    """``[(name, version)]`` of every ``name==version`` line of ``requirements``."""
    found = []
    for line in requirements.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def accepted_ids(path: Path) -> set[str]:
    """Vulnerability ids of the accepted-list file (first word of each non-comment line)."""
    if not path.exists():
        return set()
    return {line.split()[0] for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def check(name: str, version: str) -> tuple[str, str, list[str]]:
    """``(verdict, detail, ids)`` for one pin: verdict is "ok", "vulnerable" or "not audited"."""
    try:
        with urllib.request.urlopen(PYPI.format(name=name), timeout=30) as response:  # noqa: S310 (fixed https URL)
            data = json.load(response)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
        return "not audited", f"PyPI not reached ({exc})", []
    newest = data["info"]["version"]
    if newest != version:
        return "not audited", f"pinned {version}, newest {newest}: its advisories are not in the project JSON", []
    ids = sorted({v.get("id", "?") for v in data.get("vulnerabilities") or []})
    return ("vulnerable", ", ".join(ids), ids) if ids else ("ok", "newest release, no known vulnerability", [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="?", default="requirements.txt", type=Path)
    parser.add_argument("--accepted", default=Path("scripts/pip-audit-accepted.txt"), type=Path)
    args = parser.parse_args(argv)

    accepted = accepted_ids(args.accepted)
    requirements = pins(args.requirements)
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(lambda pin: (pin, check(*pin)), requirements))
    counts = {"ok": 0, "vulnerable": 0, "not audited": 0}
    failed = False
    for (name, version), (verdict, detail, ids) in verdicts:
        counts[verdict] += 1
        unaccepted = [i for i in ids if i not in accepted]
        if unaccepted:
            failed = True
        label = "VULNERABLE" if unaccepted else ("accepted" if ids else verdict)
        print(f"  {label:<12} {name}=={version}: {detail}")
    print(
        f"audit_pins: {len(requirements)} pins, {counts['ok']} audited clean, "
        f"{counts['vulnerable']} with known vulnerabilities, {counts['not audited']} not audited"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
