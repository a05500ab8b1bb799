"""Hostile and malformed mail through the running daemon, and properties of the
pure functions on arbitrary input (hypothesis).

The daemon must keep running, draft what is plainly an invitation, draft nothing
the rules forbid, write no header that an attacker shaped, never let inbound text
into an IMAP command (the inbox is byte-for-byte the same afterwards: UIDs and
flags), and stay small while a 30 MB message goes by.
"""

from __future__ import annotations

import email.policy
import re
import sqlite3
from collections import Counter
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mailer.adapters.imap import validate_message_id
from mailer.core.compose import compose_decline
from mailer.core.extract import extract
from mailer.core.guard import guard
from mailer.core.headers import clean_message_id
from mailer.core.message import read_headers, read_message
from mailer.core.model import Category, DeclineSettings, Identity
from mailer.core.recognise import classify
from mailer.errors import MessageError, UnsafeValueError
from tests.compose_support import NOW, TEMPLATES
from tests.dovecot_server import DovecotUser
from tests.reliability.nasty import MUST_DRAFT, NO_DRAFT, TEXT, corpus, sender
from tests.reliability.support import bulk_append, db_rows, peak_rss_kib
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

#: Every header a draft of ours may carry; anything else was shaped by the sender.
DRAFT_HEADERS = {
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "content-language",
    "auto-submitted",
    "x-polite-decline",
    "x-polite-decline-key",
}
RSS_LIMIT_KIB = 200 * 1024


def header_block(raw: bytes) -> list[tuple[str, str]]:
    """(name, unfolded value) pairs, read straight from the bytes."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "strict")
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    out = []
    for line in unfolded.split("\r\n"):
        name, sep, value = line.partition(":")
        assert sep, f"not a header line: {line!r}"
        out.append((name.strip().lower(), value))
    return out


def assert_clean_draft(raw: bytes) -> None:
    pairs = header_block(raw)
    names = Counter(n for n, _ in pairs)
    assert set(names) <= DRAFT_HEADERS | {n for n in names if n.startswith("x-polite")}, names
    assert "bcc" not in names
    assert names["to"] == 1
    for _, value in pairs:
        assert not set(value) & {"\r", "\n", "\0"}, value
    msg = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert len(msg["To"].addresses) == 1
    for name in ("Subject", "To", "From", "References", "In-Reply-To"):
        value = str(msg[name] or "")
        assert not re.search(r"[\r\n\x00\u2028\u2029]", value), (name, value)
    # The attacker's words may survive as harmless text (a quoted display name, the
    # subject), never as an address anything is sent to.
    for name in ("To", "Cc", "From"):
        for address in getattr(msg[name], "addresses", ()):
            assert "evil.example" not in address.addr_spec, (name, address)


def test_hostile_corpus_through_the_running_daemon(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mails = corpus(huge_mb=30)
    bulk_append(mailbox, "INBOX", [raw for name, raw in mails.items() if name != "huge"])
    box.append("INBOX", mails["huge"])  # one 30 MB APPEND
    box.append("INBOX", mails["no_mid"])  # the same message again, still no Message-ID
    before = box.flags("INBOX")
    last_uid = max(before)
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    daemon.start()
    try:

        def done() -> bool:
            try:
                rows = db_rows(daemon.config, "SELECT last_uid FROM cursors WHERE folder = 'INBOX'")
            except sqlite3.OperationalError:  # not created yet, or no tables yet
                return False
            return bool(rows) and rows[0][0] == last_uid

        eventually(done, timeout=60, what="the whole inbox to be processed")
        assert daemon.alive
        assert daemon.process is not None
        rss = peak_rss_kib(daemon.process.pid)
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM
    logs = daemon.logs()
    assert "Traceback" not in logs
    assert rss < RSS_LIMIT_KIB, f"peak RSS {rss / 1024:.0f} MiB"

    drafts = _raw_drafts(box)
    to = Counter(
        BytesParser(policy=email.policy.default).parsebytes(raw)["To"].addresses[0].addr_spec
        for raw in drafts
    )
    for name in MUST_DRAFT:
        assert to[sender(name)] == 1, (name, to)
    for name in NO_DRAFT:
        assert to[sender(name)] == 0, (name, to)
    assert all(count == 1 for count in to.values()), to
    # Two different messages with one Message-ID are one invitation to us.
    assert to[sender("dup_mid_a")] + to[sender("dup_mid_b")] <= 1
    for raw in drafts:
        assert_clean_draft(raw)
    # The inbox is exactly as it was: same UIDs, same flags (no \Seen, no \Deleted).
    assert box.flags("INBOX") == before
    with capsys.disabled():
        print(
            f"\nhostile corpus: {len(before)} messages (one of 30 MB), {len(drafts)} drafts, "
            f"daemon peak RSS {rss // 1024} MiB"
        )


def _raw_drafts(box: Mailbox) -> list[bytes]:
    box.client.select_folder("Drafts", readonly=True)
    uids = box.client.search(["ALL"])
    return [d[b"BODY[]"] for d in box.client.fetch(uids, [b"BODY.PEEK[]"]).values()]


# ------------------------------------------------------------------ properties

IDENTITY = Identity("Alex Example", "alex@example.org")
hostile = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\r", "\n", "\x00", "\u2028", '"', "<", ">", "@", "=", "?", ";"]),
    ),
    max_size=120,
)
encoded_word = hostile.map(
    lambda s: "=?UTF-8?Q?" + "".join(f"={b:02X}" for b in s.encode("utf-8", "surrogatepass")) + "?="
)
header_value = st.one_of(hostile, encoded_word).map(
    lambda s: s.replace("\r", "").replace("\n", "")  # a raw line break would end the header
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=header_value,
    name=header_value,
    mid=header_value,
    refs=header_value,
    body=st.binary(max_size=300),
)
def test_any_inbound_invitation_gives_a_clean_draft_or_a_refusal(
    subject: str, name: str, mid: str, refs: str, body: bytes
) -> None:
    raw = (
        (
            f"From: {name} <rec@corp.example>\r\nTo: alex@example.org\r\n"
            f"Subject: Interview invitation {subject}\r\nMessage-ID: {mid}\r\n"
            f"References: {refs}\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        ).encode("utf-8", "surrogatepass")
        + TEXT.encode()
        + body
    )
    mail = read_message(raw)
    read_headers(raw.split(b"\r\n\r\n", 1)[0])  # never raises either
    verdict = classify(mail, identity=IDENTITY)
    if verdict.category is not Category.INVITATION:
        return
    facts = extract(mail)
    head = BytesParser(policy=email.policy.default).parsebytes(raw, headersonly=True)
    decision = guard(head, identity=IDENTITY, thread_already_drafted=False)
    if not decision.allowed:
        return
    event("drafted")
    try:
        draft = compose_decline(
            facts,
            guard=decision,
            identity=IDENTITY,
            settings=_settings(),
            templates=TEMPLATES,
            now=NOW,
            message_id="<pd.test@example.org>",
        )
    except MessageError:
        return  # refused: the service logs it as poison and moves on
    assert_clean_draft(draft.raw)


def _settings() -> DeclineSettings:
    return DeclineSettings()


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile, encoded_word))
def test_an_accepted_message_id_is_always_safe_in_an_imap_command(value: str) -> None:
    cleaned = clean_message_id(value)
    if cleaned is None:
        return
    # What the core accepts, the IMAP adapter accepts: no value slips between them.
    assert validate_message_id(cleaned) == cleaned
    assert not set(cleaned) & set('\r\n\0 "()\\{}')


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_break_the_reader(raw: bytes) -> None:
    mail = read_message(raw)
    classify(mail, identity=IDENTITY)
    extract(mail)


@pytest.mark.parametrize(
    "value",
    [
        "<a@b>\r\nA1 DELETE INBOX",
        '<"x" ) UID STORE 1:* +FLAGS (\\Deleted)@b>',
        "<a\x00b@c>",
        "<a b@c>",
        "<{5}\r\nhello@c>",
    ],
)
def test_hostile_message_ids_never_reach_search(value: str) -> None:
    assert clean_message_id(value) is None
    with pytest.raises(UnsafeValueError):
        validate_message_id(value)


def test_folder_names_with_quotes_work_and_line_breaks_are_refused(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    folder = 'My "Quoted" Drafts \\ (x)'
    box.client.create_folder(folder)
    toml_name = folder.replace("\\", "\\\\").replace('"', '\\"')
    config = write_config(
        tmp_path / "ok", mailbox, smtp_port=smtpd.port, imap_extra=f'drafts_folder = "{toml_name}"'
    )
    box.append("INBOX", invitation(message_id="<inv-quoted-folder@corp.example>"))
    before = box.flags("INBOX")
    assert Daemon(config).start("--once").wait(60) == 0
    assert box.count(folder) == 1
    assert box.flags("INBOX") == before
    # A line break in a folder name would be a second IMAP command: refused at load.
    bad = write_config(
        tmp_path / "bad",
        mailbox,
        smtp_port=smtpd.port,
        imap_extra='drafts_folder = "Drafts\\r\\nA1 DELETE INBOX"',
    )
    done = Daemon(bad).cli("run", "--once")
    assert done.returncode == 2
    assert "imap.drafts_folder" in done.stderr
    assert box.flags("INBOX") == before
