"""The watcher against the private Dovecot: inbox to Drafts, and noticing the send."""

from __future__ import annotations

import email.policy
from collections.abc import Iterator
from email.utils import make_msgid
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

NEWSLETTER = (
    b"From: News <news@letters.example>\r\nTo: alex@example.org\r\n"
    b"Subject: This week in tools\r\nMessage-ID: <nl-1@letters.example>\r\n"
    b"List-Id: <tools.letters.example>\r\n\r\nNothing about jobs here.\r\n"
)


@pytest.fixture
def box(mailbox: DovecotUser) -> Iterator[Mailbox]:
    client = Mailbox(mailbox)
    yield client
    client.close()


@pytest.fixture
def daemon(tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer) -> Iterator[Daemon]:
    d = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    yield d
    if d.alive:
        d.stop()


def drafts(box: Mailbox) -> list[email.message.EmailMessage]:
    return [m for _, m, _ in box.messages("Drafts")]


def test_invitation_gets_one_threaded_draft(box: Mailbox, daemon: Daemon) -> None:
    daemon.start()
    inv = invitation(message_id="<inv-a@corp.example>")
    box.append("INBOX", inv)
    box.append("INBOX", NEWSLETTER)
    box.append(
        "INBOX",
        invitation(
            message_id="<inv-b@corp.example>", extra_headers="Auto-Submitted: auto-generated\r\n"
        ),
    )
    found = eventually(lambda: drafts(box), timeout=15, what="a draft")
    assert len(found) == 1
    draft = found[0]
    assert draft["In-Reply-To"] == "<inv-a@corp.example>"
    assert "<inv-a@corp.example>" in draft["References"]
    assert str(draft["Subject"]).startswith("Re: Interview invitation")
    assert draft["To"].addresses[0].addr_spec == "rita@corp.example"
    flags = next(f for _, _, f in box.messages("Drafts"))
    assert b"\\Draft" in flags
    # Nothing more comes, and the user's inbox is untouched (no \Seen, nothing gone).
    assert daemon.alive
    status = {r["message_id"]: r for r in daemon.status()}
    assert status["<inv-a@corp.example>"]["state"] == "drafted"
    assert status["<inv-b@corp.example>"]["state"] == "skipped"
    assert "auto-submitted" in status["<inv-b@corp.example>"]["reason"]
    assert all(set(f) <= {b"\\Recent"} for f in box.flags("INBOX").values())
    assert box.count("INBOX") == 3
    assert len(drafts(box)) == 1


def test_an_address_smtp_would_refuse_is_a_failed_row_not_a_draft(
    box: Mailbox, daemon: Daemon
) -> None:
    # Each passed the old address regex: a draft was written, and its follow-up then
    # failed for good at SMTP. email-validator (no DNS) refuses them when drafting.
    senders = ["jane@-example.com", "jane@exa_mple.com", "jane@192.168.0.1"]
    for n, sender in enumerate(senders):
        box.append(
            "INBOX", invitation(sender=f"Jane <{sender}>", message_id=f"<bad-{n}@x.example>")
        )
    box.append("INBOX", invitation(message_id="<good@corp.example>"))
    assert daemon.start("--once").wait(60) == 0
    assert [str(m["To"]) for m in drafts(box)] == ["Rita Recruiter <rita@corp.example>"]
    rows = {r["message_id"]: r for r in daemon.status()}
    for n, sender in enumerate(senders):
        row = rows[f"<bad-{n}@x.example>"]
        assert row["state"] == "failed", row
        assert sender in row["reason"]
        assert "no safe reply could be composed" in row["reason"]


def test_restart_does_not_draft_again(box: Mailbox, daemon: Daemon) -> None:
    box.append("INBOX", invitation(message_id="<inv-r@corp.example>"))
    assert daemon.start("--once").wait() == 0
    assert len(drafts(box)) == 1
    assert daemon.start("--once").wait() == 0
    assert len(drafts(box)) == 1


def test_dry_run_writes_nothing(box: Mailbox, daemon: Daemon) -> None:
    box.append("INBOX", invitation())
    assert daemon.start("--once", "--dry-run").wait() == 0
    assert drafts(box) == []
    assert "would draft" in daemon.logs()
    assert daemon.status() == []


def test_second_daemon_refuses(box: Mailbox, daemon: Daemon) -> None:
    daemon.start()
    eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first daemon")
    second = daemon.cli("run", "--once")
    assert second.returncode == 1
    assert "already" in second.stderr
    assert "Traceback" not in second.stderr


def _send_as_user(box: Mailbox, *, keep_id: bool, edit: bool = False) -> str:
    """What a mail client does: a copy in Sent, the draft removed."""
    uid, draft, _ = box.messages("Drafts")[0]
    if not keep_id:
        del draft["Message-ID"]
        draft["Message-ID"] = make_msgid(domain="example.org")
        for name in [k for k in draft if k.lower().startswith("x-")]:
            del draft[name]
    if edit:
        body = draft.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        body.set_content(
            "Hello again, a personal note first.\n\n"
            + text.replace("Thank", "Many thanks, and thank", 1)
        )
    box.append("Sent", draft.as_bytes(policy=email.policy.SMTP), flags=(b"\\Seen",))
    box.delete("Drafts", uid)
    return str(draft["Message-ID"])


@pytest.mark.parametrize(("keep_id", "edit"), [(True, False), (False, False), (False, True)])
def test_sent_decline_is_noticed(box: Mailbox, daemon: Daemon, keep_id: bool, edit: bool) -> None:
    box.append("INBOX", invitation(message_id="<inv-s@corp.example>"))
    daemon.start()
    eventually(lambda: drafts(box), what="the draft")
    _send_as_user(box, keep_id=keep_id, edit=edit)
    row = eventually(
        lambda: [r for r in daemon.status() if r["state"] in ("sent", "scheduled", "followed_up")],
        what="the send to be noticed",
    )[0]
    assert row["sent_at"]


def test_own_answer_is_answered_by_user(box: Mailbox, daemon: Daemon) -> None:
    box.append("INBOX", invitation(message_id="<inv-o@corp.example>"))
    daemon.start()
    eventually(lambda: drafts(box), what="the draft")
    reply = (
        b"From: Alex Example <alex@example.org>\r\nTo: rita@corp.example\r\n"
        b"Subject: Re: Interview invitation\r\nMessage-ID: <own-1@example.org>\r\n"
        b"In-Reply-To: <inv-o@corp.example>\r\nReferences: <inv-o@corp.example>\r\n\r\n"
        b"Hi Rita, Tuesday at 10 works well for me, looking forward to it! Alex\r\n"
    )
    box.append("Sent", reply, flags=(b"\\Seen",))
    eventually(
        lambda: [r for r in daemon.status() if r["state"] == "answered_by_user"],
        what="answered_by_user",
    )


def test_deleted_draft_is_discarded(tmp_path: Path, mailbox: DovecotUser, box: Mailbox) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, daemon='discard_after = "2s"'))
    box.append("INBOX", invitation(message_id="<inv-d@corp.example>"))
    daemon.start()
    try:
        eventually(lambda: drafts(box), what="the draft")
        box.delete("Drafts", box.messages("Drafts")[0][0])
        eventually(
            lambda: [r for r in daemon.status() if r["state"] == "discarded"],
            what="discarded",
            timeout=20,
        )
    finally:
        daemon.stop()
    assert drafts(box) == []


@pytest.mark.parametrize("step", ["after_recognise", "after_append"])
def test_kill_around_append_still_one_draft(box: Mailbox, daemon: Daemon, step: str) -> None:
    box.append("INBOX", invitation(message_id="<inv-kill@corp.example>"))
    daemon.start(env={"POLITE_DECLINE_FAULT": step})
    assert daemon.wait(30) == -9  # killed itself at the step
    daemon.start("--once")
    assert daemon.wait(30) == 0
    assert len(drafts(box)) == 1
    assert daemon.status()[0]["state"] == "drafted"


def test_reconnects_after_dovecot_restart(tmp_path: Path) -> None:
    from tests.dovecot_server import start_dovecot

    server = start_dovecot()
    try:
        user = server.add_user()
        box = Mailbox(user)
        daemon = Daemon(write_config(tmp_path, user)).start()
        try:
            eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first scan")
            box.close()
            server.stop()
            import time

            time.sleep(2)
            server.start()
            box = Mailbox(user)
            box.append("INBOX", invitation(message_id="<inv-after@corp.example>"))
            eventually(lambda: drafts(box), what="a draft after the restart", timeout=40)
            assert daemon.alive
        finally:
            daemon.stop()
            box.close()
    finally:
        server.stop()


def test_sigterm_exits_promptly_and_json_logs(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox
) -> None:
    import json
    import time

    config = write_config(tmp_path, mailbox)
    import subprocess
    import sys

    from tests.service_support import REPO, _env

    log = tmp_path / "json.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mailer",
                "--log-format",
                "json",
                "--config",
                str(config),
                "run",
            ],
            stderr=err,
            env=_env({}),
            cwd=REPO,
        )
    try:
        box.append("INBOX", invitation(message_id="<inv-term@corp.example>"))
        eventually(lambda: drafts(box), what="the draft")
        started = time.monotonic()
        proc.terminate()
        assert proc.wait(10) == 0
        assert time.monotonic() - started < 5
    finally:
        if proc.poll() is None:
            proc.kill()
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert any(e["message"].startswith("drafted:") for e in entries)
    assert all({"time", "level", "logger", "message"} <= e.keys() for e in entries)
    assert mailbox.password not in log.read_text()
