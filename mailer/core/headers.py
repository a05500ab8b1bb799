"""Making inbound text safe for outbound headers.

Nothing read from an inbound message reaches a header we write without passing
through this module. The threat is header injection: an encoded word such as
``=?UTF-8?Q?Hi=0ABcc:_x@evil?=`` decodes to a value with a newline in it, and
CPython 3.11.7 / 3.12.1 (CVE-2024-6923) then folds it into a reply as an extra
``Bcc:`` header. So every value is cleaned (control characters, line and paragraph
separators, bidi overrides), collapsed to one line and capped in length, and
Message-IDs must match a strict pattern before they are used anywhere.
"""

from __future__ import annotations

import email.errors
import email.header
import email.message
import email.utils
import functools
import inspect
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from email_validator import EmailNotValidError, validate_email

from mailer.errors import MessageError

__all__ = [
    "FREEMAIL_DOMAINS",
    "MAX_ADDRESS",
    "MAX_COMMENT_DEPTH",
    "MAX_MESSAGE_ID",
    "MAX_NAME",
    "MAX_REFERENCES",
    "MAX_SUBJECT",
    "address_domain",
    "address_for_sending",
    "address_values",
    "clean_address",
    "clean_header_text",
    "clean_message_id",
    "clean_references",
    "decode_header_text",
    "display_name",
    "header_addresses",
    "header_texts",
    "is_freemail",
    "make_message_id",
    "organisation_label",
    "parse_address",
    "parse_addresses",
    "registered_domain",
    "reply_subject",
    "same_organisation",
    "thread_references",
]

# Caps on lengths. RFC 5322 2.1.1 limits a line to 998 characters; these are far
# below that so that a folded header never comes close, and long enough for any
# honest value.
MAX_SUBJECT = 250
MAX_NAME = 100
MAX_ADDRESS = 254  # RFC 5321 4.5.3.1.3: a path is at most 256 octets with brackets
MAX_MESSAGE_ID = 250
# How many Message-IDs a References header keeps: the first (the thread's root)
# and the newest ones. RFC 5322 3.6.4 sets no limit; long chains only cost bytes,
# and mail clients thread on the root and the parent.
MAX_REFERENCES = 12

# Format characters that reorder or hide text (bidi embeddings, overrides and
# isolates, the BOM). They let a display name look like a different address.
_BIDI_AND_BOM = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


def _is_unsafe_char(ch: str) -> bool:
    # Cc: C0/C1 controls incl. CR, LF, NUL, U+0085 (NEL); Zl/Zp: U+2028, U+2029;
    # Cs: lone surrogates (from surrogateescape) that cannot be encoded at all.
    return unicodedata.category(ch) in {"Cc", "Zl", "Zp", "Cs"} or ch in _BIDI_AND_BOM


def clean_header_text(value: str, /, *, limit: int = MAX_SUBJECT) -> str:
    """Return ``value`` as one safe line of at most ``limit`` characters.

    Control characters (CR, LF, NUL, TAB, U+0085 and the rest of C0/C1), U+2028,
    U+2029, bidi controls and lone surrogates become spaces; runs of whitespace
    collapse to one space; the result is stripped and cut at ``limit``.
    """
    chars = [" " if (_is_unsafe_char(ch) or ch.isspace()) else ch for ch in value]
    text = " ".join("".join(chars).split())
    if len(text) > limit:
        text = text[:limit].rstrip()
    return text


# RFC 5322 3.6.4 msg-id = "<" id-left "@" id-right ">", with dot-atom-text on both
# sides (no-fold-literal on the right is allowed too). We accept atext and dots but
# never quotes, backslashes, spaces or controls: the value is also used in IMAP
# SEARCH commands, where a quote or CR/LF would change the command.
_ID_ATOM = r"[A-Za-z0-9!#$%&*+\-/=?^_`{|}~.]+"
_ID_RIGHT = rf"(?:{_ID_ATOM}|\[[A-Za-z0-9!#$%&*+\-/=?^_`{{|}}~.:]+\])"
_MESSAGE_ID = re.compile(rf"<{_ID_ATOM}@{_ID_RIGHT}>", re.ASCII)
_ID_TOKEN = re.compile(r"<[^<>]*>|[^\s<>]+@[^\s<>]+")


def clean_message_id(value: str | None, /) -> str | None:
    """Return the Message-ID in ``<left@right>`` form, or None if it is not safe.

    Surrounding whitespace and missing angle brackets are tolerated (both occur in
    real mail); anything else outside the strict pattern gives None.
    """
    if value is None:
        return None
    text = value.strip()
    if not text.startswith("<"):
        text = f"<{text}>"
    if len(text) > MAX_MESSAGE_ID or not _MESSAGE_ID.fullmatch(text):
        return None
    return text


def clean_references(values: Iterable[str | None], /) -> tuple[str, ...]:
    """Every safe Message-ID found in ``values``, in order, each once.

    Each value may be a whole References or In-Reply-To header (several ids,
    folded, with comments); ids that fail :func:`clean_message_id` are dropped.
    """
    seen: dict[str, None] = {}
    for value in values:
        if not value:
            continue
        for token in _ID_TOKEN.findall(value):
            mid = clean_message_id(token)
            if mid is not None and mid not in seen:
                seen[mid] = None
    return tuple(seen)


def thread_references(
    parent_references: Iterable[str],
    parent_message_id: str | None,
    /,
    *,
    parent_in_reply_to: str | None = None,
    limit: int = MAX_REFERENCES,
) -> tuple[str, ...]:
    """The References of a reply, per RFC 5322 3.6.4.

    The parent's References (or, lacking those, its In-Reply-To), then the parent's
    Message-ID. A chain longer than ``limit`` keeps its first id (the thread root)
    and the newest ``limit - 1``.
    """
    chain = list(clean_references(parent_references))
    if not chain and parent_in_reply_to:
        chain = list(clean_references([parent_in_reply_to]))
    parent = clean_message_id(parent_message_id)
    if parent is not None:
        if parent in chain:
            chain.remove(parent)
        chain.append(parent)
    if len(chain) > limit:
        chain = [chain[0], *chain[len(chain) - (limit - 1) :]] if limit > 1 else chain[-1:]
    return tuple(chain)


# Reply and forward markers as mail clients write them in several languages:
# Re/RE, Aw (Antwort), Antw, SV (svar), VS (vastaus), Odp, R and RIF (Italian),
# RES and RE (Portuguese), Réf (French), and forwards Fwd/Fw, WG (Weitergeleitet),
# TR (transféré), RV (reenviado), ENC (encaminhado), VB (vidarebefordrat).
# Counters such as "Re[2]:" or "Re(3):" and a full-width colon occur too.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|antwort|sv|vs|odp|r|rif|res|r[ée]f|fwd?|wg|tr|rv|enc|vb)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*\.?\s*[:：]\s*)+",
    re.IGNORECASE,
)


def reply_subject(subject: str | None, /) -> str:
    """``Re: `` and the subject, with exactly one reply prefix.

    Leading reply and forward markers in any of the common languages are removed
    first: the thread is kept by References, and one plain ``Re:`` reads best.
    """
    text = clean_header_text(subject or "", limit=MAX_SUBJECT)
    text = _PREFIX.sub("", text).strip()
    return f"Re: {text}" if text else "Re:"


_DOMAIN = re.compile(
    r"(?=.{1,253}\Z)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?",
    re.ASCII,
)
_TOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9!#$%&*+\-/=?^_`{|}~.]", re.ASCII)


def make_message_id(domain: str, token: str, /) -> str:
    """A Message-ID ``<token@domain>`` for a message we write.

    ``token`` must be unique (the caller derives it from a random value or a stable
    key); characters outside atext are replaced. Raises :class:`MessageError` when
    the domain is not a hostname.
    """
    host = domain.strip().rstrip(".").lower()
    if not _DOMAIN.fullmatch(host):
        raise MessageError(f"not a domain for a Message-ID: {domain!r}")
    left = _TOKEN_UNSAFE.sub("-", token).strip(".") or "x"
    mid = clean_message_id(f"<{left[:120]}@{host}>")
    if mid is None:
        raise MessageError(f"cannot make a Message-ID from {token!r} and {domain!r}")
    return mid


# --- addresses -------------------------------------------------------------------

# A deliberately plain addr-spec: dot-atom local part (quoted local parts are legal
# but never needed to answer a recruiter, and they are where parsers disagree) and
# a hostname or IDN domain. Used only to decide what we are willing to write.
_ADDR = re.compile(
    r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*"
    r"@[^\s@<>()\[\]\\,;:\"]+\.[^\s@<>()\[\]\\,;:\".]+"
)

# getaddresses(strict=True) exists from CPython 3.13 and in security releases of
# 3.11/3.12 (CVE-2023-27043); where it does not, we apply equivalent checks.
_HAS_STRICT = "strict" in inspect.signature(email.utils.getaddresses).parameters


def clean_address(value: str | None, /) -> str | None:
    """The bare address in ``value`` with a lower-cased domain, or None if unsafe."""
    if not value:
        return None
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if len(text) > MAX_ADDRESS or any(_is_unsafe_char(ch) for ch in text):
        return None
    local, at, domain = text.rpartition("@")
    if not at or not _ADDR.fullmatch(text):
        return None
    return f"{local}@{domain.lower()}"


def address_for_sending(address: str, /) -> str:
    """``address`` as we write it into a header and give it to SMTP.

    Checked with email-validator (RFC 5321 and 5322 syntax, IDNA 2008 for the
    domain; no DNS lookup, which would block): an address a server would refuse
    raises :class:`MessageError` with the reason. An internationalised domain
    becomes its A-labels (``priya@xn--nrthwind-n4a.example``): RFC 2047 5 forbids
    encoded words inside an address, and every server takes ASCII. A local part
    that is not ASCII has no ASCII form at all (RFC 6531 needs SMTPUTF8 end to end,
    which a draft cannot promise): refused with a reason.
    """
    try:
        checked = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise MessageError(f"cannot write to {address!r}: {exc}") from None
    if checked.ascii_email is None:
        raise MessageError(
            f"cannot write to {address!r}: its local part is not ASCII and needs SMTPUTF8 "
            "(RFC 6531) all the way to the recipient"
        )
    local, _, domain = checked.ascii_email.rpartition("@")
    return f"{local}@{domain.lower()}"


def display_name(name: str, /) -> str:
    """``name`` as a display name we are willing to show, or ``""``.

    A name holding ``@`` or angle brackets reads as an address: with
    ``"Priya <evil@attacker.example>" <priya@corp.example>``, or a comment such as
    ``priya@corp.example (evil@attacker.example)``, a draft would look addressed
    to someone else. Such names are dropped; the address stays.
    """
    if "@" in name or "<" in name or ">" in name or "\uff20" in name:
        return ""
    return name


def address_domain(address: str, /) -> str:
    """The lower-cased domain of an address (empty if there is none)."""
    return address.rpartition("@")[2].lower()


def _top_level_items(value: str) -> int:
    """How many non-empty comma-separated items ``value`` has outside quotes,
    comments and angle brackets, or -1 when those are unbalanced."""
    depth_paren = 0
    in_quote = False
    in_angle = False
    escaped = False
    items = 0
    current = False
    for ch in value:
        if escaped:
            escaped = False
            current = True
            continue
        if ch == "\\" and (in_quote or depth_paren):
            escaped = True
            continue
        if in_quote:
            in_quote = ch != '"'
            current = True
            continue
        if ch == '"':
            in_quote = True
        elif ch == "(":
            depth_paren += 1
        elif ch == ")":
            depth_paren -= 1
            if depth_paren < 0:
                return -1
        elif depth_paren:
            continue
        elif ch == "<":
            if in_angle:
                return -1
            in_angle = True
        elif ch == ">":
            if not in_angle:
                return -1
            in_angle = False
        elif ch == "," and not in_angle:
            items += current
            current = False
            continue
        if not ch.isspace():
            current = True
    if in_quote or in_angle or depth_paren:
        return -1
    return items + current


#: Comments nested deeper than this make an address field unreadable to us: the
#: email package reads nested comments recursively (a RecursionError at about 1,000
#: levels) and no mail client writes more than one or two.
MAX_COMMENT_DEPTH = 8


def _too_deep(value: str) -> bool:
    """Whether comments in ``value`` nest deeper than :data:`MAX_COMMENT_DEPTH` (linear)."""
    depth = 0
    in_quote = False
    escaped = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_quote:
            in_quote = ch != '"'
        elif ch == '"' and not depth:
            in_quote = True
        elif ch == "(":
            depth += 1
            if depth > MAX_COMMENT_DEPTH:
                return True
        elif ch == ")" and depth:
            depth -= 1
    return False


def _getaddresses_strict(value: str) -> list[tuple[str, str]]:
    if _too_deep(value):
        return []
    if _HAS_STRICT:
        pairs: list[tuple[str, str]] = email.utils.getaddresses([value], strict=True)  # type: ignore[call-arg,unused-ignore]
        return [] if pairs == [("", "")] else pairs
    # The lax parser can return a different address than a person reads, e.g.
    # "alice@example.org)<bob@example.org>" (CVE-2023-27043). Refuse the field
    # when its brackets are unbalanced or the parser found a different number of
    # addresses than the field has items.
    expected = _top_level_items(value)
    if expected < 0:
        return []
    pairs = email.utils.getaddresses([value])
    if len(pairs) != expected:
        return []
    return pairs


def parse_addresses(values: Iterable[str | None], /) -> tuple[tuple[str, str], ...]:
    """``(display name, address)`` pairs from address header values.

    Each value is parsed strictly; a value that does not parse cleanly contributes
    nothing rather than a guess. Names are cleaned with :func:`clean_header_text`,
    addresses with :func:`clean_address`; pairs without a safe address are dropped.
    """
    out: list[tuple[str, str]] = []
    for value in values:
        if not value:
            continue
        # Controls inside the raw value would only confuse the parser: clean first.
        text = clean_header_text(value, limit=4000)
        try:
            pairs = _getaddresses_strict(text)
        except (RecursionError, ValueError, IndexError, TypeError):
            continue  # the email package gave up on it: nothing we could trust
        for name, addr in pairs:
            clean = clean_address(addr)
            if clean is not None:
                out.append((display_name(clean_header_text(name, limit=MAX_NAME)), clean))
    return tuple(out)


def parse_address(value: str | None, /) -> tuple[str, str] | None:
    """The first ``(display name, address)`` pair in ``value``, or None."""
    pairs = parse_addresses([value])
    return pairs[0] if pairs else None


# --- organisations: the Public Suffix List -------------------------------------------

# Free mail providers: their users are private persons, not an organisation, so two
# addresses there are two parties and their domain names no company. One set for the
# whole package (registered domains, as the Public Suffix List gives them).
FREEMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "fastmail.com",
        "fastmail.fm",
        "free.fr",
        "freenet.de",
        "gmail.com",
        "gmx.at",
        "gmx.ch",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "hotmail.de",
        "hotmail.es",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.co.uk",
        "live.com",
        "live.de",
        "live.fr",
        "mac.com",
        "mail.com",
        "mail.de",
        "mail.ru",
        "me.com",
        "msn.com",
        "orange.fr",
        "outlook.com",
        "outlook.de",
        "outlook.es",
        "outlook.fr",
        "pm.me",
        "posteo.de",
        "posteo.net",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "t-online.de",
        "tutanota.com",
        "wanadoo.fr",
        "web.de",
        "yahoo.co.uk",
        "yahoo.com",
        "yahoo.de",
        "yahoo.es",
        "yahoo.fr",
        "yandex.com",
        "yandex.ru",
        "ymail.com",
        "zoho.com",
    }
)


@functools.cache
def _public_suffixes() -> Any:
    # Loaded on first use: about 4 MB, and only mail that is judged needs it.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _ascii_domain(domain: str) -> str:
    host = domain.strip().rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def registered_domain(address_or_domain: str, /) -> str:
    """The domain an organisation registered (the Public Suffix List's "private
    suffix"): ``jobs.acme.co.uk`` gives ``acme.co.uk``, ``acme.github.io`` itself.

    IDN domains are compared in their ASCII form; a bare public suffix or a name the
    list cannot place gives the domain as it is.
    """
    domain = _ascii_domain(address_or_domain.rpartition("@")[2])
    found = _public_suffixes().privatesuffix(domain)
    return str(found) if found else domain


def is_freemail(address_or_domain: str, /) -> bool:
    """Whether the address or domain belongs to a free mail provider."""
    return registered_domain(address_or_domain) in FREEMAIL_DOMAINS


def organisation_label(address: str, /) -> str | None:
    """The name-like label of the organisation behind ``address``: ``acme`` for
    ``jane@jobs.acme.co.uk``; None for free mail and names the list cannot place."""
    registered = registered_domain(address)
    if "." not in registered or registered in FREEMAIL_DOMAINS:
        return None
    return registered.split(".", 1)[0]


def same_organisation(a: str, b: str, /) -> bool:
    """Whether two addresses belong to one organisation: the same registered domain
    by the Public Suffix List, and not a free mail provider (two Gmail users are
    two parties). ``acme.github.io`` and ``evil.github.io``, two ``*.nhs.uk`` trusts
    or two ``*.myshopify.com`` shops are different organisations."""
    if a.lower() == b.lower():
        return True
    domain = registered_domain(a)
    return domain == registered_domain(b) and domain not in FREEMAIL_DOMAINS


# --- reading inbound headers -------------------------------------------------------


def _unescape_8bit(value: str) -> str:
    # Parsers keep undeclared 8-bit header bytes as lone surrogates
    # (surrogateescape). Modern mail sends UTF-8 headers (RFC 6532); read them so,
    # and replace what is not UTF-8 rather than fail.
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


_EW = r"=\?[^?\s]+\?[QqBb]\?[^?\s]*\?="
_EW_RUN = re.compile(rf"{_EW}(?:\s+{_EW})*")
_QUOTED_OR_EW = re.compile(rf'"(?:[^"\\]|\\.)*"|{_EW}(?:\s+{_EW})*')


def _decode_run(match: re.Match[str]) -> str:
    # RFC 2047 6.2: whitespace between adjacent encoded words is not text;
    # decode_header drops it when given the whole run.
    run = match.group(0)
    try:
        parts = email.header.decode_header(run)
        return "".join(
            chunk.decode(charset or "ascii", "replace") if isinstance(chunk, bytes) else chunk
            for chunk, charset in parts
        )
    except (LookupError, ValueError, email.errors.HeaderParseError):
        # An unknown charset or a broken word: keep the raw text, which is still
        # readable and gets cleaned like everything else.
        return run


def decode_header_text(value: str, /) -> str:
    """Decode RFC 2047 encoded words and 8-bit bytes in a raw header value.

    The result may contain anything, newlines included: pass it through
    :func:`clean_header_text` before it goes anywhere near a header.
    """
    text = _unescape_8bit(str(value))
    if "=?" not in text:
        return text
    return _EW_RUN.sub(_decode_run, text)


def _raw_values(msg: email.message.Message, name: str) -> list[str]:
    # raw_items() gives the values as received. Going through the policy instead
    # (msg[name]) raises ValueError on an encoded CR/LF in an address header under
    # email.policy.default, and we want to read such mail, not crash on it.
    lname = name.lower()
    return [str(v) for k, v in msg.raw_items() if k.lower() == lname]


def header_texts(
    msg: email.message.Message, name: str, /, *, limit: int = MAX_SUBJECT
) -> tuple[str, ...]:
    """Every value of header ``name``, decoded and cleaned to one safe line."""
    return tuple(
        clean_header_text(decode_header_text(v), limit=limit) for v in _raw_values(msg, name)
    )


def _quote_encoded_words(value: str) -> str:
    # An encoded word may hide address syntax: "=?utf-8?q?a=2C_b?=" is a comma and
    # "=?utf-8?q?x=0ABcc:_y?=" a newline and a colon (a group, to the parser).
    # Replace each run of encoded words outside quoted strings by a quoted string
    # of its cleaned decoded text, so the address parser sees one harmless phrase.
    def repl(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith('"'):
            return text
        decoded = clean_header_text(decode_header_text(text), limit=MAX_NAME)
        return '"' + decoded.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return _QUOTED_OR_EW.sub(repl, value)


def address_values(values: Iterable[str], /) -> tuple[tuple[str, str], ...]:
    """``(display name, address)`` pairs from address header values as received
    (encoded words and 8-bit bytes still in them): the one address parser.

    Each value is parsed strictly (:func:`parse_addresses`, CVE-2023-27043), and only
    then are the display names decoded, so that an encoded comma or bracket in a
    name cannot split or forge an address; names that look like addresses are
    dropped (:func:`display_name`).
    """
    out: list[tuple[str, str]] = []
    for raw in values:
        for dname, addr in parse_addresses([_quote_encoded_words(_unescape_8bit(raw))]):
            name = clean_header_text(decode_header_text(dname), limit=MAX_NAME)
            out.append((display_name(name), addr))
    return tuple(out)


def header_addresses(msg: email.message.Message, /, *names: str) -> tuple[tuple[str, str], ...]:
    """``(display name, address)`` pairs from the named address headers
    (:func:`address_values` on each)."""
    return tuple(pair for name in names for pair in address_values(_raw_values(msg, name)))
