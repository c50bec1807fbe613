#!/usr/bin/env bash
# scripts/test.sh — README command (b): set everything up, then run the whole test suite
# twice: on SQLite, then on a throw-away PostgreSQL server started for the run.
#
#   bash scripts/test.sh [pytest arguments...]     e.g.  bash scripts/test.sh -x -k plans
#
# Environment:
#   ITA_TEST_POSTGRES=1|0   run the PostgreSQL pass (default 1, also in CI). It uses Debian's
#                           postgresql package (installed with apt when missing and run as
#                           root) and never touches an existing cluster.
#   PG_BINDIR               folder holding initdb/pg_ctl, when not /usr/lib/postgresql/*/bin.
# The PostgreSQL pass sets ITA_TEST_PG_CONTROL to a script that stops ("stop": immediate, as
# in a crash) and starts the throw-away server again; tests/test_faults_database_restart.py
# uses it to kill the database during a load run.
# pytest's "no tests collected" (exit code 5) counts as a failure. The script exits non-zero
# when either pass fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_PY="$ROOT/.venv/bin/python"
# The tests are a development run: DEBUG on (it defaults to off; tests/settings.py does the
# same for a bare `python -m pytest`). Tests of production settings set DEBUG=0 in a child.
export DEBUG=1

log() { printf '[test] %s\n' "$*"; }
warn() { printf '[test] WARNING: %s\n' "$*" >&2; }
die() { printf '[test] ERROR: %s\n' "$*" >&2; exit 1; }

# Print 1 or 0 for the boolean environment variable "$1" (default "$2"); die on nonsense.
env_flag() {
    local raw="${!1:-}"
    raw="$(printf '%s' "$raw" | tr '[:upper:]' '[:lower:]')"
    case "$raw" in
        "") printf '%s\n' "$2" ;;
        1 | true | yes | on) printf '1\n' ;;
        0 | false | no | off) printf '0\n' ;;
        *) die "$1=${!1} is not a boolean (use 1/0, true/false, yes/no, on/off)" ;;
    esac
}

# Run pytest with "$@" from the project folder; return its exit status, where
# 5 ("no tests collected") is reported as a failure.
run_pytest() {
    local status=0
    (cd "$ROOT" && "$VENV_PY" -m pytest "$@") || status=$?
    if ((status == 5)); then
        printf '[test] ERROR: pytest collected no tests (exit code 5)\n' >&2
    fi
    return "$status"
}

# --- throw-away PostgreSQL server --------------------------------------------------------
# pg_start creates a temporary folder with a fresh cluster (trust authentication, superuser
# "postgres"), starts it on 127.0.0.1 at a free port with its socket inside the folder and
# creates database $PG_DB; it sets PG_PORT and DATABASE_URL_PG. pg_stop stops the server and
# removes the folder; it is safe to call at any time, more than once, and runs on exit.

PG_BIN=""     # folder with initdb, pg_ctl, createdb
PG_TMP=""     # temporary folder: data/, sock/, server.log
PG_OS_USER="" # OS user that owns and runs the cluster (empty: the current user)
PG_PORT=""
PG_DB="ita_test"
DATABASE_URL_PG=""

# Print the newest folder holding initdb and pg_ctl, or nothing.
pg_find_bindir() {
    local dir
    if [[ -n "${PG_BINDIR:-}" ]]; then
        printf '%s\n' "$PG_BINDIR"
        return
    fi
    while IFS= read -r dir; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            printf '%s\n' "$dir"
            return
        fi
    done < <(compgen -G "/usr/lib/postgresql/*/bin" | sort -rV)
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
}

# Set PG_BIN, installing Debian's postgresql package when it is missing (root only).
pg_ensure_installed() {
    PG_BIN="$(pg_find_bindir)"
    if [[ -n "$PG_BIN" ]]; then
        return 0
    fi
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        warn "PostgreSQL server programs (initdb, pg_ctl) not found and cannot be installed as $(id -un)"
        warn "  install them (sudo apt-get install -y postgresql) or set ITA_TEST_POSTGRES=0"
        return 1
    fi
    log "installing Debian package: postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq || warn "apt-get update failed; trying to install anyway"
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >/dev/null || return 1
    PG_BIN="$(pg_find_bindir)"
    [[ -n "$PG_BIN" ]] || { warn "postgresql installed but initdb/pg_ctl not found"; return 1; }
}

# Run "$@" as PG_OS_USER (PostgreSQL refuses to run as root), from inside PG_TMP.
pg_as_owner() {
    if [[ -z "$PG_OS_USER" ]]; then
        (cd "$PG_TMP" && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd "$PG_TMP" && runuser -u "$PG_OS_USER" -- "$@")
    else
        (cd "$PG_TMP" && su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")")
    fi
}

# Print a TCP port on 127.0.0.1 that is free right now.
pg_free_port() {
    local py="$VENV_PY"
    [[ -x "$py" ]] || py="$(command -v python3)"
    "$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

pg_start() {
    [[ -n "$PG_BIN" ]] || pg_ensure_installed || return 1
    PG_OS_USER=""
    if [[ "$(id -u)" == 0 ]]; then
        if id postgres >/dev/null 2>&1; then PG_OS_USER=postgres; else PG_OS_USER=nobody; fi
    fi

    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ita-pg.XXXXXX")" || return 1
    mkdir "$PG_TMP/sock"
    if [[ -n "$PG_OS_USER" ]]; then
        chown -R "$PG_OS_USER" "$PG_TMP" || return 1
    fi

    local locale_opt="--locale=C"
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
        locale_opt="--locale=C.UTF-8"
    fi
    if ! pg_as_owner "$PG_BIN/initdb" --pgdata="$PG_TMP/data" --username=postgres \
        --auth=trust --encoding=UTF8 "$locale_opt" --no-sync >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        warn "initdb failed"
        return 1
    fi

    # Durability is pointless for a throw-away test database: switch it off for speed.
    local attempt
    for attempt in 1 2 3 4 5; do
        PG_PORT="$(pg_free_port)" || return 1
        if pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_TMP/data" --log="$PG_TMP/server.log" \
            --wait --timeout=60 --silent -o "$(pg_server_options)" start >/dev/null; then
            break
        fi
        tail -n 20 "$PG_TMP/server.log" >&2 2>/dev/null || true
        warn "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
        PG_PORT=""
    done
    [[ -n "$PG_PORT" ]] || return 1

    local createdb="$PG_BIN/createdb"
    [[ -x "$createdb" ]] || createdb="createdb"
    if ! "$createdb" --host=127.0.0.1 --port="$PG_PORT" --username=postgres "$PG_DB"; then
        warn "createdb $PG_DB failed"
        return 1
    fi
    DATABASE_URL_PG="postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    pg_write_control_script
    log "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') running on 127.0.0.1:$PG_PORT (data in $PG_TMP)"
}

# The server's options: 127.0.0.1 only, socket inside PG_TMP, no durability (fsync off).
pg_server_options() {
    printf '%s' "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}

# Write $PG_TMP/control.sh: "control.sh stop" kills the server the way a crash does
# (immediate mode: backends end without a clean shutdown, recovery runs at the next start);
# "control.sh start" starts it again on the same port. tests/test_faults_database_restart.py
# uses it (through ITA_TEST_PG_CONTROL) to stop the database during a load run.
pg_write_control_script() {
    local owner=()
    if [[ -n "$PG_OS_USER" ]]; then
        owner=(runuser -u "$PG_OS_USER" --)
    fi
    {
        printf '#!/usr/bin/env bash\nset -euo pipefail\ncd %q\ncase "${1:-}" in\n' "$PG_TMP"
        printf '    stop) %s %q --pgdata=%q --mode=immediate --wait --timeout=60 --silent stop ;;\n' \
            "${owner[*]:-}" "$PG_BIN/pg_ctl" "$PG_TMP/data"
        printf '    start) %s %q --pgdata=%q --log=%q --wait --timeout=60 --silent -o %q start ;;\n' \
            "${owner[*]:-}" "$PG_BIN/pg_ctl" "$PG_TMP/data" "$PG_TMP/server.log" "$(pg_server_options)"
        printf '    *) echo "usage: $0 stop|start" >&2; exit 2 ;;\nesac\n'
    } >"$PG_TMP/control.sh"
    chmod 755 "$PG_TMP/control.sh"
}

pg_stop() {
    [[ -n "$PG_TMP" ]] || return 0
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
        if ! pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_TMP/data" --mode=immediate --wait \
            --timeout=30 --silent stop >/dev/null 2>&1; then
            local pid
            pid="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]]; then
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
    PG_PORT=""
}

# The PostgreSQL pass: start a server, run pytest "$@" against it, stop it.
run_postgres_suite() {
    local status=0
    if ! pg_start; then
        warn "could not start a PostgreSQL server for the tests"
        pg_stop
        return 1
    fi
    DATABASE_URL="$DATABASE_URL_PG" ITA_TEST_PG_CONTROL="$PG_TMP/control.sh" run_pytest "$@" || status=$?
    pg_stop
    return "$status"
}

# --- main --------------------------------------------------------------------------------

main() {
    cd "$ROOT"
    local use_pg
    use_pg="$(env_flag ITA_TEST_POSTGRES 1)"

    bash scripts/setup.sh
    bash scripts/security_checks.sh || { warn "security checks failed (bandit / pip-audit)"; exit 1; }
    export PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1

    trap pg_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local sqlite_status=0 pg_status=0 t0
    printf '\n== SQLite ==\n'
    t0=$SECONDS
    (unset DATABASE_URL && run_pytest "$@") || sqlite_status=$?
    log "SQLite pass: exit $sqlite_status in $((SECONDS - t0)) s"

    if [[ "$use_pg" == 1 ]]; then
        printf '\n== PostgreSQL ==\n'
        t0=$SECONDS
        run_postgres_suite "$@" || pg_status=$?
        log "PostgreSQL pass: exit $pg_status in $((SECONDS - t0)) s"
    else
        printf '\n== PostgreSQL ==\n'
        log "skipped (ITA_TEST_POSTGRES=0)"
    fi

    if ((sqlite_status != 0 || pg_status != 0)); then
        log "FAILED (SQLite: exit $sqlite_status, PostgreSQL: exit $pg_status)"
        exit 1
    fi
    log "all passes succeeded"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
