"""One error tree for the whole package.

::

    PoliteDeclineError
    ├── ConfigError (ValueError)            bad file, key or value: exit status 2
    ├── UsageError (ValueError)             a bad argument (unknown key): exit status 2
    ├── SecretError                          a secret source failed (command, env, file)
    ├── MailboxError                          IMAP trouble
    │   ├── MailboxConnectionError (ConnectionError)
    │   ├── MailboxAuthError
    │   ├── FolderNotFoundError              Drafts/Sent could not be found
    │   └── UnsafeValueError (ValueError)    a value that must never reach an IMAP command
    ├── SendError                             SMTP trouble
    │   ├── TemporarySendError               4xx or a dropped connection: retry later
    │   ├── PermanentSendError               5xx: never retried
    │   ├── SendAuthError                    535 and friends: stop and tell the user
    │   ├── InsecureTransportError           TLS required but not offered
    │   └── UncertainSendError               dropped after DATA: look in Sent, never resend
    ├── StateError                            the state store
    │   ├── StateLockedError                 another daemon owns the state directory
    │   ├── UnknownInvitationError (LookupError)  no invitation with that key
    │   └── InvalidTransitionError           a state change the machine does not allow
    └── MessageError (ValueError)            a message that cannot be read or composed

Third-party exceptions are converted at the adapter boundary; the CLI turns these
into one clear line and an exit status, never a traceback.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FolderNotFoundError",
    "InsecureTransportError",
    "InvalidTransitionError",
    "MailboxAuthError",
    "MailboxConnectionError",
    "MailboxError",
    "MessageError",
    "PermanentSendError",
    "PoliteDeclineError",
    "SecretError",
    "SendAuthError",
    "SendError",
    "StateError",
    "StateLockedError",
    "TemporarySendError",
    "UncertainSendError",
    "UnknownInvitationError",
    "UnsafeValueError",
    "UsageError",
]


class PoliteDeclineError(Exception):
    """Root of every error this package raises on purpose."""


class ConfigError(PoliteDeclineError, ValueError):
    """A configuration file is missing, unreadable or invalid.

    ``str()`` gives ``FILE: KEY: REASON`` so the CLI can print it as it is.
    """

    def __init__(self, path: str, key: str | None, reason: str) -> None:
        self.path = path
        self.key = key
        self.reason = reason
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {reason}")


class UsageError(PoliteDeclineError, ValueError):
    """A command-line argument that names nothing (an unknown invitation key)."""


class SecretError(PoliteDeclineError):
    """A secret could not be obtained. The message never contains the secret."""


class MailboxError(PoliteDeclineError):
    """Something went wrong talking to the IMAP server."""


class MailboxConnectionError(MailboxError, ConnectionError):
    """The IMAP connection could not be made or was lost."""


class MailboxAuthError(MailboxError):
    """The IMAP server refused the credentials."""


class FolderNotFoundError(MailboxError):
    """Drafts or Sent could not be found; the message says how to configure it."""


class UnsafeValueError(MailboxError, ValueError):
    """A value (Message-ID, folder name) that is not safe to put in an IMAP command."""


class SendError(PoliteDeclineError):
    """Something went wrong sending through SMTP."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        self.code = code
        super().__init__(message)


class TemporarySendError(SendError):
    """4xx or a connection failure before DATA: safe to retry later (RFC 5321 4.2.1)."""


class PermanentSendError(SendError):
    """5xx: the server said no for good; never retried."""


class SendAuthError(SendError):
    """The SMTP server refused the credentials; sending stops until the user acts."""


class InsecureTransportError(SendError):
    """TLS was required but the server did not offer it: credentials were not sent."""


class UncertainSendError(SendError):
    """The connection dropped after DATA: the message may or may not have gone out."""


class StateError(PoliteDeclineError):
    """The state store could not be read or written."""


class StateLockedError(StateError):
    """Another daemon already uses this state directory."""


class UnknownInvitationError(StateError, LookupError):
    """No invitation has that key (``cancel KEY`` with a typo: exit status 2)."""


class InvalidTransitionError(StateError):
    """A state change that the invitation state machine does not allow."""


class MessageError(PoliteDeclineError, ValueError):
    """A message could not be parsed or a reply could not be composed safely."""
