"""The systemd user units in scripts/service/: valid for systemd (``systemd-analyze
verify``), writable where the config keeps its state, and a ``pass`` secret still
readable inside their sandbox.

Facts behind the rules (systemd.exec(5) of Debian 12's systemd 252 and of 254 on):
``StateDirectory=`` of a user unit is below ``$XDG_CONFIG_HOME`` up to 253 and below
``$XDG_STATE_HOME`` from 254, so the units do not use it; a ``ReadWritePaths=``
directory that is missing fails the unit unless the path starts with "-"; user
managers have no ``network-online.target``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mailer.commands.cli import main
from mailer.config import load_config
from tests.dovecot_server import DovecotUser
from tests.service_support import write_config

REPO = Path(__file__).resolve().parent.parent
UNITS = REPO / "scripts" / "service"
DEFAULT = UNITS / "polite-decline.service"
TEMPLATE = UNITS / "polite-decline@.service"
HINT = "sudo apt-get install -y {} (./scripts/test installs it when run as root)"


def settings(unit: Path) -> list[tuple[str, str]]:
    """``(key, value)`` of every setting, in order; keys may repeat."""
    found = []
    for line in unit.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            found.append((key.strip(), value.strip()))
    return found


def values(unit: Path, key: str) -> list[str]:
    return [v for k, v in settings(unit) if k == key]


def expand(value: str, *, home: Path, runtime: Path, instance: str = "") -> str:
    return value.replace("%h", str(home)).replace("%t", str(runtime)).replace("%i", instance)


def writable_paths(unit: Path) -> list[str]:
    return [path for value in values(unit, "ReadWritePaths") for path in value.split()]


def runtime_dir(tmp_path: Path) -> Path:
    """%t: the user's runtime directory, where gpg puts its agent's socket."""
    real = Path(f"/run/user/{os.getuid()}")
    if real.is_dir():
        return real
    fake = tmp_path / "run"
    fake.mkdir(mode=0o700, exist_ok=True)
    return fake


@pytest.fixture
def user_home(tmp_path: Path) -> Path:
    """A home where the command sits where pipx puts it (~/.local/bin)."""
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    installed = Path(sys.executable).with_name("polite-decline")
    assert installed.exists(), "the project is not installed in this environment"
    (home / ".local" / "bin" / "polite-decline").symlink_to(installed)
    home.chmod(0o700)
    return home


@pytest.mark.parametrize("instance", ["", "work"])
def test_units_pass_systemd_analyze_verify(tmp_path: Path, user_home: Path, instance: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: " + HINT.format("systemd"))
    if instance:
        # A template is verified as an instance: polite-decline@work.service.
        unit = tmp_path / f"polite-decline@{instance}.service"
        shutil.copy(TEMPLATE, unit)
    else:
        unit = DEFAULT
    env = {**os.environ, "HOME": str(user_home), "XDG_RUNTIME_DIR": str(runtime_dir(tmp_path))}
    done = subprocess.run(
        [analyze, "--user", "verify", str(unit)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # not even a warning


@pytest.mark.parametrize("unit", [DEFAULT, TEMPLATE], ids=lambda u: u.name)
def test_units_follow_the_rules_of_user_managers(unit: Path) -> None:
    text = "\n".join(f"{k}={v}" for k, v in settings(unit))
    assert "network-online.target" not in text  # user managers do not have it
    assert "StateDirectory" not in text  # ~/.config on 252, ~/.local/state from 254
    (start,) = values(unit, "ExecStart")
    assert start.startswith("%h/.local/bin/polite-decline run")  # where pipx installs it
    # Every ReadWritePaths= directory that must exist is made before the sandbox is.
    made = " ".join(values(unit, "ExecStartPre"))
    assert made.startswith("+/usr/bin/mkdir -p -m 0700 ")
    for path in writable_paths(unit):
        if not path.startswith("-"):
            assert path in made.split(), f"{path} is not created before it is needed"
    # gpg (for a `pass show` password_command) writes lock files and its agent socket.
    assert "-%h/.gnupg" in writable_paths(unit)
    assert "%t/gnupg" in writable_paths(unit)  # made above: gpg cannot make it read-only
    assert values(unit, "ProtectHome") == ["read-only"]
    assert values(unit, "ProtectSystem") == ["strict"]
    assert values(unit, "RestartPreventExitStatus") == ["2"]


def test_the_state_path_of_config_and_unit_agree(
    tmp_path: Path, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(user_home))
    runtime = runtime_dir(tmp_path)
    # The default unit and the default config (the example, as `init` writes it).
    config_path = user_home / ".config" / "polite-decline" / "config.toml"
    assert main(["init", str(config_path)]) == 0
    (state,) = [p for p in writable_paths(DEFAULT) if "polite-decline" in p]
    assert str(load_config(config_path).daemon.state_path) == expand(
        state, home=user_home, runtime=runtime
    )
    # The template unit and the account config `init NAME.toml` writes.
    account = user_home / ".config" / "polite-decline" / "work.toml"
    assert main(["init", str(account)]) == 0
    (state,) = [p for p in writable_paths(TEMPLATE) if "polite-decline" in p]
    assert str(load_config(account).daemon.state_path) == expand(
        state, home=user_home, runtime=runtime, instance="work"
    )
    (start,) = values(TEMPLATE, "ExecStart")
    assert expand(start, home=user_home, runtime=runtime, instance="work").endswith(
        f"--config {account}"
    )


# The file-system view the units give the service, rebuilt with a private mount
# namespace: HOME and the runtime directory read-only (ProtectHome=read-only),
# the unit's ReadWritePaths= writable ("-" paths only when they exist).
SANDBOX = r"""
set -e
home=$1; runtime=$2; shift 2
rw=$SANDBOX_RW
mount --bind "$home" "$home"
mount --bind "$runtime" "$runtime"
for p in $rw; do mount --bind "$p" "$p"; done
mount -o remount,bind,ro "$home"
mount -o remount,bind,ro "$runtime"
for p in $rw; do mount -o remount,bind,rw "$p"; done
if touch "$home/outside-the-state-dir" 2>/dev/null; then echo "sandbox not effective"; exit 99; fi
exec "$@"
"""


def _gpg_and_pass(home: Path, env: dict[str, str], password: str) -> None:
    for tool, package in (("gpg", "gnupg"), ("pass", "pass"), ("unshare", "util-linux")):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: " + HINT.format(package))

    def run(*args: str, stdin: str | None = None) -> None:
        done = subprocess.run(
            args, input=stdin, capture_output=True, text=True, env=env, cwd=home, check=False
        )
        assert done.returncode == 0, done.stderr

    # A key without a passphrase, as gpg-agent has it once the user unlocked theirs.
    run("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "Alex <alex@example.org>")
    run("pass", "init", "alex@example.org")
    run("pass", "insert", "--echo", "mail/imap", stdin=password + "\n")
    run("gpgconf", "--kill", "gpg-agent")  # the service may have to start it itself


@pytest.mark.dovecot
def test_pass_secret_and_state_dir_work_inside_the_sandbox(
    tmp_path: Path, user_home: Path, mailbox: DovecotUser
) -> None:
    runtime = runtime_dir(tmp_path)
    env = {
        **os.environ,
        "HOME": str(user_home),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The unit's Environment= (the C allocator, -OO, compiled modules in the state dir).
    for line in values(DEFAULT, "Environment"):
        for item in shlex.split(line):
            key, _, value = item.partition("=")
            env[key] = expand(value, home=user_home, runtime=runtime)
    env.pop("GNUPGHOME", None)
    env.pop("PASSWORD_STORE_DIR", None)
    _gpg_and_pass(user_home, env, mailbox.password)
    # The config `init` writes, pointed at the test server, its secret by `pass`.
    config_dir = user_home / ".config" / "polite-decline"
    written = write_config(config_dir, mailbox)
    text = written.read_text().replace(
        f'password = "{mailbox.password}"', 'password_command = "pass show mail/imap"'
    )
    text = text.replace(f'state_dir = "{config_dir / "state"}"', "")
    written.write_text(text)  # daemon.state_dir: the default, ~/.local/state/polite-decline

    def unit_command(value: str) -> list[str]:
        return expand(value.lstrip("+"), home=user_home, runtime=runtime).split()

    try:
        # systemd runs ExecStartPre=+ outside the sandbox, then builds it.
        for pre in values(DEFAULT, "ExecStartPre"):
            subprocess.run(unit_command(pre), check=True, env=env)
        rw = [
            expand(p.lstrip("-"), home=user_home, runtime=runtime) for p in writable_paths(DEFAULT)
        ]
        rw = [p for p in rw if Path(p).exists()]
        (start,) = values(DEFAULT, "ExecStart")
        unshare = ["unshare", "--mount"] if os.getuid() == 0 else ["unshare", "-rm"]
        sandbox = [*unshare, "sh", "-c", SANDBOX, "sandbox", str(user_home), str(runtime)]
        done = subprocess.run(
            [*sandbox, *unit_command(start), "--once"],
            capture_output=True,
            text=True,
            env={**env, "SANDBOX_RW": " ".join(rw)},
            timeout=120,
            check=False,
        )
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sandbox not effective" not in done.stdout
    state = user_home / ".local" / "state" / "polite-decline"
    assert (state / "state.db").exists()
    # -OO's compiled modules were written where the sandbox lets the service write
    assert env["PYTHONOPTIMIZE"] == "2"
    assert any((state / "pycache").rglob("*.opt-2.pyc"))
    assert "logged in" in done.stderr or "scanning INBOX" in done.stderr, done.stderr
    assert mailbox.password not in done.stdout + done.stderr
