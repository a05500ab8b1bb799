"""Proposed times: read from the text without guessing, written with CLDR formats."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from mailer.core.when import Slot, find_proposal, parse_slot, spell_slot

WRITTEN_ON = date(2025, 3, 5)  # a Wednesday


@pytest.mark.parametrize(
    ("language", "text", "count", "slots"),
    [
        # a date without a year is placed after the day the invitation was written
        ("de", "Passt Ihnen Freitag, 14. März, um 10:30 Uhr?", 1, ["2025-03-14 10:30"]),
        ("de", "am Montag, dem 2. März 1998, um 14.00 Uhr", 1, ["1998-03-02 14:00"]),
        ("de", "Mögliche Termine: Mi 12.03. um 10 Uhr oder Fr 14.03. um 13 Uhr.", 2,
         ["2025-03-12 10:00", "2025-03-14 13:00"]),
        ("de", "hast du Do 14 Uhr kurz Zeit?", 1, ["thu 14:00"]),
        # "so" is a word before a length, not Sunday
        ("de", "Hast du Zeit für einen Call, so 30 Minuten?", 0, []),
        # a window is no time; two days offered are two options
        ("de", "Hätten Sie am Donnerstag zwischen 9 und 12 Uhr oder am Freitag Zeit?", 2, []),
        ("en", "- Tuesday, March 11 at 10:00 am CET\n- Wednesday, March 12 at 2:30 pm CET", 2,
         ["2025-03-11 10:00", "2025-03-12 14:30"]),
        ("en", "Would Monday the 17th at 11am or Tuesday the 18th at 3pm work?", 2,
         ["2025-03-17 11:00", "2025-03-18 15:00"]),
        ("en", "Interviews will be held on 19 and 20 March 2025.", 2, ["2025-03-20"]),
        ("fr", "le lundi 17 mars 2025 à 14h00, dans nos locaux", 1, ["2025-03-17 14:00"]),
        ("fr", "le mercredi 26 mars à 13 h 30 (environ 1h)", 1, ["2025-03-26 13:30"]),
        ("fr", "Seriez-vous disponible jeudi 13 ou vendredi 14 mars ?", 2,
         ["2025-03-13", "2025-03-14"]),
        ("es", "¿Te vendría bien el miércoles 19 a las 16:00?", 1, ["2025-03-19 16:00"]),
        ("es", "¿el jueves a las 11 o el viernes a las 16?", 2, ["thu 11:00", "fri 16:00"]),
        ("es", "el día jueves 10\nde abril a las 9:00 hrs. en nuestras oficinas", 1,
         ["2025-04-10 09:00"]),
    ],
)  # fmt: skip
def test_proposals(language: str, text: str, count: int, slots: list[str]) -> None:
    found = find_proposal(text, language=language, reference=WRITTEN_ON)
    assert found.count == count
    assert [s.encode() for s in found.slots] == slots


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Please complete the video interview by Friday 14 March."),
        ("en", "You can complete it at any time in the next 5 days."),
        ("de", "Bitte buchen Sie bis zum 10. März einen Termin über unser Portal."),
        ("de", "Ihre Bewerbung vom 02.05.2025 hat uns gefallen."),
        ("fr", "Enregistrez vos réponses avant le 12 mars, au moment qui vous convient."),
        ("fr", "Merci pour notre entretien de jeudi dernier."),
        ("es", "Responde antes del domingo 16 de marzo, cuando mejor te venga."),
        ("en", "Thank you for speaking with me on Monday."),
        # a forwarded header, and a timestamp to the second
        ("en", "> From: Jo <jo@x.example>\n> Date: Tue, 4 Mar 2025 15:13:26 -0600\n> To: me"),
        ("en", "Logged on Tuesday, March 11 at 15:13:26."),
    ],
)
def test_what_is_not_a_proposed_time(language: str, text: str) -> None:
    found = find_proposal(text, language=language, reference=WRITTEN_ON)
    assert found.slots == ()
    assert found.count == 0


def test_a_weekday_that_contradicts_the_date_makes_the_date_unknown() -> None:
    found = find_proposal("Montag, 11. März 2025, 10 Uhr", language="de", reference=WRITTEN_ON)
    assert [s.encode() for s in found.slots] == ["mon 10:00"]


def test_without_the_day_it_was_written_a_date_without_a_year_is_not_placed() -> None:
    found = find_proposal("Dienstag, 11. März, 10:00 Uhr", language="de")
    assert [s.encode() for s in found.slots] == ["tue 10:00"]


def test_a_calendar_start_is_the_one_proposed_time() -> None:
    start = datetime(2025, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    found = find_proposal("Dienstag 9 Uhr", language="de", calendar_start=start)
    assert found.count == 1
    assert found.slots == (Slot(date(2025, 3, 11), None, time(10, 0)),)


@pytest.mark.parametrize(
    ("language", "twelve", "month_first", "date_words", "time_words"),
    [
        ("en", False, False, "Tuesday, 11 March 2025", "14:30"),
        ("en", True, True, "Tuesday, March 11, 2025", "2:30 PM"),
        ("en", True, False, "Tuesday, 11 March 2025", "2:30 pm"),
        ("de", True, True, "Dienstag, 11. März 2025", "14:30"),
        ("fr", False, False, "mardi 11 mars 2025", "14:30"),
        ("es", False, False, "martes, 11 de marzo de 2025", "14:30"),
    ],
)
def test_spelled_with_cldr(
    language: str, twelve: bool, month_first: bool, date_words: str, time_words: str
) -> None:
    spelled = spell_slot(
        Slot(date(2025, 3, 11), None, time(14, 30)),
        language=language,
        twelve_hour=twelve,
        month_first=month_first,
    )
    assert (spelled.date, spelled.time, spelled.hour) == (date_words, time_words, 14)
    weekday = spell_slot(Slot(None, 3, None), language=language)
    assert weekday.weekday == {"en": "Thursday", "de": "Donnerstag", "fr": "jeudi"}.get(
        language, "jueves"
    )


@pytest.mark.parametrize("text", ["2025-03-11 14:30", "thu 11:30", "2025-03-11", "fri"])
def test_slots_survive_their_text_form(text: str) -> None:
    slot = parse_slot(text)
    assert slot is not None
    assert slot.encode() == text
    assert parse_slot("14:30 tomorrow") is None


def test_cldr_data_is_let_go_after_use() -> None:
    """Babel's locale and global tables do not stay loaded for the life of the service.

    The names and formats we need are taken out; the rest (megabytes of CLDR) is
    dropped, and the next use loads it again. This relies on Babel internals that
    have no public reset (``babel.core._global_data``), hence the check here.
    """
    import babel.core
    import babel.localedata

    find_proposal("Would Tuesday, March 11 at 10:00 work?", language="en", reference=WRITTEN_ON)
    spelled = spell_slot(Slot(day=date(2025, 3, 11), start=time(10, 0)), language="de")
    assert spelled.date == "Dienstag, 11. März 2025"
    assert babel.core._global_data is None
    assert not babel.localedata._cache
    # and again, from nothing
    assert spell_slot(Slot(day=date(2025, 3, 11)), language="fr").date == "mardi 11 mars 2025"
