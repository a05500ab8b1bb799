"""A real mail client acting as the user: neomutt, driven in tmux.

neomutt recalls the single draft from IMAP Drafts into its compose menu
(``recall = yes``, ``-p``), and the key ``y`` sends it through SMTP, files a copy in
Sent and removes the draft: what a person does in their own client.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

__all__ = ["neomutt_send_draft", "neomutt_send_first_draft"]

INSTALL_HINT = "neomutt and tmux are needed: sudo apt-get install -y neomutt tmux"


def _pane(session: str) -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
    )
    return done.stdout


def neomutt_send_draft(
    *, imap_port: int, username: str, password: str, smtp_port: int, timeout: float = 20.0
) -> None:
    """Recall the one draft in Drafts and send it; raise if neomutt does not get there."""
    if not (shutil.which("neomutt") and shutil.which("tmux")):
        raise RuntimeError(INSTALL_HINT)
    workdir = Path(tempfile.mkdtemp(prefix="pd-neomutt-"))
    rc = workdir / "neomuttrc"
    rc.write_text(
        f'set folder = "imap://127.0.0.1:{imap_port}/"\n'
        f'set imap_user = "{username}"\n'
        f'set imap_pass = "{password}"\n'
        'set spoolfile = "+INBOX"\n'
        'set postponed = "+Drafts"\n'
        'set record = "+Sent"\n'
        "set copy = yes\n"
        f'set smtp_url = "smtp://127.0.0.1:{smtp_port}/"\n'
        'set editor = "true"\n'
        "set recall = yes\n"
        "set ssl_starttls = no\n"
        "set ssl_force_tls = no\n"
        f'set header_cache = "{workdir}/hcache"\n'
        f'set tmpdir = "{workdir}"\n'
    )
    try:
        _send(f"neomutt -n -F {rc} -p", timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def neomutt_send_first_draft(rc: Path, *, timeout: float = 20.0) -> None:
    """With someone else's config ``rc`` (the demo prints one): recall the first of
    the drafts and send it, as a person does (the editor left unchanged)."""
    if not (shutil.which("neomutt") and shutil.which("tmux")):
        raise RuntimeError(INSTALL_HINT)
    _send(f"neomutt -n -F {rc} -e 'set editor = true' -p", timeout)


def _send(command: str, timeout: float) -> None:
    session = f"pd-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "200",
            "-y",
            "50",
            command,
        ],
        check=True,
    )
    try:
        deadline = time.monotonic() + timeout
        picked = False
        while "y:Send" not in (pane := _pane(session)):
            if not picked and "d:Del" in pane and "u:Undel" in pane:
                # Several drafts: neomutt lists them; take the first.
                subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
                picked = True
            if time.monotonic() > deadline:
                raise RuntimeError(f"neomutt did not reach its compose menu:\n{_pane(session)}")
            time.sleep(0.1)
        subprocess.run(["tmux", "send-keys", "-t", session, "y"], check=True)
        # After sending, neomutt leaves the compose menu for the index (or exits).
        while "y:Send" in _pane(session):
            if time.monotonic() > deadline:
                raise RuntimeError(f"neomutt did not send:\n{_pane(session)}")
            time.sleep(0.1)
        time.sleep(0.5)  # the Fcc copy to Sent is written right after the SMTP send
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)
