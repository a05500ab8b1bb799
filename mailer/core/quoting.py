"""The newest part of a message's text: quoted replies cut, forwards kept.

A reply carries the mail it answers below an introduction ("On ... wrote:", "Am ...
schrieb", an Outlook header block, "-----Original Message-----") or as ``>``
lines. What the sender wrote anew is what is read for a verdict
(:attr:`mailer.core.message.Mail.newest_text`) and what a sent decline is compared
by (:mod:`mailer.core.match`). Pure functions of text.
"""

from __future__ import annotations

import re

__all__ = ["is_forward_subject", "strip_quoted"]

# The line that introduces a quoted reply, in the four languages and the common
# clients' shapes. A forward keeps its content (see ``strip_quoted``).
_REPLY_INTRO = re.compile(
    r"""^\s*(?:
        (?:On|Le|El|Am|Op)\b.{0,200}?\b(?:wrote|a\ écrit|escribió|schrieb|schreef)\s*:?\s*$
      | .{0,200}\b(?:wrote|a\ écrit|escribió|schrieb)\s*:\s*$
      | (?:Am|Le|El|Op)\b.{0,200}?\b(?:schrieb|a\ écrit|escribió|schreef)\b.{0,200}:\s*$
      | -{2,}\s*(?:Original\ Message|Ursprüngliche\ Nachricht|Message\ d'origine
                 |Mensaje\ original|Originalnachricht)\s*-{2,}
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FORWARD_INTRO = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:Forwarded\ message|Forwarded\ Message|Weitergeleitete\ Nachricht
                 |Message\ transféré|Mensaje\ reenviado)\s*-{2,}
      | Begin\ forwarded\ message:
      | Anfang\ der\ weitergeleiteten\ Nachricht:
      | Début\ du\ message\ réexpédié\ :?
      | Inicio\ del\ mensaje\ reenviado:
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Outlook puts a header block, not an "On ... wrote:" line, above the quote.
_HEADER_BLOCK_LINE = re.compile(
    r"^\s*\*?(?:From|Von|De|Sent|Gesendet|Envoyé|Enviado|Date|Datum|Fecha|To|An|À|A|Para"
    r"|Cc|Subject|Betreff|Objet|Asunto)\s?\*?\s?:",
    re.IGNORECASE,
)
_HEADER_BLOCK_FROM = re.compile(r"^\s*\*?(?:From|Von|De)\s?\*?\s?:\s*\S", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^\s*-{2,}\s*[^-]{3,40}?\s*-{2,}\s*$")
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_WRAPPED_INTRO = re.compile(r"^\s*(?:On|Le|El|Am)\s.{0,200}$")
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv|enc|fw)\s*:", re.IGNORECASE)


def _header_block_at(lines: list[str], i: int) -> int:
    """Length of an Outlook-style header block starting at ``lines[i]``, or 0."""
    if not _HEADER_BLOCK_FROM.match(lines[i]):
        return 0
    j = i + 1
    while j < len(lines) and j < i + 8 and _HEADER_BLOCK_LINE.match(lines[j]):
        j += 1
    return j - i if j - i >= 2 else 0


def _quote_follows(lines: list[str], start: int) -> bool:
    """Whether the first non-empty line from ``start`` on is ``>``-quoted."""
    for line in lines[start : start + 4]:
        if line.strip():
            return line.lstrip().startswith(">")
    return False


def strip_quoted(text: str, /, *, forwarded: bool = False, keep_forwarded: bool = True) -> str:
    """The newest, unquoted part of a message body: the package's one quote stripper.

    Drops ``>``-quoted lines (RFC 3676 4.5) and the reply introduction above them
    ("On ... wrote:"); text below such a quote is kept (bottom posting). Everything
    below an introduction of an unquoted original ("-----Original Message-----",
    an Outlook header block, "On ... wrote:" followed by plain text) is dropped.

    A forward is kept by default: its introduction and header block are removed and
    its content stays, because a forwarded invitation must remain judgeable. With
    ``forwarded=True`` (the subject says Fwd/WG/TR/RV) the first Outlook header
    block is read as a forward too. With ``keep_forwarded=False`` a forward ends the
    text like any other original: what is left is the writer's own words (used to
    compare a sent decline with its draft).
    """
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    forward_pending = forwarded and keep_forwarded
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">"):
            i += 1
            continue
        # Every introduction below contains a colon or a dash run: most lines skip the
        # regexes (they backtrack over long lines).
        if (
            i + 1 < len(lines)
            and _WRAPPED_INTRO.match(line)
            # "Le mien" above "Le 3 nov. 2026, Jane a écrit :" is text, not half of it.
            and not _WRAPPED_INTRO.match(lines[i + 1])
            and _REPLY_INTRO.match(line + " " + lines[i + 1].strip())
        ):
            if _quote_follows(lines, i + 2):
                i += 2  # the quote is dropped line by line; what follows it stays
                continue
            break
        if ":" not in line and "--" not in line and "__" not in line:
            out.append(line)
            i += 1
            continue
        if _FORWARD_INTRO.match(line):
            if not keep_forwarded:
                break
            i += 1
            while i < len(lines) and (_HEADER_BLOCK_LINE.match(lines[i]) or not lines[i].strip()):
                i += 1
            forward_pending = False
            continue
        if _OUTLOOK_RULE.match(line):
            i += 1
            continue
        block = _header_block_at(lines, i)
        if block:
            if forward_pending:
                forward_pending = False
                i += block
                continue
            break
        if _REPLY_INTRO.match(line):
            if forward_pending and _ORIGINAL_MESSAGE.match(line):
                # Outlook forwards with the same separator as replies: keep the content.
                forward_pending = False
                i += 1
                while i < len(lines) and (
                    _HEADER_BLOCK_LINE.match(lines[i]) or not lines[i].strip()
                ):
                    i += 1
                continue
            if _quote_follows(lines, i + 1):
                i += 1
                continue
            break
        # "On Mon, 3 Mar 2025 at 10:00, Jane Doe <jane@x>" wrapped onto two lines.
        out.append(line)
        i += 1
    return "\n".join(out).strip()


def is_forward_subject(subject: str, /) -> bool:
    """Whether ``subject`` marks a forward (Fwd:, WG:, TR:, RV:, ENC:, FW:)."""
    return _FORWARD_SUBJECT.match(subject) is not None
