"""Reading one e-mail as it comes, without ever raising.

Inbound mail is hostile input: malformed MIME, 8-bit headers, charsets nobody has
heard of, calendar parts that do not parse, attachments of many megabytes and HTML
built to exhaust a parser. :func:`read_message` turns any bytes into a :class:`Mail`
and bounds the work it does:

* the MIME structure is found by :mod:`mailer.core.mime` without reading the
  bodies of attachments; header blocks are parsed with the fast ``compat32`` policy,
  and every header value is bounded as it is read (:data:`MAX_HEADER_CHARS`; Content-Type and
  Content-Disposition are rewritten to at most :data:`MAX_PARAMETERS` short
  parameters), so that the email package's parameter parser, quadratic in the
  number of ``;``, only ever sees short values; each header is decoded only when
  asked for, as unstructured text (RFC 2047 encoded words) and never through the
  structured parsers of ``email.policy.default``, which are quadratic on
  parameters and recursive on nested comments;
* only ``text/plain``, ``text/html`` and ``text/calendar`` parts are decoded, each
  capped (:data:`MAX_PART_BYTES`) before the transfer decoding, and the text kept
  from all parts together is capped (:data:`MAX_TEXT_CHARS`);
* the body is parsed lazily: a caller that only reads headers never pays for it.

:func:`read_headers` parses the header block alone, for a daemon that fetches
headers first (``BODY.PEEK[HEADER]``) and the body only for candidates (and hands
that parse to :func:`read_message` with the body, so the block is not parsed twice),
and
:func:`header_problem` says, in one linear pass over the bytes, whether a header
block is too large to be read at all (:data:`MAX_HEADER_BYTES`,
:data:`MAX_FIELD_BYTES`, :data:`MAX_HEADER_FIELDS`).
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.policy
import email.utils
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import Message
from email.parser import BytesHeaderParser, HeaderParser
from html import unescape
from html.parser import HTMLParser
from typing import Any

from mailer.core import mime
from mailer.core.headers import address_values
from mailer.core.quoting import is_forward_subject, strip_quoted

__all__ = [
    "MAX_FIELD_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_HEADER_CHARS",
    "MAX_HEADER_FIELDS",
    "MAX_PARAMETERS",
    "MAX_PART_BYTES",
    "MAX_TEXT_CHARS",
    "Calendar",
    "Mail",
    "header_problem",
    "html_to_text",
    "read_headers",
    "read_message",
]

#: Encoded bytes of one text part that are decoded at most (about 256 KiB).
MAX_PART_BYTES = 256 * 1024
#: Characters of text kept from all parts of a message together.
MAX_TEXT_CHARS = 64 * 1024
#: MIME parts looked at, at most: a message with thousands of parts is not a letter.
MAX_PARTS = mime.MAX_PARTS
#: Bytes of a message given to the MIME parser: text parts come first in real mail;
#: what lies beyond is attachments, and a truncated MIME tree still parses.
MAX_PARSE_BYTES = 4 * 1024 * 1024
#: Bytes of the header block read at most; a larger one makes the message poison
#: (:func:`header_problem`). Real header blocks, DKIM, ARC and long Received chains
#: included, stay well below 64 KiB.
MAX_HEADER_BYTES = 256 * 1024
#: Bytes of one header field (name, value and folding) at most. The longest honest
#: fields (Microsoft's anti-spam reports, References of long threads) are a few KiB.
MAX_FIELD_BYTES = 64 * 1024
#: Header fields in one header block at most (real mail has 20 to 200).
MAX_HEADER_FIELDS = 1000
#: Characters of one header value that are parsed and decoded at most.
MAX_HEADER_CHARS = 4096
#: Parameters of a Content-Type or Content-Disposition kept (RFC 2045 5.1), and the
#: characters of the rewritten value and of each parameter.
MAX_PARAMETERS = 16
MAX_PARAMETER_VALUE_CHARS = 1024
_MAX_PARAMETER_CHARS = 256
#: HTML characters given to the HTML parser at most.
MAX_HTML_CHARS = 256 * 1024


def _decode_8bit(raw: str) -> str:
    """Header text that arrived as 8-bit bytes: UTF-8 (RFC 6532), else windows-1252."""
    data = raw.encode("ascii", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# A token of a parameterised header value: a quoted string (RFC 5322 3.2.4, possibly
# left open), a separator, or a run of anything else. Each branch consumes what the
# others cannot, so scanning is linear whatever the input.
_PARAMETER_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|;|[^";]+', re.DOTALL)
_PARAMETERISED = frozenset({"content-type", "content-disposition"})


def _bounded_parameters(value: str) -> str:
    """A Content-Type or Content-Disposition value the email package parses quickly.

    Its parameter parser (compat32's ``_parseparam``) re-counts the quotes before
    every ``;`` and copies the rest of the value at each one: a value of 100,000
    semicolons, or of one open quote followed by them, costs minutes. The value is
    rewritten here in one pass: empty parameters dropped, at most
    :data:`MAX_PARAMETERS` kept, each cut to a short length, whitespace collapsed.
    """
    segments: list[str] = []
    current: list[str] = []
    for match in _PARAMETER_TOKEN.finditer(value):
        piece = match.group(0)
        if piece != ";":
            current.append(piece)
            continue
        segment = " ".join("".join(current).split())
        current = []
        if segment or not segments:
            segments.append(segment[:_MAX_PARAMETER_CHARS])
            if len(segments) > MAX_PARAMETERS:
                break
    else:
        segment = " ".join("".join(current).split())
        if segment or not segments:
            segments.append(segment[:_MAX_PARAMETER_CHARS])
    out = segments[0] if segments else ""
    for segment in segments[1 : MAX_PARAMETERS + 1]:
        if len(out) + 2 + len(segment) > MAX_PARAMETER_VALUE_CHARS:
            break
        out += "; " + segment
    return out


class _BoundedCompat32(email.policy.Compat32):
    """``compat32``, with every header value bounded the moment it is parsed.

    The feed parser itself asks for Content-Type (and the boundary) of every part,
    so the bound has to apply while parsing, not after.
    """

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        if name.strip().lower() in _PARAMETERISED:
            return name, _bounded_parameters(value[: MAX_HEADER_CHARS * 4])
        return name, value[:MAX_HEADER_CHARS]


_BOUNDED = _BoundedCompat32()
_HEADERS_ONLY = BytesHeaderParser(policy=_BOUNDED)
_HEADERS_ONLY_TEXT = HeaderParser(policy=_BOUNDED)
_DEFAULT = email.policy.default
# Every header decoded as unstructured text (RFC 2047 encoded words, RFC 5322
# unfolding): linear, and never the structured parsers, which recurse on nested
# comments and are quadratic on parameters.
_UNSTRUCTURED: type[BaseHeader] = HeaderRegistry(
    default_class=UnstructuredHeader, use_default_map=False
)["unstructured"]
_SURROGATE = re.compile("[\udc80-\udcff]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_FIELD_NAME_UNSAFE = re.compile(rb"[^A-Za-z0-9-]")


def _field_name(line: bytes) -> str:
    name = _FIELD_NAME_UNSAFE.sub(b"", line.split(b":", 1)[0][:200])[:60]
    return name.decode("ascii") or "unnamed"


def header_problem(raw: bytes, /) -> str | None:
    """Why the header block of ``raw`` is too large to be read, or None.

    One linear pass over the bytes, before any parsing: a header block over
    :data:`MAX_HEADER_BYTES` (or without its end within them), a field over
    :data:`MAX_FIELD_BYTES`, or more than :data:`MAX_HEADER_FIELDS` fields. The
    reason names the field (reduced to letters, digits and hyphens) and the sizes.
    """
    head = raw[: MAX_HEADER_BYTES + 4]
    ends = [p for p in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if p >= 0]
    if ends:
        head = head[: min(ends)]
    elif len(raw) >= MAX_HEADER_BYTES:
        return f"the header block is larger than {MAX_HEADER_BYTES:,} bytes"
    if len(head) > MAX_HEADER_BYTES:
        return f"the header block is larger than {MAX_HEADER_BYTES:,} bytes"
    fields = 0
    name_line = b""
    size = 0
    largest = (0, b"")
    for line in head.split(b"\n"):
        line = line.rstrip(b"\r")
        if line[:1] in (b" ", b"\t") and fields:
            size += len(line)  # a folded continuation of the same field
            continue
        if size > largest[0]:
            largest = (size, name_line)
        fields += 1
        name_line, size = line, len(line)
    if size > largest[0]:
        largest = (size, name_line)
    if fields > MAX_HEADER_FIELDS:
        return f"the header block has {fields:,} fields, more than {MAX_HEADER_FIELDS:,}"
    if largest[0] > MAX_FIELD_BYTES:
        return (
            f"the {_field_name(largest[1])} header field is {largest[0]:,} bytes, over the "
            f"cap of {MAX_FIELD_BYTES:,}"
        )
    return None


# --------------------------------------------------------------------------- decoding


def _charset_codec(charset: str | None) -> str:
    """A Python codec name for a MIME charset label, or ``utf-8`` when unknown."""
    if not charset:
        return "utf-8"
    label = charset.strip().strip('"').lower()
    # Mail labelled ISO-8859-1 or US-ASCII is in practice often windows-1252
    # (as the WHATWG Encoding Standard maps it); the superset loses nothing.
    if label in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1"}:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return "utf-8"


def _decode_bytes(data: bytes, charset: str | None) -> str:
    codec = _charset_codec(charset)
    if codec in ("cp1252", "utf-8") and not data.isascii():
        # 8-bit text labelled ASCII, Latin-1 or UTF-8, or not labelled at all, is in
        # practice one of UTF-8 and windows-1252. Valid multi-byte UTF-8 is all but
        # impossible in real Latin-1 text, so a strict UTF-8 decode that succeeds is
        # the right reading; otherwise windows-1252, which maps every byte.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        pass
    if codec != "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(codec, errors="replace")
    except (LookupError, ValueError):
        return data.decode("cp1252", errors="replace")


class _AlreadyText(Exception):  # a control-flow signal, not an error
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def _part_text(part: Message, payload: str) -> str:
    """The decoded text of a leaf part (transfer encoding, then charset)."""
    try:
        return _decode_bytes(_part_bytes(part, payload), _charset(part))
    except _AlreadyText as done:
        return done.text


def _part_bytes(part: Message, payload: str, /, *, limit: int = MAX_PART_BYTES) -> bytes:
    """The transfer-decoded bytes of a leaf part, capped at about ``limit``.

    The encoded payload is cut *before* decoding so that a 50 MB base64 body costs
    no more than a small one (RFC 2045 6: base64 and quoted-printable).
    """
    # ``payload`` is the body as the parser keeps it, not get_payload(): for an 8-bit
    # body, get_payload() decodes the original bytes with the declared charset
    # (us-ascii when there is none) and 'replace', which destroys unlabelled UTF-8
    # and Latin-1 text. The raw payload keeps them as surrogate escapes, turned back
    # into bytes below.
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        chunk = payload[: limit * 4 // 3 + 4]
        clean = re.sub(r"[^A-Za-z0-9+/]", "", chunk)
        clean = clean[: len(clean) - len(clean) % 4]
        try:
            return binascii.a2b_base64(clean)
        except (binascii.Error, ValueError):
            return b""
    raw = payload[: limit * 3 if cte == "quoted-printable" else limit]
    try:
        data = raw.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        # compat32 already decoded an 8-bit body with its declared charset.
        raise _AlreadyText(raw) from None
    if cte == "quoted-printable" or _looks_quoted_printable(data):
        try:
            return quopri.decodestring(data)[:limit]
        except (ValueError, binascii.Error):
            return data[:limit]
    return data


_SOFT_BREAK = re.compile(rb"=\r?\n")
_QP_ESCAPE = re.compile(rb"=[0-9A-F]{2}")


def _looks_quoted_printable(data: bytes) -> bool:
    """Quoted-printable sent without its Content-Transfer-Encoding header.

    Some senders (and copies taken out of archives) keep soft line breaks and ``=XX``
    escapes in a body labelled 7bit or 8bit; read as is, "proc=\\need" hides the word
    "proceed" from every rule. Several soft breaks together with escapes are not
    plain text by accident.
    """
    if b"=" not in data:
        return False
    breaks = len(_SOFT_BREAK.findall(data, 0, 20000))
    return breaks >= 3 or (breaks >= 2 and bool(_QP_ESCAPE.search(data, 0, 20000)))


def _ctype(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # a broken Content-Type must not stop reading
        return "text/plain"


def _charset(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:  # malformed parameters
        return None
    if isinstance(value, tuple):  # RFC 2231 encoded parameter
        value = value[2]
    return value if isinstance(value, str) else None


def _is_attachment(part: Message) -> bool:
    try:
        disp = str(part.get("content-disposition", "")).split(";", 1)[0].strip().lower()
    except Exception:
        return False
    return disp == "attachment"


# ----------------------------------------------------------------------------- HTML


_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "tr",
        "li",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "hr",
        "pre",
        "title",
        "dd",
        "dt",
    ]
)
_SKIP_TAGS = frozenset(("script", "style", "head", "template", "noscript"))


class _TextExtractor(HTMLParser):
    """Collects visible text and link targets; bounded by the caller's input cap."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[str] = []
        self.quoted: list[bool] = []
        self._skip = 0
        self._quote = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "blockquote":
            self._quote += 1
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value and len(self.links) < 200:
                    self.links.append(value.strip()[:2048])
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        elif tag == "blockquote" and self._quote:
            self._quote -= 1
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._quote:
            # Mark quoted HTML the way plain text quotes it (RFC 3676 4.5), so the
            # newest-part logic treats both alike.
            data = "\n".join("> " + line for line in data.split("\n"))
        self.chunks.append(data)


_HTML_NOISE = re.compile(
    r"<(style|script|head|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)


def _html_extract(html: str) -> tuple[str, list[str]]:
    parser = _TextExtractor()
    try:
        # Dropping invisible blocks first saves the tokenizer most of its work.
        parser.feed(_HTML_NOISE.sub(" ", html[:MAX_HTML_CHARS]))
        parser.close()
    except Exception:  # noqa: S110 -- html.parser is lenient; keep what was parsed
        pass
    text = "".join(parser.chunks)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), parser.links


def html_to_text(html: str, /) -> str:
    """Visible text of an HTML document (scripts, styles and head dropped)."""
    return _html_extract(html)[0]


# ------------------------------------------------------------------------- calendar


@dataclass(frozen=True, slots=True)
class Calendar:
    """The first VEVENT of a ``text/calendar`` part (RFC 5545, iTIP RFC 5546)."""

    method: str | None
    summary: str
    description: str
    location: str
    organizer: str | None  # bare address, lower-case, without "mailto:"
    organizer_name: str | None
    attendees: tuple[str, ...]  # bare addresses, lower-case
    dtstart: datetime | date | None
    dtstart_text: str | None
    uid: str | None
    sequence: int | None
    tzid: str | None
    status: str | None
    ics: bytes


def _cal_addr(value: Any) -> str | None:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and len(text) <= 254 else None


def _cal_text(value: Any, limit: int = 4000) -> str:
    if value is None:
        return ""
    try:
        return str(value)[:limit]
    except Exception:
        return ""


def _parse_calendar(ics: bytes) -> Calendar | None:
    try:
        import icalendar  # only messages with a calendar part pay for the import

        cal = icalendar.Calendar.from_ical(ics)
    except Exception:  # icalendar raises many types on bad input
        return None
    try:
        method = cal.get("METHOD")
        # A VEVENT directly in the VCALENDAR (RFC 5545 3.4), not one nested in a
        # VTIMEZONE or another component, where a depth-first walk would find it first.
        event = next((c for c in cal.subcomponents if c.name == "VEVENT"), None)
        if event is None:
            return None
        org = event.get("ORGANIZER")
        org_name = None
        if org is not None and hasattr(org, "params"):
            cn = org.params.get("CN")
            org_name = str(cn).strip().strip('"')[:200] if cn else None
        atts = event.get("ATTENDEE")
        if atts is None:
            atts = []
        elif not isinstance(atts, list):
            atts = [atts]
        dt = event.get("DTSTART")
        start: datetime | date | None = None
        tzid: str | None = None
        start_text: str | None = None
        if dt is not None:
            try:
                start = dt.dt
            except Exception:
                start = None
            params = getattr(dt, "params", {})
            tz = params.get("TZID") if params else None
            if tz:
                tzid = str(tz)[:100]
            elif isinstance(start, datetime) and start.tzinfo is not None:
                tzid = str(start.tzinfo)[:100]
            if isinstance(start, datetime | date):
                start_text = start.isoformat()
        seq_raw = event.get("SEQUENCE")
        try:
            seq = int(seq_raw) if seq_raw is not None else None
        except (TypeError, ValueError):
            seq = None
        uid = event.get("UID")
        status = event.get("STATUS")
        return Calendar(
            method=str(method).strip().upper()[:40] if method else None,
            summary=_cal_text(event.get("SUMMARY"), 500),
            description=_cal_text(event.get("DESCRIPTION")),
            location=_cal_text(event.get("LOCATION"), 500),
            organizer=_cal_addr(org) if org is not None else None,
            organizer_name=org_name or None,
            attendees=tuple(a for a in (_cal_addr(x) for x in atts[:100]) if a),
            dtstart=start,
            dtstart_text=start_text,
            uid=str(uid)[:500] if uid else None,
            sequence=seq,
            tzid=tzid,
            status=str(status).upper()[:40] if status else None,
            ics=ics,
        )
    except Exception:  # a broken calendar part fails soft
        return None


# ----------------------------------------------------------------------------- Mail

_HREF = re.compile(r"""href\s*=\s*["']?(https?://[^"'\s>]{3,2000})""", re.IGNORECASE)
_URL = re.compile(r"""https?://[^\s<>"')\]]{3,2000}""", re.IGNORECASE)
_MSGID_TOKEN = re.compile(r"<[^<>\s]{1,998}>")


def _split_headers(raw: bytes) -> bytes:
    """The header block of ``raw``: up to the first empty line (RFC 5322 2.1)."""
    head = raw[:MAX_HEADER_BYTES]
    ends = [p for p in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if p >= 0]
    if not ends:
        return head
    end = min(ends)
    return raw[: end + (4 if raw[end : end + 4] == b"\r\n\r\n" else 2)]


class Mail:
    """One message, read defensively. Accessors never raise.

    Header accessors return decoded ``str`` (RFC 2047 words decoded by
    ``email.policy.default``) or ``""``. Body-derived values (:attr:`text`,
    :attr:`newest_text`, :attr:`links`, :attr:`calendar`) are computed on first use;
    a :class:`Mail` made by :func:`read_headers` has empty ones.
    """

    __slots__ = ("_cache", "_head", "_raw", "_raw_headers", "headers_only")
    _cache: dict[str, Any]
    _head: Message
    _raw: bytes
    _raw_headers: dict[str, list[str]]
    headers_only: bool

    def __init__(
        self, raw: bytes, /, *, headers_only: bool = False, same_headers: Mail | None = None
    ) -> None:
        setter = object.__setattr__
        setter(self, "_raw", raw)
        setter(self, "headers_only", headers_only)
        setter(self, "_cache", {})
        block = _split_headers(raw)
        if same_headers is not None and _split_headers(same_headers.raw) == block:
            # The same header block, read already (both are never modified).
            setter(self, "_head", same_headers._head)
            setter(self, "_raw_headers", same_headers._raw_headers)
            return
        head: Message
        try:
            head = _HEADERS_ONLY.parsebytes(block)
        except Exception:  # never raise on input
            head = Message()
        setter(self, "_head", head)
        raw_headers: dict[str, list[str]] = {}
        try:
            # raw_items(): values as parsed, before compat32 turns 8-bit bytes into
            # replacement characters; decoding happens in _decode_header.
            for key, value in head.raw_items():
                if isinstance(value, str):
                    raw_headers.setdefault(key.lower(), []).append(value)
        except Exception:  # noqa: S110 -- keep what was read
            pass
        setter(self, "_raw_headers", raw_headers)

    def __repr__(self) -> str:
        return f"<Mail {self.message_id or '?'} {self.subject[:40]!r}>"

    def __setattr__(self, name: str, value: Any) -> None:
        # Frozen after construction: values in, values out.
        raise AttributeError(f"Mail is read-only: {name}")

    # -- raw access
    @property
    def raw(self) -> bytes:
        return self._raw

    @property
    def head(self) -> Message:
        """The header block as a compat32 :class:`~email.message.Message`, every value
        bounded (see the module docstring): what the guard reads. Do not modify it."""
        return self._head

    # -- headers
    def header(self, name: str, /, default: str = "") -> str:
        """The first ``name`` header, decoded; ``default`` if absent or undecodable."""
        key = "h:" + name.lower()
        if key not in self._cache:
            value: str | None = None
            try:
                values = self._raw_headers.get(name.lower())
                if values:
                    value = self._decode_header(name, values[0])
            except Exception:
                value = None
            self._cache[key] = value
        found: str | None = self._cache[key]
        return default if found is None else found

    def header_all(self, name: str, /) -> tuple[str, ...]:
        """Every ``name`` header, decoded (undecodable ones skipped)."""
        out: list[str] = []
        values = self._raw_headers.get(name.lower(), [])
        for raw in values[:50]:
            try:
                out.append(self._decode_header(name, str(raw)))
            except Exception:  # noqa: S112 -- an undecodable header is skipped
                continue
        return tuple(out)

    def has_header(self, name: str, /) -> bool:
        return name.lower() in self._raw_headers

    @staticmethod
    def _decode_header(name: str, raw: str) -> str:
        raw = raw[:MAX_HEADER_CHARS]
        if _SURROGATE.search(raw):
            # 8-bit bytes in a header (RFC 6532 allows UTF-8; older mail is latin-1).
            raw = _decode_8bit(raw)
        try:
            if name.lower() == "date":
                # DateHeader reads the date with email.utils (linear) and writes it
                # back in one form; the form is part of a message's key.
                return str(_DEFAULT.header_fetch_parse(name, raw))
            return str(_UNSTRUCTURED(name, _LINE_END.sub("", raw)))
        except Exception:  # a header that does not decode
            return raw

    @property
    def subject(self) -> str:
        return self.header("Subject")

    @property
    def message_id(self) -> str:
        """The Message-ID as written (first ``<...>`` token when there is one)."""
        raw = self._head_raw("Message-ID")
        found = _MSGID_TOKEN.search(raw)
        return found.group(0) if found else raw.strip()

    @property
    def in_reply_to(self) -> str:
        raw = self._head_raw("In-Reply-To")
        found = _MSGID_TOKEN.search(raw)
        return found.group(0) if found else raw.strip()

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(_MSGID_TOKEN.findall(self._head_raw("References")))[:100]

    def raw_header(self, name: str, /) -> str:
        """The first ``name`` header as written (unfolded, not decoded)."""
        return self._head_raw(name)

    def _head_raw(self, name: str) -> str:
        # Message-IDs are not encoded words: read them without decoding, unfolded.
        values = self._raw_headers.get(name.lower())
        if not values:
            return ""
        return re.sub(r"\s+", " ", values[0][:MAX_HEADER_CHARS])

    def _addresses(self, name: str) -> tuple[tuple[str, str], ...]:
        key = "a:" + name.lower()
        if key in self._cache:
            result: tuple[tuple[str, str], ...] = self._cache[key]
            return result
        # The package's one strict address parser (CVE-2023-27043): parsed from the
        # raw value, encoded words kept opaque, display names decoded afterwards and
        # dropped when they look like addresses.
        values = [raw[:MAX_HEADER_CHARS] for raw in self._raw_headers.get(name.lower(), [])[:50]]
        try:
            found = address_values(values)
        except Exception:  # never raise on input
            found = ()
        pairs = [(display, addr.lower()) for display, addr in found[:200]]
        result = tuple(pairs)
        self._cache[key] = result
        return result

    @property
    def from_addr(self) -> str:
        pairs = self._addresses("From")
        return pairs[0][1] if pairs else ""

    @property
    def from_name(self) -> str:
        pairs = self._addresses("From")
        return pairs[0][0] if pairs else ""

    @property
    def reply_to(self) -> str:
        pairs = self._addresses("Reply-To")
        return pairs[0][1] if pairs else ""

    @property
    def reply_to_name(self) -> str:
        pairs = self._addresses("Reply-To")
        return pairs[0][0] if pairs else ""

    @property
    def sender(self) -> str:
        pairs = self._addresses("Sender")
        return pairs[0][1] if pairs else ""

    @property
    def to(self) -> tuple[str, ...]:
        return tuple(a for _, a in self._addresses("To"))

    @property
    def cc(self) -> tuple[str, ...]:
        return tuple(a for _, a in self._addresses("Cc"))

    def address_pairs(self, name: str, /) -> tuple[tuple[str, str], ...]:
        """``(display name, lower-case address)`` pairs of an address header."""
        return self._addresses(name)

    @property
    def date(self) -> datetime | None:
        """The Date header, timezone-aware, or ``None``."""
        if "date" in self._cache:
            cached: datetime | None = self._cache["date"]
            return cached
        value: datetime | None = None
        raw = self._head_raw("Date")
        if raw:
            try:
                value = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError, OverflowError):
                value = None
            if value is not None and value.tzinfo is None:
                value = None  # "-0000": no zone information (RFC 5322 3.3)
        self._cache["date"] = value
        return value

    # -- body
    def _walk(self) -> Iterator[tuple[Message, str]]:
        """Each leaf part and its undecoded body (:func:`mailer.core.mime.leaves`)."""
        text = self._raw[:MAX_PARSE_BYTES].decode("ascii", "surrogateescape")
        block = len(_split_headers(self._raw))
        top = None
        # the header block read already, when the feed parser would end it there too
        if (
            not text.startswith(("\r", "\n"))
            and mime.header_end(text) == block
            and not self._head.get_payload()
        ):
            top = (self._head, text[block:])
        return mime.leaves(text, _HEADERS_ONLY_TEXT, top=top)

    def _parts(self) -> tuple[list[str], list[str], bytes | None]:
        """Decoded text of the plain and HTML parts (HTML unconverted) and the ics."""
        if "parts" in self._cache:
            cached: tuple[list[str], list[str], bytes | None] = self._cache["parts"]
            return cached
        plain: list[str] = []
        html: list[str] = []
        ics: bytes | None = None
        total = 0
        if not self.headers_only:
            try:
                for part, payload in self._walk():
                    ctype = _ctype(part)
                    if ctype == "text/calendar" or (ctype == "application/ics" and ics is None):
                        if ics is None:
                            try:
                                ics = _part_bytes(part, payload)
                            except _AlreadyText as done:
                                ics = done.text.encode("utf-8", "replace")
                        continue
                    if ctype not in {"text/plain", "text/html"} or _is_attachment(part):
                        continue
                    if total >= MAX_TEXT_CHARS:
                        continue
                    text = _part_text(part, payload)
                    if ctype == "text/html":
                        html.append(text)
                    else:
                        plain.append(text)
                    total += len(text)
            except Exception:  # noqa: S110 -- whatever survived is what we have
                pass
        self._cache["parts"] = (plain, html, ics)
        return plain, html, ics

    @property
    def raw_text(self) -> str:
        """All text parts as decoded, HTML not converted: for cheap keyword tests."""
        plain, html, _ = self._parts()
        return "\n".join(plain or [unescape(h[:MAX_HTML_CHARS]) for h in html])

    def _body(self) -> tuple[str, str, tuple[str, ...], bytes | None]:
        if "body" in self._cache:
            cached: tuple[str, str, tuple[str, ...], bytes | None] = self._cache["body"]
            return cached
        plain, html, ics = self._parts()
        links: list[str] = []
        if plain:
            # The HTML alternative is only mined for link targets: a regex is enough
            # and much cheaper than parsing it.
            for doc in html:
                links.extend(unescape(m) for m in _HREF.findall(doc[:MAX_HTML_CHARS])[:200])
            html_text = ""
        else:
            converted = []
            for doc in html:
                text, hrefs = _html_extract(doc)
                converted.append(text)
                links.extend(hrefs)
            html_text = "\n\n".join(converted)
        body = "\n\n".join(plain) if plain else html_text
        body = body.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TEXT_CHARS]
        body = body.replace("\x00", "")
        for url in _URL.findall(body):
            links.append(url)
        seen: dict[str, None] = {}
        for url in links:
            if url.lower().startswith(("http://", "https://")):
                seen.setdefault(url.rstrip(".,;:!?"), None)
        result = (body, "", tuple(seen)[:200], ics)
        self._cache["body"] = result
        return result

    @property
    def text(self) -> str:
        """Plain text of the body (HTML turned into text when there is no plain part)."""
        return self._body()[0]

    @property
    def links(self) -> tuple[str, ...]:
        """Every http(s) link in the text and in HTML ``href`` attributes."""
        return self._body()[2]

    @property
    def newest_text(self) -> str:
        """The newest, unquoted part of :attr:`text` (forwarded content kept)."""
        if "newest" not in self._cache:
            try:
                value = strip_quoted(self.text, forwarded=is_forward_subject(self.subject))
            except Exception:
                value = self.text
            self._cache["newest"] = value
        return str(self._cache["newest"])

    @property
    def calendar(self) -> Calendar | None:
        """The first ``text/calendar`` part, parsed; ``None`` if absent or broken."""
        if "calendar" not in self._cache:
            ics = self._parts()[2]
            self._cache["calendar"] = _parse_calendar(ics) if ics else None
        cal: Calendar | None = self._cache["calendar"]
        return cal

    @property
    def has_calendar_part(self) -> bool:
        return self._parts()[2] is not None


def read_message(raw: bytes, /, *, headers: Mail | None = None) -> Mail:
    """A :class:`Mail` for any bytes. Never raises; the body is parsed on first use.

    ``headers``: the same message's header block as :func:`read_headers` read it (a
    daemon that screens headers before fetching bodies has it); when the bytes are
    the same, its parse is used instead of parsing the header block again.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raw = b""
    return Mail(bytes(raw), same_headers=headers)


def read_headers(raw_headers: bytes, /) -> Mail:
    """A header-only :class:`Mail` (``BODY.PEEK[HEADER]``): body accessors are empty."""
    if not isinstance(raw_headers, bytes | bytearray | memoryview):
        raw_headers = b""
    return Mail(_split_headers(bytes(raw_headers)), headers_only=True)
