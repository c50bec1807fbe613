#!/usr/bin/env bash
# scripts/start.sh — README command (a): set everything up, load the demo data and serve the
# portal on http://127.0.0.1:${PORT:-8000} with Django's development server.
#
# Environment: PORT (default 8000); everything scripts/setup.sh and the settings read
# (PYTHON, SECRET_KEY, DEBUG, ALLOWED_HOSTS, DATABASE_URL — see README.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8000}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
    printf '[start] ERROR: PORT=%s is not a TCP port number\n' "$PORT" >&2
    exit 1
fi

# Development: DEBUG on (it defaults to off, see README "Configuration"), so the console mail
# backend is allowed, static files are served as they are and load_demo runs.
export DEBUG=1

bash scripts/setup.sh

export PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1
export PORT  # SITE_URL (e-mail links, the URLs load_demo prints) follows PORT when not set

# Demo offices, users, plans and reports; prints the report URLs and the demo logins.
.venv/bin/python manage.py load_demo

# The background worker that renders long PDF exports (Django tasks, database backend).
.venv/bin/python manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT

printf '\n[start] ITA Portal: http://127.0.0.1:%s/  (sign in: http://127.0.0.1:%s/accounts/login/)\n' "$PORT" "$PORT"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"
