#!/usr/bin/env bash
# scripts/security_checks.sh — static security checks, run by scripts/test.sh.
#
#   bash scripts/security_checks.sh
#
# 1. bandit: no high-severity finding in the portal's own code (tests and migrations excluded).
# 2. pip-audit: no known vulnerability in the pinned requirements.txt. An accepted one is
#    listed in scripts/pip-audit-accepted.txt (one vulnerability id a line, with a comment
#    saying why) and passed with --ignore-vuln. Needs PyPI and the vulnerability database;
#    when they cannot be reached the audit is skipped with a message (not a failure).
# 3. scripts/audit_pins.py: the same question through PyPI's project JSON, for networks
#    where pip-audit's per-release lookups answer 404 (it then audits nothing); it fails on
#    an unaccepted known vulnerability and counts the pins it could not audit.
# Exits non-zero when a check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
cd "$ROOT"

log() { printf '[security] %s\n' "$*"; }

status=0

log "bandit (high severity) on ita_portal plans monitoring assessments"
if ! "$PY" -m bandit -q -r ita_portal plans monitoring assessments \
    --severity-level high --exclude '*/migrations/*,*/tests/*'; then
    log "FAILED: bandit reported a high-severity issue"
    status=1
fi

if "$PY" - <<'PY' >/dev/null 2>&1
import urllib.request
urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=10).close()
PY
then
    log "pip-audit on requirements.txt (pinned, no install)"
    ignores=()
    if [[ -f scripts/pip-audit-accepted.txt ]]; then
        while read -r id _; do
            [[ -z "$id" || "$id" == \#* ]] || ignores+=(--ignore-vuln "$id")
        done < scripts/pip-audit-accepted.txt
    fi
    if ! "$PY" -m pip_audit --progress-spinner off --no-deps --disable-pip -r requirements.txt "${ignores[@]}"; then
        log "FAILED: pip-audit found a known vulnerability (fix the pin, or accept it in scripts/pip-audit-accepted.txt)"
        status=1
    fi
    log "audit_pins.py: known vulnerabilities of the pins from PyPI's project JSON"
    if ! "$PY" scripts/audit_pins.py requirements.txt --accepted scripts/pip-audit-accepted.txt; then
        log "FAILED: a pinned release has a known vulnerability (fix the pin, or accept it in scripts/pip-audit-accepted.txt)"
        status=1
    fi
else
    log "SKIPPED pip-audit: PyPI cannot be reached from this machine"
fi

if ((status == 0)); then log "all security checks passed"; fi
exit "$status"
