"""The IMAP adapter against a real Dovecot (and pymap for the split-write path)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from imapclient import IMAPClient

from mailer.adapters.credentials import Credential
from mailer.adapters.idle import IdleWatcher, is_change_response, split_responses
from mailer.adapters.imap import (
    AppendResult,
    Folders,
    ImapEndpoint,
    ImapSession,
    Security,
    parse_appenduid,
    validate_folder_name,
    validate_message_id,
)
from mailer.errors import (
    FolderNotFoundError,
    MailboxAuthError,
    MailboxConnectionError,
    UnsafeValueError,
)
from tests.dovecot_server import Dovecot, DovecotUser, start_dovecot
from tests.pymap_server import PymapServer, start_pymap


def endpoint(
    user: DovecotUser | PymapServer, security: Security = "none", **kw: Any
) -> ImapEndpoint:
    port = user.tls_port if isinstance(user, DovecotUser) and security == "tls" else user.port
    options: dict[str, Any] = {
        "ca_file": getattr(user, "ca_file", None),
        "connect_timeout": 5,
        "read_timeout": 10,
    }
    options.update(kw)
    return ImapEndpoint(
        host=user.host, port=port, security=security, username=user.username, **options
    )


def password(user: DovecotUser | PymapServer) -> Any:
    return lambda: Credential("password", user.password)


def message(n: int, *, message_id: str | None = None, extra: str = "", body: str = "") -> bytes:
    mid = message_id or f"<msg{n}.{time.monotonic_ns()}@example.org>"
    text = (
        f"From: Recruiter <hr@example.org>\r\nTo: me@example.net\r\n"
        f"Subject: Interview {n}\r\nMessage-ID: {mid}\r\n{extra}"
        f"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\n\r\n{body or 'Hello'}\r\n"
    )
    return text.encode()


def deliver(user: DovecotUser | PymapServer, raw: bytes, folder: str = "INBOX") -> None:
    """Another client (the MTA, say) puts mail into the mailbox: no flags."""
    with IMAPClient(user.host, port=user.port, ssl=False, timeout=5) as client:
        client.login(user.username, user.password)
        client.append(folder, raw)


@pytest.fixture
def session(mailbox: DovecotUser) -> Iterator[ImapSession]:
    with ImapSession.connect(endpoint(mailbox), password(mailbox)) as s:
        yield s


@pytest.fixture
def pymap_server() -> Iterator[PymapServer]:
    server = start_pymap()
    yield server
    server.stop()


@pytest.fixture
def private_dovecot() -> Iterator[Dovecot]:
    """For failed logins: Dovecot slows down every later login from the same address
    (auth penalty), which must not spill onto the session's shared server."""
    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def german_dovecot() -> Iterator[Dovecot]:
    server = start_dovecot(special_use=False)
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


# ------------------------------------------------------------------ connecting


def test_plain_login_on_loopback(session: ImapSession) -> None:
    caps = session.capabilities()
    assert {"IDLE", "UIDPLUS", "SPECIAL-USE"} <= caps


def test_tls_login_with_test_ca(mailbox: DovecotUser) -> None:
    with ImapSession.connect(endpoint(mailbox, "tls"), password(mailbox)) as s:
        assert s.select("INBOX").exists == 0


def test_starttls_login(mailbox: DovecotUser) -> None:
    with ImapSession.connect(endpoint(mailbox, "starttls"), password(mailbox)) as s:
        assert s.select("INBOX").exists == 0


def test_starttls_refused_when_not_offered(pymap_server: PymapServer) -> None:
    with pytest.raises(MailboxConnectionError, match="does not offer STARTTLS"):
        ImapSession.connect(endpoint(pymap_server, "starttls"), password(pymap_server))


def test_untrusted_certificate_is_refused(mailbox: DovecotUser) -> None:
    untrusting = endpoint(mailbox, "tls", ca_file=None)
    with pytest.raises(MailboxConnectionError, match="certificate not trusted"):
        ImapSession.connect(untrusting, password(mailbox))


def test_plain_text_refused_to_a_remote_host() -> None:
    remote = ImapEndpoint(host="192.0.2.7", port=143, security="none", username="u")
    calls: list[int] = []

    def provider() -> Credential:
        calls.append(1)
        return Credential("password", "x")

    with pytest.raises(MailboxConnectionError, match="loopback"):
        ImapSession.connect(remote, provider)
    assert calls == []  # refused before asking for the secret


def test_wrong_password_is_one_line_without_the_secret(private_dovecot: Dovecot) -> None:
    mailbox = private_dovecot.add_user()
    secret = "wrong-secret-4e1b9"
    with pytest.raises(MailboxAuthError) as info:
        ImapSession.connect(endpoint(mailbox), lambda: Credential("password", secret))
    text = str(info.value)
    assert "\n" not in text
    assert secret not in text
    assert mailbox.username in text
    assert secret not in repr(Credential("password", secret))


@pytest.mark.slow  # Dovecot delays a login after a failed one (auth penalty)
def test_refused_oauth2_token_is_fetched_again_once(private_dovecot: Dovecot) -> None:
    mailbox = private_dovecot.add_user()
    # The test Dovecot checks an XOAUTH2 token like a password.
    tokens = iter(["expired-token", mailbox.password])
    calls: list[int] = []

    def provider() -> Credential:
        calls.append(1)
        return Credential("oauth2", next(tokens))

    with ImapSession.connect(endpoint(mailbox), provider) as s:
        assert s.select("INBOX").exists == 0
    assert len(calls) == 2


@pytest.mark.slow
def test_oauth2_gives_up_after_one_retry(private_dovecot: Dovecot) -> None:
    mailbox = private_dovecot.add_user()
    calls: list[int] = []

    def provider() -> Credential:
        calls.append(1)
        return Credential("oauth2", "never-valid-7d2")

    with pytest.raises(MailboxAuthError) as info:
        ImapSession.connect(endpoint(mailbox), provider)
    assert len(calls) == 2
    assert "never-valid-7d2" not in str(info.value)


def test_oauth2_without_xoauth2_on_the_server(pymap_server: PymapServer) -> None:
    with pytest.raises(MailboxAuthError, match="does not offer XOAUTH2"):
        ImapSession.connect(endpoint(pymap_server), lambda: Credential("oauth2", "tok"))


def test_connection_refused_is_a_connection_error(mailbox: DovecotUser) -> None:
    dead = ImapEndpoint(host="127.0.0.1", port=1, security="none", username="u")
    with pytest.raises(MailboxConnectionError):
        ImapSession.connect(dead, password(mailbox))


# ------------------------------------------------------------------ folders


def test_folders_by_special_use(session: ImapSession) -> None:
    assert session.find_folders() == Folders("Drafts", "Sent")


def test_folders_by_localized_name(german_dovecot: Dovecot) -> None:
    user = german_dovecot.add_user()
    with ImapSession.connect(endpoint(user), password(user)) as s:
        folders = s.find_folders()
        # Modified UTF-7 on the wire (RFC 3501 5.1.3), decoded here.
        assert folders == Folders("Entwürfe", "Gesendet")
        assert s.append(folders.drafts, message(1)) is not None


def test_folders_override(mailbox: DovecotUser) -> None:
    ep = endpoint(mailbox, drafts_folder="Trash", sent_folder="INBOX")
    with ImapSession.connect(ep, password(mailbox)) as s:
        assert s.find_folders() == Folders("Trash", "INBOX")


def test_override_that_does_not_exist(mailbox: DovecotUser) -> None:
    ep = endpoint(mailbox, drafts_folder="Nowhere")
    with (
        ImapSession.connect(ep, password(mailbox)) as s,
        pytest.raises(FolderNotFoundError) as info,
    ):
        s.find_folders()
    assert "imap.drafts_folder" in str(info.value)


def test_unsafe_folder_override_is_rejected_up_front() -> None:
    with pytest.raises(UnsafeValueError):
        ImapEndpoint(host="127.0.0.1", port=143, username="u", drafts_folder="D\r\nA1 LOGOUT")


def test_no_folders_gives_a_clear_error_then_names_work(pymap_server: PymapServer) -> None:
    with ImapSession.connect(endpoint(pymap_server), password(pymap_server)) as s:
        with pytest.raises(FolderNotFoundError) as info:
            s.find_folders()
        text = str(info.value)
        assert 'imap.drafts_folder = "NAME"' in text
        assert "'INBOX'" in text
    with IMAPClient(pymap_server.host, port=pymap_server.port, ssl=False, timeout=5) as c:
        c.login(pymap_server.username, pymap_server.password)
        c.create_folder("INBOX/Concepten")
        c.create_folder("Sent Items")
    with ImapSession.connect(endpoint(pymap_server), password(pymap_server)) as s:
        # pymap has no SPECIAL-USE: found by name, one under an INBOX/ prefix.
        folders = s.find_folders()
        assert folders == Folders("INBOX/Concepten", "Sent Items")
        with IMAPClient(pymap_server.host, port=pymap_server.port, ssl=False, timeout=5) as c:
            c.login(pymap_server.username, pymap_server.password)
            c.rename_folder("Sent Items", "Old")
        assert s.find_folders() is folders  # one LIST per session


# ------------------------------------------------------------------ reading and writing


def test_append_returns_appenduid_and_sets_draft_flags(session: ImapSession) -> None:
    drafts = session.find_folders().drafts
    mid = "<draft.1@polite-decline.example>"
    result = session.append(
        drafts, message(1, message_id=mid), when=datetime(2026, 11, 26, tzinfo=UTC)
    )
    info = session.select(drafts)
    assert result is not None
    assert result == AppendResult(info.uidvalidity, info.exists)
    assert info.uidnext == result.uid + 1
    assert {"\\Draft", "\\Seen"} <= session.fetch_flags([result.uid])[result.uid]
    assert session.find_by_message_id(drafts, mid) == [result.uid]
    assert session.find_by_message_id(drafts, "<other@polite-decline.example>") == []


def test_reading_never_sets_seen(session: ImapSession, mailbox: DovecotUser) -> None:
    for n in range(3):
        deliver(mailbox, message(n, body="x" * 5000))
    # Read-write on purpose: only BODY.PEEK keeps \Seen off here.
    info = session.select("INBOX", readonly=False)
    uids = session.uids_above(0)
    assert len(uids) == info.exists == 3
    headers = session.fetch_headers(uids)
    assert set(headers) == set(uids)
    first = headers[uids[0]]
    assert first.header.startswith(b"From: Recruiter")
    assert first.header.endswith(b"\r\n\r\n")
    assert first.size > 5000
    assert first.internaldate is not None
    assert first.internaldate.tzinfo is not None
    bodies = session.fetch_bodies(uids)
    assert bodies[uids[0]].raw.endswith(b"x" * 100 + b"\r\n")
    assert not bodies[uids[0]].truncated
    cut = session.fetch_bodies(uids[:1], max_bytes=100)[uids[0]]
    assert (len(cut.raw), cut.truncated, cut.size) == (100, True, first.size)
    assert all("\\Seen" not in flags for flags in session.fetch_flags(uids).values())


def test_header_fetch_is_cut_at_its_cap(session: ImapSession, mailbox: DovecotUser) -> None:
    # A header block of 2 MB (one field of 2 MB, folded) comes back cut at the cap,
    # without the empty line that ends a whole header block.
    folded = "X-Filler: " + "\r\n ".join("y" * 76 for _ in range(26_000)) + "\r\n"
    deliver(mailbox, message(1, extra=folded))
    deliver(mailbox, message(2))
    session.select("INBOX")
    big, small = session.uids_above(0)
    headers = session.fetch_headers([big, small], max_bytes=64 * 1024)
    assert len(headers[big].header) == 64 * 1024
    assert not headers[big].header.endswith(b"\r\n\r\n")
    assert headers[big].size > 2_000_000
    assert headers[small].header.endswith(b"\r\n\r\n")
    assert session.message_ids("INBOX")  # the Message-ID fetch is cut too, and works


def test_uids_above_filters_the_star_quirk(session: ImapSession, mailbox: DovecotUser) -> None:
    for n in range(3):
        deliver(mailbox, message(n))
    session.select("INBOX")
    uids = session.uids_above(0)
    assert session.uids_above(uids[0]) == uids[1:]
    # "UID n:*" with n above every UID still matches the highest one (RFC 3501 6.4.8).
    assert session.uids_above(uids[-1]) == []
    assert session.uids_above(uids[-1] + 100) == []
    assert session.uids_since(date(2000, 1, 1)) == uids


def test_find_replies_to(session: ImapSession, mailbox: DovecotUser) -> None:
    inv = "<invite.42@jobs.example.org>"
    deliver(mailbox, message(1, extra=f"In-Reply-To: {inv}\r\n"), "Sent")
    deliver(mailbox, message(2, extra=f"References: <a@b.example> {inv}\r\n"), "Sent")
    deliver(mailbox, message(3, extra="In-Reply-To: <unrelated@x.example>\r\n"), "Sent")
    found = session.find_replies_to("Sent", inv)
    session.select("Sent")
    assert found == session.uids_above(0)[:2]


@pytest.mark.parametrize(
    "value",
    [
        "<a@b>\r\nA1 DELETE INBOX",
        "<a@b>\nX",
        "<a@b>\x00",
        "<a b@c>",
        '<a"@b>',
        "<a\\@b>",
        "<a(@b)>",
        "<a{5}@b>",
        "a@b",
        "<ab>",
        "<a@b@c>",
        "<@b>",
        "<" + "a" * 300 + "@b>",
    ],
)
def test_unsafe_message_ids_are_rejected(value: str) -> None:
    with pytest.raises(UnsafeValueError):
        validate_message_id(value)


@pytest.mark.parametrize(
    "value", ["<a@b>", "<CAF=x+y_1.2@mail.gmail.com>", "<20261126.abc$#!&'@[192.0.2.1]>"]
)
def test_safe_message_ids_pass(value: str) -> None:
    assert validate_message_id(value) == value


def test_injection_never_reaches_the_server(session: ImapSession, mailbox: DovecotUser) -> None:
    deliver(mailbox, message(1))
    attack = "<a@b>\r\nA1 DELETE INBOX\r\nA2 CREATE Pwned"
    for search in (session.find_by_message_id, session.find_replies_to):
        with pytest.raises(UnsafeValueError):
            search("INBOX", attack)
    with pytest.raises(UnsafeValueError):
        session.append("Drafts\r\nA1 DELETE INBOX", message(2))
    with pytest.raises(UnsafeValueError):
        session.select("INBOX\r\nA1 DELETE INBOX")
    assert session.select("INBOX").exists == 1
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False, timeout=5) as c:
        c.login(mailbox.username, mailbox.password)
        assert "Pwned" not in {name for _, _, name in c.list_folders()}


def test_folder_name_validator() -> None:
    assert validate_folder_name("Entwürfe") == "Entwürfe"
    for bad in ("", "a\rb", "a\nb", "a\x00b"):
        with pytest.raises(UnsafeValueError):
            validate_folder_name(bad)


# ------------------------------------------------------------------ pure parsers


def test_parse_appenduid() -> None:
    assert parse_appenduid(b"[APPENDUID 1700000000 5] Append completed.") == AppendResult(
        1700000000, 5
    )
    assert parse_appenduid(b"Append completed.") is None
    assert parse_appenduid(None) is None


def test_split_responses_byte_by_byte() -> None:
    stream = b"+ idling\r\n* 3 EXISTS\r\n* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\n* OK Still here\r\n"
    buffer, out = b"", []
    for i in range(len(stream)):
        got, buffer = split_responses(buffer + stream[i : i + 1])
        out += got
    assert buffer == b""
    assert out == [
        b"+ idling",
        b"* 3 EXISTS",
        b"* 1 FETCH (BODY[] {5}\r\nab\r\nc)",
        b"* OK Still here",
    ]
    assert [is_change_response(line) for line in out] == [False, True, True, False]


def test_split_responses_refuses_endless_lines() -> None:
    with pytest.raises(MailboxConnectionError):
        split_responses(b"* " + b"x" * (2 * 1024 * 1024))


# ------------------------------------------------------------------ watching


def deliver_later(user: DovecotUser | PymapServer, delay: float, raw: bytes) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        deliver(user, raw)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("security", ["none", "tls"])
def test_idle_sees_an_append(mailbox: DovecotUser, security: Security) -> None:
    with IdleWatcher.connect(endpoint(mailbox, security), password(mailbox)) as watcher:
        assert watcher.uses_idle
        assert watcher.wait(0.2).kind == "timeout"
        thread = deliver_later(mailbox, 0.1, message(1))
        start = time.monotonic()
        event = watcher.wait(5)
        elapsed = time.monotonic() - start
        thread.join()
    assert event.kind == "changed"
    assert any(line.endswith(b"EXISTS") for line in event.responses)
    assert elapsed < 2.0  # Dovecot's own IDLE delay is 0.5 s


def test_idle_is_reissued_and_keeps_working(mailbox: DovecotUser) -> None:
    with IdleWatcher.connect(endpoint(mailbox), password(mailbox), idle_interval=0.3) as w:
        assert w.wait(1.0).kind == "timeout"  # spans three DONE/IDLE rounds
        thread = deliver_later(mailbox, 0.1, message(1))
        assert w.wait(5).kind == "changed"
        thread.join()


def test_stop_from_another_thread(mailbox: DovecotUser) -> None:
    with IdleWatcher.connect(endpoint(mailbox), password(mailbox)) as watcher:
        threading.Timer(0.2, watcher.stop).start()
        start = time.monotonic()
        assert watcher.wait(30).kind == "stopped"
        assert time.monotonic() - start < 2


def test_polling_without_idle(mailbox: DovecotUser) -> None:
    ep = endpoint(mailbox)
    with IdleWatcher.connect(ep, password(mailbox), use_idle=False, poll_interval=0.3) as w:
        assert not w.uses_idle
        assert w.wait(0.5).kind == "timeout"
        deliver(mailbox, message(1))
        event = w.wait(5)
        assert event.kind == "changed"
        assert b"* 1 EXISTS" in event.responses
        threading.Timer(0.2, w.stop).start()
        assert w.wait(30).kind == "stopped"


def test_idle_detects_the_server_going_away() -> None:
    server = start_dovecot()
    try:
        user = server.add_user()
        watcher = IdleWatcher.connect(endpoint(user), password(user))
        assert watcher.wait(0.2).kind == "timeout"
        threading.Timer(0.3, server.restart).start()
        start = time.monotonic()
        with pytest.raises(MailboxConnectionError):
            watcher.wait(30)
        assert time.monotonic() - start < 5
        with pytest.raises(MailboxConnectionError):
            watcher.wait(1)  # stays broken: never a silent busy loop
        watcher.close()
        time.sleep(0.5)  # the restart runs in the timer thread
        with IdleWatcher.connect(endpoint(user), password(user)) as again:
            assert again.wait(0.2).kind == "timeout"
    finally:
        server.stop()
        shutil.rmtree(server.directory, ignore_errors=True)


def test_idle_on_pymap_with_split_writes(pymap_server: PymapServer) -> None:
    ep = endpoint(pymap_server)
    mta = IMAPClient(pymap_server.host, port=pymap_server.port, ssl=False, timeout=5)
    mta.login(pymap_server.username, pymap_server.password)
    with IdleWatcher.connect(ep, password(pymap_server)) as watcher:
        assert watcher.uses_idle
        for n in range(10):
            mta.append("INBOX", message(n))
            event = watcher.wait(5)
            assert event.kind == "changed", n
    with ImapSession.connect(ep, password(pymap_server)) as s:
        s.select("INBOX")
        uids = s.uids_above(0)
        assert len(uids) == 10
        mid = "<pymap.check@example.org>"
        mta.append("INBOX", message(99, message_id=mid))
        assert len(s.find_by_message_id("INBOX", mid)) == 1
        s.select("INBOX")
        bodies = s.fetch_bodies(uids)
        assert set(bodies) == set(uids)
        assert bodies[uids[0]].raw.startswith(b"From: Recruiter")
        assert s.fetch_bodies(uids[:1], max_bytes=10)[uids[0]].truncated
        assert all("\\Seen" not in f for f in s.fetch_flags(uids).values())
        mta.append("INBOX", message(100, extra=f"References: <x@y.example> {mid}\r\n"))
        assert len(s.find_replies_to("INBOX", mid)) == 1
        mta.create_folder("Drafts")
        mta.create_folder("Sent")
        result = s.append("Drafts", message(101))
        assert result is not None
        assert s.select("Drafts").uidvalidity == result.uidvalidity
    mta.logout()


def test_message_ids_lists_a_folder_in_one_pass(session: ImapSession) -> None:
    assert session.message_ids("Drafts") == set()
    for n in (1, 2):
        session.append(
            "Drafts", f"Message-ID: <Draft-{n}@Example.org>\r\nSubject: d\r\n\r\nx\r\n".encode()
        )
    session.append("Drafts", b"Subject: no id\r\n\r\nx\r\n")
    assert session.message_ids("Drafts") == {"<draft-1@example.org>", "<draft-2@example.org>"}
