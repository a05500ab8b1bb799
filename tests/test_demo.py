"""The demo runs the real service on embedded servers: drafts made, follow-up received."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from mailer.commands.demo import _Servers, run_demo
from mailer.errors import PoliteDeclineError
from tests.neomutt_client import neomutt_send_first_draft

REPO = Path(__file__).resolve().parent.parent


def test_demo_outcome() -> None:
    outcome: dict[str, Any] = {}
    assert run_demo(out=StringIO(), outcome=outcome) == 0
    # Five invitations drafted (two of them the formal letter and the casual note shown
    # side by side); the alert, note, rejection and newsletter were not.
    assert outcome["drafts"] == 5
    assert outcome["not_drafted"] == 4
    assert outcome["followups"] == 1
    assert "northwind-analytics.example" in outcome["followup_to"]
    assert not os.path.exists(outcome["workdir"])  # it removes what it created


def test_a_taken_imap_port_is_retried_on_a_fresh_one(tmp_path: Path) -> None:
    # Another program holds the port pymap was to use (and never greets).
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        servers = _Servers(tmp_path)
        try:
            servers.start(first_port=taken)
            assert servers.imap_port != taken
            client = servers.imap()  # the real server, on its new port
            client.logout()
        finally:
            servers.stop()
    log = (tmp_path / "pymap.log").read_text()
    assert f"starting pymap on 127.0.0.1:{taken}" in log
    assert "address already in use" in log.lower()


def test_a_failed_start_shows_the_servers_last_log_lines(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        servers = _Servers(tmp_path)
        with pytest.raises(PoliteDeclineError) as info:
            servers.start(first_port=taken, attempts=1)
        servers.stop()
    shown = str(info.value)
    assert shown.startswith("the embedded IMAP server (pymap) did not start (port ")
    assert "exited with status 1" in shown
    assert "Its last log lines:" in shown
    assert "address already in use" in shown.lower()  # pymap's own words, from its log


def test_keep_running_guides_a_real_client_through_a_send(tmp_path: Path) -> None:
    demo = subprocess.Popen(
        [sys.executable, "-m", "mailer", "demo", "--keep-running"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(demo.stdout or ()), daemon=True)
    reader.start()
    try:
        guide = _wait_for(lines, "check -c ", what="the client guide")
        config = re.search(r"status -c (\S+)", guide)
        rc = re.search(r"neomutt -n -F (\S+)\n", guide)
        assert config is not None
        assert rc is not None
        for words in (
            "IMAP  127.0.0.1 port",
            "SMTP  127.0.0.1 port",
            "Thunderbird: Account Settings",
            "Incoming  IMAP, server 127.0.0.1",
            "Outgoing  SMTP, server 127.0.0.1",
            "open the draft in Drafts",
            '| set postponed = "+Drafts"',
        ):
            assert words in guide, words
        # The printed config path works for `status` from another terminal.
        status = subprocess.run(
            [sys.executable, "-m", "mailer", "status", "--json", "-c", config.group(1)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        assert status.returncode == 0, status.stderr
        assert len(json.loads(status.stdout)) == 5  # the drafts the demo wrote
        # The printed neomutt config works as it is: a real client sends a draft.
        neomutt_send_first_draft(Path(rc.group(1)))
        _wait_for(lines, "(sent by your mail client)", what="the client's send")
        _wait_for(lines, "(the thank-you follow-up from polite-decline)", what="the follow-up")
    finally:
        demo.send_signal(signal.SIGINT)
        code = demo.wait(30)
        reader.join(5)
        if demo.stdout is not None:
            demo.stdout.close()
    assert code == 0
    assert not Path(config.group(1)).parent.exists()  # Ctrl-C cleans up


def _wait_for(lines: list[str], text: str, *, what: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while not any(text in line for line in lines):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} in the demo's output:\n{''.join(lines)}")
        time.sleep(0.1)
    return "".join(lines)


def test_a_password_that_looks_like_an_option_still_starts_pymap(tmp_path: Path) -> None:
    # token_urlsafe() starts with "-" one time in 64: pymap took it for an option.
    servers = _Servers(tmp_path)
    servers.password = "-dash-first-" + servers.password
    try:
        servers.start(attempts=1)
        client = servers.imap()  # logs in with that password
        client.logout()
    finally:
        servers.stop()
