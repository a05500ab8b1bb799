"""When not to answer, and whom to answer: RFC 3834 and Sieve vacation rules.

A decline is a person's answer, written for a person. Before drafting one we apply
the rules automatic responders follow (RFC 3834 section 2, RFC 5230 section 4.5 as
Pigeonhole implements them): no answers to robots, bounces, mailing lists, bulk
mail, the user's own mail, mail not addressed to the user, or a thread already
answered. Each refusal names the rule, so ``preview`` and ``status`` can say why.

Applicant-tracking systems send most invitations from ``no-reply`` addresses. The
human is then in ``Reply-To`` or in the calendar ORGANIZER; a draft the user reviews
still makes sense, addressed to that human. When none can be found, the draft goes
to the sender and the result forbids any automatic follow-up to it.
"""

from __future__ import annotations

import email.message
import re

from mailer.core.addresses import LIST_ROBOT, MAILER_DAEMON, is_robot_address
from mailer.core.headers import (
    clean_address,
    header_addresses,
    header_texts,
    same_organisation,
)
from mailer.core.model import GuardResult, Identity

__all__ = [
    "RULES",
    "guard",
    "is_automatic_reply",
    "is_robot_address",
]

#: Every rule name :func:`guard` and :func:`is_automatic_reply` can return.
RULES = frozenset(
    {
        "own-mail",
        "own-envelope-sender",
        "bounce",
        "auto-submitted",
        "auto-response-suppress",
        "autoreply-header",
        "autoreply-subject",
        "precedence-bulk",
        "precedence-list",
        "precedence-junk",
        "list-mail",
        "list-sender",
        "robot-sender",
        "no-sender",
        "not-addressed-to-user",
        "conversation-in-progress",
        "thread-already-drafted",
    }
)

# RFC 2369 and RFC 2919 list headers; Pigeonhole's vacation refuses on any of them.
_LIST_HEADERS = (
    "List-Id",
    "List-Owner",
    "List-Subscribe",
    "List-Post",
    "List-Unsubscribe",
    "List-Help",
    "List-Archive",
)
_RECIPIENT_HEADERS = ("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")
# X-Auto-Response-Suppress (Microsoft Exchange): these values ask that no
# auto-reply be sent.
_SUPPRESS = frozenset({"all", "oof", "autoreply"})

# Subjects of out-of-office replies from systems that send no Auto-Submitted
# (old Exchange, some webmailers). Only used to decide whether an answer is a
# robot's, never to refuse drafting.
_AUTOREPLY_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|"
    r"abwesenheitsnotiz|automatische antwort|abwesend|"
    r"réponse automatique|absence du bureau|absent\b|"
    r"respuesta automática|fuera de la oficina|"
    r"autosvar|automatisch antwoord)",
    re.IGNORECASE,
)


def _first_text(headers: email.message.Message, name: str) -> str:
    values = header_texts(headers, name)
    return values[0] if values else ""


def _return_path_empty(headers: email.message.Message) -> bool:
    # RFC 3834 2: a message with an empty envelope sender (a bounce, a DSN) must
    # not be answered; the delivering server records it as "Return-Path: <>".
    values = header_texts(headers, "Return-Path")
    return any(v.replace(" ", "") in {"<>", ""} for v in values)


def _automatic_rule(headers: email.message.Message) -> str | None:
    """Rules that mark a message as machine-sent, in the order checked."""
    if _return_path_empty(headers):
        return "bounce"
    content_type = _first_text(headers, "Content-Type").lower()
    if content_type.startswith("multipart/report"):
        # RFC 6522: delivery status and disposition notifications.
        return "bounce"
    senders = [addr for _, addr in header_addresses(headers, "From", "Sender", "Return-Path")]
    for addr in senders:
        local = addr.rpartition("@")[0]
        if MAILER_DAEMON.match(local):
            return "bounce"
        if LIST_ROBOT.match(local):
            return "list-sender"
    # RFC 3834 5.1: any value but "no" marks an automatic message. Parameters
    # ("auto-replied; owner-email=...") follow the keyword.
    for value in header_texts(headers, "Auto-Submitted"):
        keyword = value.split(";", 1)[0].strip().lower()
        if keyword != "no":
            return "auto-submitted"
    for value in header_texts(headers, "X-Auto-Response-Suppress"):
        tokens = {t.strip().lower() for t in value.split(",")}
        if tokens & _SUPPRESS:
            return "auto-response-suppress"
    for value in header_texts(headers, "Precedence"):
        keyword = value.strip().lower()
        if keyword in {"bulk", "list", "junk"}:
            return f"precedence-{keyword}"
    for name in _LIST_HEADERS:
        if header_texts(headers, name):
            return "list-mail"
    return None


def is_automatic_reply(headers: email.message.Message, /) -> str | None:
    """The rule that makes ``headers`` a robot's message, or None for a person's.

    Used for ``cancel_if_replied``: an out-of-office answer or a bounce to the
    decline must not cancel the follow-up; a person's answer does. The guard's
    rules apply, plus the legacy ``X-Autoreply``/``X-Autorespond`` headers, an
    out-of-office subject, and a robot sender address.
    """
    rule = _automatic_rule(headers)
    if rule is not None:
        return rule
    if header_texts(headers, "X-Autoreply") or header_texts(headers, "X-Autorespond"):
        return "autoreply-header"
    if _AUTOREPLY_SUBJECT.match(_first_text(headers, "Subject")):
        return "autoreply-subject"
    senders = header_addresses(headers, "From")
    if not senders:
        return "no-sender"
    if is_robot_address(senders[0][1]):
        return "robot-sender"
    return None


def _refuse(rule: str, note: str = "") -> GuardResult:
    return GuardResult(rule=rule, to=None, to_name=None, auto_send_ok=False, note=note)


def guard(
    headers: email.message.Message,
    /,
    *,
    identity: Identity,
    thread_already_drafted: bool = False,
    conversation: str | None = None,
    human_hint: str | None = None,
) -> GuardResult:
    """Decide whether to draft a reply to ``headers``, and to whom.

    ``conversation`` is why the message only continues a conversation the user
    takes part in (see :func:`mailer.core.recognise.continues_conversation`), or None.
    ``human_hint`` is a person the caller found elsewhere (the calendar ORGANIZER,
    a recruiter named in the body): used when the sender is a no-reply address
    and Reply-To gives no human. Rules are checked in this order: own-mail,
    own-envelope-sender, bounce, list-sender, auto-submitted, auto-response-suppress,
    precedence-*, list-mail, not-addressed-to-user, conversation-in-progress,
    thread-already-drafted, no-sender.
    """
    mine = identity.addresses
    from_pairs = header_addresses(headers, "From")
    sender_pairs = header_addresses(headers, "Sender")
    if any(addr.lower() in mine for _, addr in (*from_pairs, *sender_pairs)):
        return _refuse("own-mail", "the message comes from one of your own addresses")
    # The envelope sender, as the delivering server recorded it (RFC 5321 4.4). Sieve
    # vacation (RFC 5230 4.5, as Pigeonhole implements it) never answers mail whose
    # envelope sender is the user: a copy the user sent through another client, a
    # forward of their own, a list echo.
    if any(addr.lower() in mine for _, addr in header_addresses(headers, "Return-Path")):
        return _refuse(
            "own-envelope-sender", "the envelope sender (Return-Path) is one of your addresses"
        )

    rule = _automatic_rule(headers)
    if rule is not None:
        return _refuse(rule, _AUTOMATIC_NOTES.get(rule, ""))

    recipients = {addr.lower() for _, addr in header_addresses(headers, *_RECIPIENT_HEADERS)}
    if not recipients & mine:
        return _refuse(
            "not-addressed-to-user",
            "none of your addresses is in To, Cc, Bcc or Resent-*",
        )
    if conversation:
        # The user already answers this thread about the interview (found in Sent):
        # a person is talking with them, and a draft would cut across that.
        return _refuse("conversation-in-progress", conversation)
    if thread_already_drafted:
        return _refuse("thread-already-drafted", "a draft already exists for this thread")

    return _choose_recipient(from_pairs, header_addresses(headers, "Reply-To"), mine, human_hint)


_AUTOMATIC_NOTES = {
    "bounce": "a bounce or delivery report (empty Return-Path, MAILER-DAEMON, report)",
    "list-sender": "sent by a mailing-list robot",
    "auto-submitted": "marked Auto-Submitted (RFC 3834)",
    "auto-response-suppress": "the sender asks for no automatic replies",
    "precedence-bulk": "bulk mail (Precedence: bulk)",
    "precedence-list": "mailing-list mail (Precedence: list)",
    "precedence-junk": "junk mail (Precedence: junk)",
    "list-mail": "mailing-list mail (List-* headers)",
}


def _usable(pair: tuple[str, str], mine: frozenset[str]) -> bool:
    return pair[1].lower() not in mine and not is_robot_address(pair[1])


def _choose_recipient(
    from_pairs: tuple[tuple[str, str], ...],
    reply_pairs: tuple[tuple[str, str], ...],
    mine: frozenset[str],
    human_hint: str | None,
) -> GuardResult:
    sender = from_pairs[0] if from_pairs else None
    reply = next((p for p in reply_pairs if _usable(p, mine)), None)

    if sender is not None and not is_robot_address(sender[1]):
        # A person wrote: the conversation is with them. A Reply-To on their own
        # organisation's domain is theirs to set; one elsewhere could divert the
        # answer to a third party (RFC 5322 3.6.2 lets anyone set it), so we
        # answer the sender and say so.
        if reply is None or reply[1].lower() == sender[1].lower():
            return GuardResult(None, sender[1], sender[0] or None, auto_send_ok=True)
        if same_organisation(reply[1], sender[1]):
            return GuardResult(None, reply[1], reply[0] or None, auto_send_ok=True)
        return GuardResult(
            None,
            sender[1],
            sender[0] or None,
            auto_send_ok=True,
            note=(
                f"Reply-To points to {reply[1]}, outside the sender's domain; "
                f"the draft answers the sender {sender[1]} instead"
            ),
        )

    # The sender is a robot (an ATS no-reply address) or unreadable.
    if reply is not None:
        note = ""
        if sender is not None and not same_organisation(reply[1], sender[1]):
            note = (
                f"the sender {sender[1]} does not take replies; the draft answers "
                f"Reply-To {reply[1]}, on another domain: check it is the recruiter"
            )
        return GuardResult(None, reply[1], reply[0] or None, auto_send_ok=True, note=note)
    hint = clean_address(human_hint)
    if hint is not None and hint.lower() not in mine and not is_robot_address(hint):
        where = f"the sender {sender[1]} does not take replies; " if sender else ""
        return GuardResult(
            None,
            hint,
            None,
            auto_send_ok=True,
            note=f"{where}the draft answers {hint}, named in the invitation",
        )
    if sender is None:
        return _refuse("no-sender", "no readable From address and no Reply-To")
    return GuardResult(
        None,
        sender[1],
        sender[0] or None,
        auto_send_ok=False,
        note=(
            f"the sender {sender[1]} is a no-reply address and no person to answer was "
            "found: the draft is addressed to it, and no automatic follow-up will go to it"
        ),
    )
