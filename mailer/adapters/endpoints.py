"""Adapter settings built from the config: one place, used by check, run and demo."""

from __future__ import annotations

from mailer.adapters.credentials import Credential, CredentialProvider
from mailer.adapters.imap import ImapEndpoint
from mailer.adapters.smtp import SmtpEndpoint
from mailer.config import Config
from mailer.logs import register_secret

__all__ = ["imap_endpoint", "remembering", "smtp_endpoint"]


def remembering(source: CredentialProvider) -> CredentialProvider:
    """Register each secret with the log scrubber the moment it is read."""

    def provider() -> Credential:
        credential = source()
        register_secret(credential.secret)
        return credential

    return provider


def imap_endpoint(config: Config, /) -> ImapEndpoint:
    return ImapEndpoint(
        host=config.imap.host,
        port=config.imap.port,
        security=config.imap.security,
        username=config.imap.username,
        ca_file=config.imap.ca_file or None,
        drafts_folder=config.imap.drafts_folder or None,
        sent_folder=config.imap.sent_folder or None,
        connect_timeout=config.imap.connect_timeout.total_seconds(),
        read_timeout=config.imap.read_timeout.total_seconds(),
    )


def smtp_endpoint(config: Config, /) -> SmtpEndpoint:
    return SmtpEndpoint(
        host=config.smtp.host,
        port=config.smtp.port,
        security=config.smtp.security,
        username=config.smtp_username if config.smtp.auth else None,
        auth=config.smtp.auth,
        ca_file=(config.smtp.ca_file or config.imap.ca_file) or None,
        timeout=config.smtp.timeout.total_seconds(),
    )
