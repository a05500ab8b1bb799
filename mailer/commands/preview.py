"""``polite-decline preview FILE.eml ...``: what the service would decide and write.

Runs the pure core on files, without a mailbox: verdict, score, reasons, the guard's
rule, and the draft in full, with notes on what it leaves out (a reason given only in
other languages). Uses the config's identity and decline settings when a config is
found; otherwise neutral defaults: the draft is signed with the name the invitation
addressed (never a placeholder), and the guard checks that need to know who the user
is (own mail, addressed to the user) are skipped. ``as_recipient`` previews a message
written to someone else (a sample, a forwarded invitation) as if it had been
addressed to the configured user.

Each file is judged on its own: a file that cannot be read, a header block over the
service's caps (reported as the service would record it), or any error while
judging is reported for that file, and the next file is read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from mailer.adapters.templating import load_templates
from mailer.core.compose import compose_decline
from mailer.core.extract import extract
from mailer.core.guard import guard
from mailer.core.headers import make_message_id
from mailer.core.message import header_problem, read_message
from mailer.core.model import DeclineSettings, Identity
from mailer.core.recognise import classify

__all__ = ["preview_files"]

#: Identity rules that cannot be judged without knowing the user.
_IDENTITY_RULES = frozenset({"own-mail", "not-addressed-to-user"})


def _one(
    path: Path,
    *,
    identity: Identity,
    know_identity: bool,
    as_recipient: bool,
    settings: DeclineSettings,
    templates: Any,
    now: datetime,
) -> dict[str, Any]:
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the file is empty")
    problem = header_problem(raw)
    if problem is not None:
        # What the service does with it: a failed row, before any parsing.
        raise ValueError(f"{problem}; the service records such a message as failed")
    mail = read_message(raw)
    if not any(mail.has_header(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
        raise ValueError("not an e-mail message (no From, To, Subject, Date or Message-ID)")
    if not know_identity:
        # Without a config the user is whoever the invitation is addressed to.
        to = next(iter(mail.address_pairs("To")), None)
        if to is not None:
            identity = Identity(to[0], to[1] or identity.email)
    verdict = classify(mail, identity=identity if know_identity else None)
    result: dict[str, Any] = {
        "file": str(path),
        "invitation": verdict.is_invitation,
        "category": verdict.category.value,
        "score": verdict.score,
        "reasons": list(verdict.reasons),
        "guard": None,
        "would_draft": False,
        "draft": None,
    }
    if not verdict.is_invitation:
        return result
    facts = extract(mail)
    headers = mail.head
    decision = guard(headers, identity=identity, human_hint=facts.calendar_organizer)
    pretend = (not know_identity and decision.rule in _IDENTITY_RULES) or (
        as_recipient and decision.rule == "not-addressed-to-user"
    )
    if not decision.allowed and pretend:
        # Without a config we do not know who the user is; with --as-recipient the
        # user asked to see it as theirs: pretend it was addressed to them.
        addressed = Identity(identity.name, (facts.from_addr and _first_to(mail)) or identity.email)
        decision = guard(headers, identity=addressed, human_hint=facts.calendar_organizer)
        result["as_recipient"] = know_identity
    if not decision.allowed:
        result["guard"] = decision.rule
        result["guard_note"] = decision.note
        if decision.rule == "not-addressed-to-user":
            result["hint"] = (
                f"the message is not addressed to {identity.email} (nor to an alias), so "
                "the service would write no draft for it; `polite-decline preview "
                "--as-recipient FILE` shows the draft as if it were addressed to you"
            )
        return result
    draft = compose_decline(
        facts,
        guard=decision,
        identity=identity,
        settings=settings,
        templates=templates,
        now=now,
        message_id=make_message_id(identity.domain, "preview"),
    )
    result["would_draft"] = True
    result["draft"] = {
        "to": draft.to,
        "subject": draft.subject,
        "body": draft.body,
        "language": draft.language,
    }
    result["note"] = decision.note
    notes = list(draft.notes)
    if not know_identity:
        notes.append("no config: signed with the name the invitation addressed, not yours")
    result["notes"] = notes
    return result


def _first_to(mail: Any) -> str:
    for addr in (*mail.to, *mail.cc):
        if addr:
            return str(addr)
    return "you@example.org"


def preview_files(
    paths: list[str],
    /,
    *,
    identity: Identity | None,
    settings: DeclineSettings | None,
    templates_dir: str | None,
    as_json: bool,
    out: TextIO,
    as_recipient: bool = False,
) -> int:
    know = identity is not None
    ident = identity or Identity("", "you@example.org")
    templates = load_templates(templates_dir or None)
    now = datetime.now(UTC)
    status = 0
    for name in paths:
        path = Path(name)
        try:
            result = _one(
                path,
                identity=ident,
                know_identity=know,
                as_recipient=as_recipient,
                settings=settings or DeclineSettings(),
                templates=templates,
                now=now,
            )
        except (OSError, ValueError) as exc:
            status = 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            result = {"file": name, "error": reason}
        except Exception as exc:  # one hostile file must not stop the others
            status = 1
            reason = " ".join(str(exc).split())[:300]
            result = {"file": name, "error": f"{type(exc).__name__}: {reason}".rstrip(": ")}
        if as_json:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            _human(result, out)
    return status


#: Reasons shown per message: the fired rules with the largest contributions.
SHOWN_REASONS = 5


def _human(result: dict[str, Any], out: TextIO) -> None:
    print(f"== {result['file']}", file=out)
    if "error" in result:
        print(f"  error: {result['error']}", file=out)
        return
    print(
        f"  verdict: {result['category']} (invitation probability {result['score']:.2f})",
        file=out,
    )
    # The rules that counted most for the verdict, largest first (all of them: --json).
    reasons = result["reasons"]
    for reason in reasons[:SHOWN_REASONS]:
        print(f"    - {reason}", file=out)
    if len(reasons) > SHOWN_REASONS:
        print(f"    (and {len(reasons) - SHOWN_REASONS} more: --json lists them)", file=out)
    if result["guard"]:
        note = f" ({result['guard_note']})" if result.get("guard_note") else ""
        print(f"  no draft: rule {result['guard']}{note}", file=out)
        if result.get("hint"):
            print(f"  hint: {result['hint']}", file=out)
    elif result["draft"]:
        if result.get("as_recipient"):
            print("  (previewed as if addressed to you: --as-recipient)", file=out)
        draft = result["draft"]
        print(f"  draft to {draft['to']}", file=out)
        if result.get("note"):
            print(f"  note: {result['note']}", file=out)
        for note in result.get("notes", []):
            print(f"  note: {note}", file=out)
        print(f"  Subject: {draft['subject']}\n", file=out)
        print("    " + draft["body"].rstrip().replace("\n", "\n    "), file=out)
    print(file=out)
