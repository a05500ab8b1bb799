"""Invitations written inline, and the drafts polite-decline writes for them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr

from mailer.core.compose import compose_decline, compose_followup, display_names
from mailer.core.extract import extract
from mailer.core.message import read_message
from mailer.core.model import DeclineSettings, Draft, Identity, InvitationFacts, Wording
from tests.compose_support import NOW, TEMPLATES, guard_ok
from tests.draft_lint import Known, lint

__all__ = ["USER", "Written", "invitation", "write"]

USER = Identity("Alex Example", "alex@example.org")


def invitation(
    body: str,
    *,
    sender: tuple[str, str],
    subject: str = "Interview",
    date: str = "Wed, 05 Mar 2025 09:30:00 +0100",
) -> bytes:
    """A plain-text invitation from ``sender`` (display name, address) to the user."""
    name = Header(sender[0], "utf-8").encode() if sender[0] else ""
    head = (
        f"From: {formataddr((name, sender[1])) if name else sender[1]}\n"
        f"To: Alex Example <alex@example.org>\n"
        f"Subject: {Header(subject, 'utf-8').encode()}\n"
        f"Date: {date}\n"
        f"Message-ID: <{hashlib.sha256(body.encode()).hexdigest()[:16]}@inv.example>\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
    )
    return (head.replace("\n", "\r\n") + "\r\n" + body.replace("\n", "\r\n")).encode("utf-8")


@dataclass(frozen=True)
class Written:
    """A draft and what it answers."""

    facts: InvitationFacts
    text: str  # the invitation's newest text
    draft: Draft

    @property
    def body(self) -> str:
        return self.draft.body

    @property
    def greeting(self) -> str:
        return self.body.splitlines()[0]

    def problems(self) -> list[str]:
        known = Known(
            tuple(
                x
                for x in (
                    self.facts.role,
                    self.facts.company,
                    self.facts.greeting_name,
                    self.facts.contact_surname,
                )
                if x
            )
        )
        return lint(
            self.body,
            language=self.draft.language,
            invitation=self.text,
            invitation_language=self.facts.language,
            known=known,
            signature=USER.name,
        )

    def followup(self, *, recipients: tuple[str, ...] | None = None) -> Draft:
        """The follow-up to this draft, as if it was sent to bare addresses."""
        return compose_followup(
            self.facts,
            identity=USER,
            settings=_settings(),
            recipients=recipients or (self.draft.to,),
            subject=self.draft.subject,
            in_reply_to=self.draft.message_id,
            references=(),
            templates=TEMPLATES,
            now=NOW,
            message_id="<followup-1@example.org>",
            language=self.draft.language,
            names=display_names(self.facts, self.draft.raw),
        )


def _settings(
    reason: Wording | None = None, offer: Wording | None = None, language: str = ""
) -> DeclineSettings:
    return DeclineSettings(
        reason=reason if reason is not None else Wording("another_offer"),
        offer=offer or Wording(),
        language=language,
    )


def write(
    raw: bytes,
    *,
    language: str = "",
    reason: Wording | None = None,
    offer: Wording | None = None,
) -> Written:
    """The decline polite-decline drafts for ``raw`` (reason ``another_offer`` unless
    given), in ``language`` or the invitation's."""
    mail = read_message(raw)
    facts = extract(mail)
    draft = compose_decline(
        facts,
        guard=guard_ok(to=facts.reply_to or facts.from_addr, name=facts.from_name),
        identity=USER,
        settings=_settings(reason, offer, language),
        templates=TEMPLATES,
        now=NOW,
        message_id="<draft-1@example.org>",
    )
    return Written(facts, mail.newest_text, draft)
