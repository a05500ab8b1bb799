# Shared set-up for scripts/test, scripts/demo and scripts/bench (sourced, not run).

PYTHON=${PYTHON:-python3}

setup_venv() {
    local extra=$1
    if [ ! -x .venv/bin/python ]; then
        echo "== creating .venv"
        "$PYTHON" -m venv .venv
    fi
    # Reinstall only when the project's metadata or the pinned versions changed.
    local stamp=".venv/.installed-$extra"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
        echo "== installing polite-decline[$extra] into .venv (versions from constraints.txt)"
        .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
        .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[$extra]"
        # The installed set is what constraints.txt lists: remove whatever an earlier
        # install left behind (a dependency the project dropped, such as SQLAlchemy).
        local stale
        stale=$(.venv/bin/python scripts/_stale_packages.py constraints.txt)
        if [ -n "$stale" ]; then
            echo "== removing from .venv (not in constraints.txt): $stale"
            # shellcheck disable=SC2086
            .venv/bin/python -m pip uninstall --quiet --yes $stale
        fi
        touch "$stamp"
    fi
}

# Dovecot (the IMAP server the tests run), neomutt and tmux (a real mail client
# acting as the user), systemd (`systemd-analyze verify` checks the units in
# scripts/service/) and pass (a password_command the units' sandbox must keep
# working). Installed with apt-get when missing and we are root.
setup_system_packages() {
    local missing=()
    [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
    command -v neomutt >/dev/null 2>&1 || missing+=(neomutt)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
    command -v pass >/dev/null 2>&1 || missing+=(pass)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing ${missing[*]} with apt-get"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        echo "Missing system packages: ${missing[*]}" >&2
        echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
        echo "(the tests that need them will fail and say so)" >&2
    fi
}
