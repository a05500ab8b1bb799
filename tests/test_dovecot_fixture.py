"""The harness itself: the private Dovecot answers like a real server."""

from __future__ import annotations

import ssl

from imapclient import IMAPClient

from tests.dovecot_server import Dovecot, DovecotUser


def test_plain_login_and_special_use(mailbox: DovecotUser) -> None:
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False, timeout=5) as client:
        client.login(mailbox.username, mailbox.password)
        caps = client.capabilities()
        assert b"IDLE" in caps
        assert b"SPECIAL-USE" in caps
        flags = {name: f for f, _, name in client.list_folders()}
        assert b"\\Drafts" in flags["Drafts"]
        assert b"\\Sent" in flags["Sent"]


def test_tls_login_with_test_ca(dovecot: Dovecot, mailbox: DovecotUser) -> None:
    assert mailbox.ca_file
    context = ssl.create_default_context(cafile=mailbox.ca_file)
    with IMAPClient(
        mailbox.host, port=mailbox.tls_port, ssl=True, ssl_context=context, timeout=5
    ) as client:
        client.login(mailbox.username, mailbox.password)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
