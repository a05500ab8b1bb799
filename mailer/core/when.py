"""When an invitation proposes to meet, and how a letter in another language says it.

Two halves, both pure:

* :func:`find_proposal` reads an invitation's text (and its calendar request) and
  returns the times it proposes: how many options there are, and those whose day
  and hour are known exactly. A date after "by", "bis", "avant", "antes de" is a
  deadline (a one-way video interview to complete, a slot to book), not a time to
  meet; a date after "vom" or "dernier" is the past. Nothing is guessed: a day
  without a year is placed only when the invitation's Date says which year, and a
  weekday that contradicts the date makes the date unknown.
* :func:`spell_slot` writes a known slot with the CLDR formats of the draft's
  language (Babel), so that a German letter reads "Dienstag, 11. März 2025" and
  "14:30", and never an ISO date or the invitation's own words in another language.

Month and day names come from CLDR too (Babel's ``get_month_names`` and
``get_day_names``), in all four languages at once: an English mail may name a
German date, and hand-written tables drift.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import babel.core
from babel.dates import format_date, format_time, get_day_names, get_month_names
from babel.localedata import clear_caches

__all__ = [
    "Proposal",
    "Slot",
    "SpelledSlot",
    "find_proposal",
    "parse_slot",
    "spell_slot",
]

_LOCALES = ("en", "de", "fr", "es")
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Slot:
    """One proposed time: what of it the invitation states exactly.

    ``day`` is a full calendar date; ``weekday`` (0 = Monday) is set when only the
    day of the week is named; ``start`` is the wall-clock time in the invitation's
    own zone (the time as the recruiter wrote it, or a calendar DTSTART in its TZID).
    """

    day: date | None = None
    weekday: int | None = None
    start: time | None = None

    def encode(self) -> str:
        """A short text form that survives JSON: ``2025-03-11 14:30``, ``thu 11:30``."""
        left = self.day.isoformat() if self.day else _WEEKDAY_KEYS[self.weekday or 0]
        if self.day is None and self.weekday is None:
            left = ""
        right = self.start.strftime("%H:%M") if self.start else ""
        return " ".join(p for p in (left, right) if p)


def parse_slot(text: str, /) -> Slot | None:
    """The inverse of :meth:`Slot.encode`; ``None`` for anything else."""
    m = re.fullmatch(
        r"(?:(\d{4}-\d{2}-\d{2})|(mon|tue|wed|thu|fri|sat|sun))?\s?(?:(\d{2}):(\d{2}))?",
        text.strip(),
    )
    if not m or not any(m.groups()):
        return None
    try:
        day = date.fromisoformat(m.group(1)) if m.group(1) else None
        weekday = _WEEKDAY_KEYS.index(m.group(2)) if m.group(2) else None
        start = time(int(m.group(3)), int(m.group(4))) if m.group(3) else None
    except ValueError:
        return None
    return Slot(day, weekday, start)


@dataclass(frozen=True, slots=True)
class Proposal:
    """What an invitation proposes. ``count`` options, of which ``slots`` are known.

    ``count`` is 0 when the invitation proposes no time (it asks for availability,
    sends a booking link, or sets only a deadline). ``twelve_hour`` records that the
    invitation wrote its times with am/pm and ``month_first`` that it wrote "March 11",
    so that an English answer does too.
    """

    count: int = 0
    slots: tuple[Slot, ...] = ()
    twelve_hour: bool = False
    month_first: bool = False  # "March 11" (American English), not "11 March"


# ----------------------------------------------------------------- CLDR vocabulary


def _fold(text: str) -> str:
    """Lower case without accents or dots: "Mär." and "mar" compare, "mié" is "mie"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip(".")


@cache
def _months(languages: tuple[str, ...]) -> dict[str, int]:
    with _CLDR_LOCK:
        try:
            return _month_table(languages)
        finally:
            _release_cldr()


def _month_table(languages: tuple[str, ...]) -> dict[str, int]:
    names: dict[str, int] = {}
    for loc in languages:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=loc).items():
                folded = _fold(str(name))
                if len(folded) >= 3:
                    names.setdefault(folded, int(number))
    # Written abbreviations CLDR does not list.
    extra = {"en": {"sept": 9}, "de": {"mrz": 3, "sept": 9}, "fr": {"juil": 7, "sept": 9}}
    for loc in languages:
        names.update(extra.get(loc, {}))
    return names


@cache
def _weekdays(languages: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """(wide names, abbreviations) to weekday numbers (0 = Monday).

    Only the abbreviations written in letters ("Di.", "Wed", "jeu.", "mié"), and
    none that is also a month ("mar" is March in English and Spanish).
    """
    with _CLDR_LOCK:
        try:
            return _weekday_tables(languages)
        finally:
            _release_cldr()


def _weekday_tables(languages: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
    wide: dict[str, int] = {}
    short: dict[str, int] = {}
    months = _months(languages)
    for loc in languages:
        for number, name in get_day_names("wide", locale=loc).items():
            wide[_fold(str(name))] = int(number)
        for number, name in get_day_names("abbreviated", locale=loc).items():
            folded = _fold(str(name))
            if len(folded) >= 2 and folded not in wide and folded not in months:
                short.setdefault(folded, int(number))
    if "en" in languages:
        for key, number in (("tues", 1), ("thurs", 3), ("thur", 3), ("weds", 2)):
            short.setdefault(key, number)
    return wide, short


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# Babel is used in this module only, and always under this lock: its global data is
# dropped after each use (below), which must not happen while another thread reads it.
_CLDR_LOCK = threading.RLock()


def _release_cldr() -> None:
    """Let go of Babel's locale data once the few names or patterns we need are out.

    Babel keeps each loaded locale whole (every name of every territory, currency
    and zone: about 1.5 MB per language) and its global tables (2 MB). The service
    needs a handful of month and weekday names once and a date format per draft, so
    it drops the rest rather than carry several megabytes for the life of the process
    (``scripts/bench`` ``idle_rss_mb``); a later draft loads what it needs again in
    a few tens of milliseconds. ``_global_data`` has no public reset: Babel is pinned
    in ``constraints.txt`` and capped in ``pyproject.toml`` for it, and
    ``tests/test_when.py`` checks that the reset still frees the tables.
    """
    clear_caches()
    if hasattr(babel.core, "_global_data"):
        babel.core._global_data = None


@cache
def _patterns(languages: tuple[str, ...]) -> re.Pattern[str]:
    with _CLDR_LOCK:
        try:
            return _build_patterns(languages)
        finally:
            _release_cldr()


def _build_patterns(languages: tuple[str, ...]) -> re.Pattern[str]:
    months = _alternation(_months(languages))
    wide, short = _weekdays(languages)
    longer = [w for w in short if len(w) > 2]
    two = [w for w in short if len(w) <= 2]
    # Two-letter abbreviations ("Do", "Mi", "So") are words too ("so 30 Minuten"):
    # they count with a stop or comma, or before a time ("Do 14 Uhr").
    day_word = (
        rf"(?:(?P<wd>{_alternation(wide)})(?:vormittag|nachmittag|abend|morgen|mittag|s)?\b"
        rf"|(?P<ws>{_alternation(longer)})\.?(?=,?\s?\d)"
        rf"|(?P<ws2>{_alternation(two)})(?:[.,](?=\s?\d)|(?=\s\d{{1,2}}(?:[.:]\d|\s?uhr))))"
    )
    # The date forms of the four languages, on accent-folded lower-case text:
    # "11. marz 2025", "11 de marzo de 2025", "1er avril", "11th march", "march 11, 2025",
    # "11.03.", "17.03.2025", "11/03", "2025-03-11".
    date = (
        r"(?P<iso>\d{4}-\d{2}-\d{2})"
        rf"|(?P<d1>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s?(?:de\s)?(?P<m1>{months})\b\.?"
        r"(?:,?\s?(?:de\s|del\s)?(?P<y1>\d{4})\b)?"
        rf"|(?P<m2>{months})\.?\s(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y2>\d{{4}})\b)?"
        r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4}|\d{2}(?!\d))?"
        r"|(?P<d4>\d{1,2})/(?P<m4>\d{1,2})(?:/(?P<y4>\d{4}))?(?![\d/])"
        # a day of the month after a weekday ("el miércoles 19", "Monday the 17th")
        r"|(?P<d5>\d{1,2})(?:st|nd|rd|th|er)?\b(?![.:/]\d|\s?(?:uhr|h\b|hrs?\b|horas|[ap]\.?m))"
    )
    article = r"(?:the\s|den\s|dem\s|der\s|le\s|el\s|dia\s)?"
    return re.compile(rf"(?<![\w./-])(?:{day_word}(?:,?\s?{article})?)?(?:{date})?")


# "10:00", "10.00 uhr", "14h", "14h30", "13 h 30", "3pm", "2.15pm", "11 uhr", "9:00 hrs",
# "a las 11", "11:00 horas", on folded text; a range's end ("- 10:45") is consumed.
_CLOCK = re.compile(
    r"(?<![\d:./,])(?:(?P<h>\d{1,2})(?::(?P<mi>\d{2})|\.(?P<md>\d{2})(?=\s?(?:uhr|h\b|[ap]\.?m))"
    r"|\s?h\s?(?P<mh>\d{2})?(?![a-z\d])|(?=\s?(?:uhr|[ap]\.?m\b|hrs?\b|horas\b)))"
    r"|(?<=a las )(?P<hl>\d{1,2})(?![\d:.]))"
    r"(?:\s?(?P<ap>[ap])\.?m\b\.?)?(?:\s?(?:uhr|hrs?|horas|h)\b\.?)?"
    r"(?:\s?(?:-|–|to|bis|a|à)\s?\d{1,2}(?:[:.h]\d{2})?(?:\s?(?:[ap]\.?m\b\.?|uhr\b|h\b))?)?"
)
# "zwischen 9 und 12 Uhr", "between 2 and 4pm": a window, not a time.
_WINDOW = re.compile(
    r"(?:zwischen|between|entre)\s(?:las\s)?\d{1,2}(?:[:.h]\d{2})?\s?(?:uhr|h|[ap]m)?\s"
    r"(?:und|and|et|y)\s(?:las\s)?$"
)


# Words before a date that make it a deadline, not a time to meet.
_DEADLINE = re.compile(
    r"(?:\bby|\bbefore|\buntil|\btill|no later than|\bwithin|\bbis(?:\szum|\sspatestens)?"
    r"|\bspatestens|\bavant(?:\sle)?|d['’]ici(?:\sle|\sa)?|jusqu['’]au|\bantes\sde(?:l)?"
    r"|\bhasta(?:\sel)?|a mas tardar|\bdeadline|\bdate limite|\bfrist)"
    r"(?:\s(?:the|le|el|den|dem|to|this|next|nachsten|prochain))?\s?[,:]?\s?$"
)
# Words before a date that put it in the past ("your application of 02.05.2006"), per
# language: French "du 17 mars" is the past, German "du" is "you".
_PAST_WORDS = {
    "en": r"of|from|dated|sent on|since|last",
    "de": r"vom|seit|letzten?|vergangenen?",
    "fr": r"du|depuis",
    "es": r"del|desde",
}


@cache
def _past_before(languages: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(_PAST_WORDS[lang] for lang in languages)})\s?$")


_PAST_AFTER = re.compile(r"^\s?(?:dernier|derniere|pasado|pasada|last)\b")
# A sentence that looks back ("thank you for speaking with me on Monday").
_LOOKS_BACK = re.compile(
    r"thank(?:s| you) for|danke|vielen dank|merci pour|merci de|je vous remercie|gracias por"
    r"|following up on|suite a (?:notre|votre)|tras (?:nuestra|la)"
)
_OR = re.compile(r"^\s?(?:,|or|oder|ou|o|y|and|und|et|bzw\.?)\s?$")


def _year_for(day: int, month: int, weekday: int | None, reference: date | None) -> date | None:
    """The date of ``day``.``month`` nearest after ``reference`` that fits ``weekday``."""
    if reference is None:
        return None
    for year in (reference.year, reference.year + 1, reference.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if reference <= found <= reference + timedelta(days=300) and (
            weekday is None or found.weekday() == weekday
        ):
            return found
    return None


def _month_for(day: int, weekday: int, reference: date | None) -> date | None:
    """The first ``day`` of a month, from ``reference`` on, that falls on ``weekday``."""
    if reference is None:
        return None
    probe = reference
    for _ in range(3):
        try:
            found = probe.replace(day=day)
        except ValueError:
            found = None
        if found is not None and found >= reference:
            return found if found.weekday() == weekday else None
        probe = (probe.replace(day=1) + timedelta(days=32)).replace(day=1)
    return None


def _date_of(
    m: re.Match[str], languages: tuple[str, ...], reference: date | None
) -> tuple[date | None, int | None, bool]:
    """(date, weekday, whether a day of the month was written) of one date match."""
    wide, short = _weekdays(languages)
    weekday = None
    if m.group("wd"):
        weekday = wide[m.group("wd")]
    elif m.group("ws") or m.group("ws2"):
        weekday = short[m.group("ws") or m.group("ws2")]
    day = month = year = None
    if m.group("iso"):
        try:
            found = date.fromisoformat(m.group("iso"))
        except ValueError:
            return None, weekday, True
        return (found if weekday in (None, found.weekday()) else None), weekday, True
    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if m.group(d):
            day, month = int(m.group(d)), _months(languages)[m.group(mo)]
            year = int(m.group(y)) if m.group(y) else None
    for d, mo, y in (("d3", "m3", "y3"), ("d4", "m4", "y4")):
        if m.group(d):
            day, month = int(m.group(d)), int(m.group(mo))
            raw = m.group(y)
            year = None if not raw else int(raw) + (2000 if len(raw) == 2 else 0)
    if day is None and m.group("d5") and weekday is not None:
        return _month_for(int(m.group("d5")), weekday, reference), weekday, True
    if day is None or month is None:
        return None, weekday, False
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None, weekday, False
    if year is not None:
        try:
            found = date(year, month, day)
        except ValueError:
            return None, weekday, True
        return (found if weekday in (None, found.weekday()) else None), weekday, True
    return _year_for(day, month, weekday, reference), weekday, True


def _clock_of(m: re.Match[str], before: str) -> time | None:
    hour = m.group("h") or m.group("hl")
    if hour is None or _WINDOW.search(before):
        return None
    h = int(hour)
    minute = int(m.group("mi") or m.group("md") or m.group("mh") or 0)
    if m.group("ap") and 1 <= h <= 12:
        h = h % 12 + (12 if m.group("ap") == "p" else 0)
    elif not (m.group("mi") or m.group("md") or m.group("mh") or m.group("hl")) and h < 7:
        return None  # "environ 1h", "2 hrs": a length, not a time of day
    if not (0 <= h <= 23 and 0 <= minute <= 59):
        return None
    return time(h, minute)


# The header block of a forwarded or quoted message: its dates are when it was sent.
# A "Date:" line alone is an invitation's own form ("Datum: Dienstag, 11. März").
_HEADER_LINE = re.compile(
    # quoted ("> From:", "&gt;From:") or wrapped in markup as mail clients forward them
    r"^(?:\s|>|&gt;|<[^>]{0,40}>)*(?:from|von|de|sent|gesendet|envoy[ée]|enviado(?: el)?|date"
    r"|datum|fecha|to|an|[àa]|para|cc|reply-to|subject|betreff|objet|asunto)\s?:",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(
    r"^\s*(?:on .{6,80} wrote:$|am .{6,80} schrieb|le .{6,80} a [ée]crit|el .{6,80} escribi[óo])",
    re.IGNORECASE,
)


def _without_headers(lines: list[str]) -> list[str]:
    heads = [bool(_HEADER_LINE.match(ln)) for ln in lines]
    kept = []
    for i, line in enumerate(lines):
        in_block = heads[i] and ((i > 0 and heads[i - 1]) or (i + 1 < len(lines) and heads[i + 1]))
        if not in_block and not _QUOTE_LINE.match(line):
            kept.append(line)
    return kept


_UNWRAP = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*[^\s\-*•>])")
# Sentence ends: a letter before the stop, so that "11. März" and "17.03." stay whole.
_SENTENCE = re.compile(r"(?<=[^\W\d_)][.!?])\s+|(?<=\?)\s*|\n\s*\n")
_DAY_GROUPS = ("iso", "d1", "d2", "d3", "d4")  # d5 only counts after a weekday


def find_proposal(
    text: str,
    /,
    *,
    language: str = "en",
    reference: date | None = None,
    calendar_start: datetime | date | None = None,
) -> Proposal:
    """The times ``text`` proposes to meet (see the module docstring).

    ``language`` is the invitation's: its month and day names are read, and
    English ones too. ``reference`` is the day the invitation was written (its Date
    header), used to place a date written without a year. ``calendar_start`` is a
    calendar request's DTSTART, already in the invitation's zone: it is the one
    proposed time.
    """
    twelve = bool(re.search(r"\d\s?[ap]\.?m\b", text, re.IGNORECASE))
    if isinstance(calendar_start, datetime):
        at = calendar_start.time().replace(second=0, microsecond=0)
        return Proposal(1, (Slot(calendar_start.date(), None, at),), twelve, twelve)
    if isinstance(calendar_start, date):
        return Proposal(1, (Slot(calendar_start, None, None),), twelve, twelve)
    languages = tuple(dict.fromkeys((language if language in _LOCALES else "en", "en")))
    when_re = _patterns(languages)
    found: list[Slot] = []
    month_first = False
    loose = 0  # options named without a day or a weekday ("the 19 and 20 March")
    lines = _without_headers(text[:4000].splitlines())
    for raw in _SENTENCE.split(_UNWRAP.sub(" ", "\n".join(lines))):
        sentence = _fold(raw)
        question = "?" in sentence
        back = bool(_LOOKS_BACK.search(sentence))
        dates = [
            m
            for m in when_re.finditer(sentence)
            if m.group("wd")
            or m.group("ws")
            or m.group("ws2")
            or any(m.group(g) for g in _DAY_GROUPS)
        ]
        kept: list[tuple[re.Match[str], date | None, int | None]] = []
        for i, m in enumerate(dates):
            before = sentence[max(0, m.start() - 30) : m.start()]
            if _DEADLINE.search(before) or _past_before(languages).search(before):
                continue
            if _PAST_AFTER.search(sentence[m.end() : m.end() + 12]):
                continue
            day, weekday, has_day = _date_of(m, languages, reference)
            if not has_day and weekday is None:
                continue
            if not has_day:
                # A weekday alone is an option when offered ("Tuesday or Thursday?",
                # "Do 14 Uhr"), not when it looks back ("thanks for Monday's call").
                gap_before = sentence[dates[i - 1].end() : m.start()] if i else ""
                gap_after = sentence[m.end() : dates[i + 1].start()] if i + 1 < len(dates) else ""
                listed = bool(_OR.match(gap_before) or _OR.match(gap_after))
                timed = bool(_CLOCK.search(sentence, m.end()))
                if not timed and (back or not (question or listed)):
                    continue
            kept.append((m, day, weekday))
            month_first = month_first or bool(m.group("m2"))
        for i, (m, day, weekday) in enumerate(kept):
            end = kept[i + 1][0].start() if i + 1 < len(kept) else len(sentence)
            clock = _CLOCK.search(sentence, m.end(), end)
            start: time | None = None
            if clock is not None and re.match(r":\d\d", sentence[clock.end() :]):
                continue  # a time to the second: a timestamp, not a meeting
            if clock is not None and sentence[m.end() : clock.start()].count(",") <= 2:
                start = _clock_of(clock, sentence[max(0, clock.start() - 25) : clock.start()])
            slot = Slot(day, None if day else weekday, start)
            if slot not in found or (slot.day is None and slot.start is None):
                found.append(slot)
            # "the 19 and 20 March", "les 24 et 25 mars": the first day is an option too
            floor = kept[i - 1][0].end() if i else 0
            head = sentence[max(floor, m.start() - 12) : m.start()]
            if re.search(r"(?<![\d:.h])\d{1,2}(?:er)?\s?(?:and|und|et|y|or|oder|ou|o)\s$", head):
                loose += 1
    exact = tuple(s for s in found if s.day is not None or s.start is not None)
    return Proposal(len(found) + loose, exact, twelve, month_first)


# ------------------------------------------------------------------------ writing


@dataclass(frozen=True, slots=True)
class SpelledSlot:
    """A slot in a language's words: each part ``None`` when not known.

    ``date`` is CLDR's full date ("Dienstag, 11. März 2025"), ``weekday`` the day's
    name when the date is not known, ``time`` CLDR's short time ("14:30", "2:30 PM"),
    ``hour`` the hour on a 24-hour clock (Spanish says "a la una", "a las dos").
    """

    date: str | None
    weekday: str | None
    time: str | None
    hour: int | None


def spell_slot(
    slot: Slot, /, *, language: str, twelve_hour: bool = False, month_first: bool = False
) -> SpelledSlot:
    """``slot`` in the words and formats of ``language`` (CLDR, through Babel).

    English follows the invitation: American date order ("Tuesday, March 11, 2025")
    when it wrote "March 11", British otherwise; "2:30 pm" when it wrote am/pm.
    """
    with _CLDR_LOCK:
        try:
            return _spell(slot, language, twelve_hour=twelve_hour, month_first=month_first)
        finally:
            _release_cldr()


def _spell(slot: Slot, language: str, *, twelve_hour: bool, month_first: bool) -> SpelledSlot:
    loc = language
    if language == "en":
        loc = "en_US" if month_first else "en_GB"
    day = format_date(slot.day, "full", locale=loc) if slot.day else None
    weekday = None
    if slot.day is None and slot.weekday is not None:
        weekday = str(get_day_names("wide", locale=loc)[slot.weekday])
    clock = None
    if slot.start:
        twelve = language == "en" and twelve_hour
        clock = format_time(slot.start, "h:mm a" if twelve else "short", locale=loc)
    if clock:
        clock = clock.replace("\u202f", " ")  # CLDR's narrow space before AM/PM
    return SpelledSlot(day, weekday, clock, slot.start.hour if slot.start else None)
