#!/usr/bin/env bash
# scripts/setup.sh — prepare an ITA Portal checkout for running or testing. Idempotent.
#
#   1. finds a Python >= 3.12 ($PYTHON, python3.13, python3.12, pyenv installs, python3);
#   2. installs the Debian packages WeasyPrint and the tests need, when missing (root only);
#   3. creates .venv in the project folder (recreated when its Python is older than 3.12);
#   4. pip-installs requirements.txt (skipped when unchanged since the last successful install);
#   5. runs `manage.py migrate` and `manage.py collectstatic`.
#
# scripts/start.sh and scripts/test.sh call it as `bash scripts/setup.sh` and then use
# .venv/bin/python; nothing has to be sourced.
#
# Environment: PYTHON (interpreter to use), DATABASE_URL (database to migrate; see README).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
VENV_PY="$VENV/bin/python"
STAMP="$VENV/.requirements.sha256"
MIN_PY="3.12"

# Debian packages: WeasyPrint's libraries (harfbuzz-subset keeps PDF font subsetting fast)
# and poppler-utils (pdfinfo, pdffonts, pdftotext) used by the tests.
DEBIAN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium redis-server)

# PyThaiNLP must never download data or write into the home folder.
export PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1
# A checkout being set up is a development one: DEBUG on unless the caller says otherwise
# (settings refuse the console mail backend with DEBUG off; migrate needs no mail).
export DEBUG="${DEBUG:-1}"

log() { printf '[setup] %s\n' "$*"; }
warn() { printf '[setup] WARNING: %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# --- one setup at a time (start.sh and test.sh may be launched together) ------------------
if command -v flock >/dev/null 2>&1; then
    lock_file="${TMPDIR:-/tmp}/ita-portal-setup-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
    exec 9>"$lock_file"
    flock 9
fi

# --- Debian packages ---------------------------------------------------------------------

# Print the packages among "$@" that dpkg does not report as installed.
missing_debian_packages() {
    local pkg
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Install the packages among "$@" that are missing: apt-get update first, root only.
# Returns 1 (after printing what is missing) when they cannot be installed.
ensure_debian_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "not a Debian-like system: make sure these (or their equivalents) are installed: $*"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_debian_packages "$@")
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        warn "missing Debian packages (run as root to install them): ${missing[*]}"
        warn "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        return 1
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq || warn "apt-get update failed; trying to install anyway"
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- Python ------------------------------------------------------------------------------

# Succeeds when "$1" runs and is at least Python 3.12.
python_is_new_enough() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# Succeeds when "$1" can create a virtual environment with pip in it.
python_can_make_venv() {
    "$1" -c 'import venv, ensurepip' >/dev/null 2>&1
}

# Candidate interpreters, in order of preference, one per line.
python_candidates() {
    if [[ -n "${PYTHON:-}" ]]; then
        printf '%s\n' "$PYTHON"
        return
    fi
    local name dir root
    for name in python3.13 python3.12; do
        command -v "$name" 2>/dev/null || true
    done
    # pyenv installs (its shims on PATH fail without PYENV_VERSION, so use the real binaries).
    for root in "${PYENV_ROOT:-}" /root/.pyenv "${HOME:-/nonexistent}/.pyenv"; do
        [[ -n "$root" && -d "$root/versions" ]] || continue
        while IFS= read -r dir; do
            if [[ -x "$dir/bin/python3" ]]; then printf '%s\n' "$dir/bin/python3"; fi
        done < <(compgen -G "$root/versions/3.1[2-9]*" | sort -rV)
    done
    command -v python3 2>/dev/null || true
}

# Print the real path of the first usable interpreter; die when there is none.
find_python() {
    local candidate real tried=() no_venv=()
    while IFS= read -r candidate; do
        [[ -n "$candidate" ]] || continue
        tried+=("$candidate")
        python_is_new_enough "$candidate" || continue
        real="$("$candidate" -c 'import sys; print(sys.executable)')"
        if python_can_make_venv "$real"; then
            printf '%s\n' "$real"
            return 0
        fi
        no_venv+=("$real")
    done < <(python_candidates | awk '!seen[$0]++')

    # Debian/Ubuntu ship venv/ensurepip separately (python3.12-venv); install it if we can.
    if ((${#no_venv[@]} > 0)); then
        real="${no_venv[0]}"
        local minor
        minor="$("$real" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        # (stdout is this function's result: keep apt's chatter on stderr)
        if ensure_debian_packages "python${minor}-venv" >&2 && python_can_make_venv "$real"; then
            printf '%s\n' "$real"
            return 0
        fi
        die "$real lacks the venv/ensurepip modules: install python${minor}-venv"
    fi

    if [[ -n "${PYTHON:-}" ]]; then
        die "PYTHON=$PYTHON does not run or is older than Python $MIN_PY"
    fi
    die "no Python >= $MIN_PY found (tried: ${tried[*]:-nothing}). Install python3.12 or newer, or set PYTHON=/path/to/python3.12"
}

# --- main --------------------------------------------------------------------------------

if ! ensure_debian_packages "${DEBIAN_PACKAGES[@]}"; then
    warn "continuing without them: PDF rendering and some tests will fail"
fi

# Keep an existing virtual environment when its Python is new enough and has pip.
if [[ -e "$VENV" ]]; then
    if [[ -x "$VENV_PY" ]] && python_is_new_enough "$VENV_PY" && "$VENV_PY" -m pip --version >/dev/null 2>&1; then
        :
    else
        log "removing $VENV (missing, broken or older than Python $MIN_PY)"
        rm -rf "$VENV"
    fi
fi

if [[ ! -e "$VENV" ]]; then
    PY="$(find_python)"
    log "creating .venv with $("$PY" -V 2>&1) ($PY)"
    "$PY" -m venv "$VENV"
fi

want_hash="$(sha256sum requirements.txt | cut -d' ' -f1)"
have_hash="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$want_hash" == "$have_hash" ]]; then
    log "requirements.txt unchanged since the last install: skipping pip"
else
    log "installing requirements.txt into .venv ($("$VENV_PY" -V 2>&1))"
    rm -f "$STAMP"
    start_s=$SECONDS
    pip_log="$(mktemp)"
    if ! "$VENV_PY" -m pip install --quiet --disable-pip-version-check --no-input \
        --root-user-action=ignore -r requirements.txt >"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        rm -f "$pip_log"
        die "pip install -r requirements.txt failed"
    fi
    # Show pip's remaining output, minus the noise of unreachable extra indexes in pip.conf.
    grep -v -e "is ignored: it is neither a file nor a directory" "$pip_log" || true
    rm -f "$pip_log"
    printf '%s\n' "$want_hash" >"$STAMP"
    log "pip install done in $((SECONDS - start_s)) s"
fi

# WeasyPrint loads Pango when imported: fail here, with a hint, rather than in the first PDF.
if ! "$VENV_PY" -c 'import weasyprint' >/dev/null 2>&1; then
    "$VENV_PY" -c 'import weasyprint' 2>&1 | tail -n 3 >&2 || true
    die "WeasyPrint cannot load its system libraries: install ${DEBIAN_PACKAGES[*]}"
fi

# Front-end test tools from the npm registry (axe-core for the accessibility checks), when
# the project declares any; npm ci installs exactly package-lock.json.
if [[ -f package-lock.json ]]; then
    if command -v npm >/dev/null 2>&1; then
        lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
        if [[ "$(cat node_modules/.ita-lock-hash 2>/dev/null || true)" != "$lock_hash" ]]; then
            log "installing npm packages (npm ci)"
            npm ci --no-audit --no-fund --loglevel=error >/dev/null
            printf '%s\n' "$lock_hash" >node_modules/.ita-lock-hash
        fi
    else
        warn "npm not found: the accessibility tests will be skipped"
    fi
fi

log "migrating the database"
"$VENV_PY" manage.py migrate --noinput

# STATIC_ROOT (git-ignored) is what WhiteNoise serves when DEBUG is off, e.g. in the tests.
log "collecting static files"
"$VENV_PY" manage.py collectstatic --noinput --verbosity 0
log "ready"
