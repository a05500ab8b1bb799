"""The user's reason and offer, as the config gives them, made into :class:`Wording`.

The contract (config/polite-decline.example.toml, README "Reason and offer"):

* a keyword (``another_offer``, ``personal_circumstances``, ``career_change`` for the
  reason; ``future_openings``, ``recommend_someone``, ``talk_later`` for the offer)
  is worded by the templates, natively, in every language;
* a table of the user's own words per language (``{ en = "...", de = "..." }``) is
  used in drafts of those languages only;
* a plain string is the user's own words in one language: the one it is written in,
  recognised here, or ``[decline] language`` when that is set. A string whose language
  cannot be told is refused, so that no draft ever carries a sentence in another
  language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from mailer.core.model import OFFERS, REASONS, Wording
from mailer.core.templates import LANGUAGES

__all__ = ["guess_language", "make_wording"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short sentences have few words: function words and the words people use to give a
# reason or an offer, in each language.
_WORDS = {
    "en": _words(
        "i i'm i've have has had am my me another other a an the to of for and in on with "
        "accepted decided position offer job role reasons personal family circumstances "
        "career change moved would be glad happy recommend someone future openings touch "
        "stay keep it is was will not this that at due because since moving abroad am "
        "currently already"
    ),
    "de": _words(
        "ich habe hab mich mir mein meine meinen ein eine einen einer andere anderes "
        "anderen angenommen entschieden stelle angebot gründen gründe persönlichen "
        "persönliche familiären aus für und der die das dem den zu mit bei auf nicht gern "
        "gerne würde freuen empfehlen jemanden künftige kontakt bleiben beruflich neu "
        "orientiert wechsel weil da ins im nach zur zum meiner meinem wegen als aber auch "
        "jetzt derzeit bin ist sind werde kann leider bereits inzwischen"
    ),
    "fr": _words(
        "je j'ai ai me m'a mon ma mes une un autre d'autres accepté décidé poste offre "
        "raisons personnelles familiales pour et de des la le les du en avec au ne pas "
        "serais serai ravi ravie heureux heureuse recommander quelqu'un futures "
        "opportunités contact rester reconversion carrière changement car parce que suis "
        "est sont vais dans sur ce cette à l'étranger déjà actuellement"
    ),
    "es": _words(
        "yo he me mi mis una un otra otro aceptado decidido puesto oferta motivos razones "
        "personales familiares por para y de del la el los las en con al no encantaría "
        "gustaría recomendar alguien futuras oportunidades contacto seguir mantener "
        "cambio profesional carrera porque ya que estoy es son voy al extranjero este esta "
        "mudo actualmente"
    ),
}
_LETTERS = {"de": "äöüß", "fr": "àâçèêëîïôùûœ", "es": "ñáíóú¿¡"}


def guess_language(text: str, /) -> str | None:
    """The language of a short sentence (en, de, fr, es), or ``None`` when unsure."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.lower().replace("’", "'"))
    if not words:
        return None
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    letters = unicodedata.normalize("NFC", text.lower())
    for lang, marks in _LETTERS.items():
        scores[lang] += 2 * sum(ch in marks for ch in letters)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 2 and top >= 2 * second and top >= len(words) * 0.3:
        return best
    return None


def make_wording(value: str | Mapping[str, str], /, *, what: str, language: str = "") -> Wording:
    """``[decline] reason`` or ``offer`` (``what``) as a :class:`Wording`.

    ``language`` is ``[decline] language``: the language of a plain string when set.
    Raises :class:`ValueError` with a reason a person can act on.
    """
    keywords = REASONS if what == "reason" else OFFERS
    if isinstance(value, Mapping):
        texts = []
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise ValueError(
                    f"{lang!r} is not a language polite-decline writes; use {', '.join(LANGUAGES)}"
                )
            if not isinstance(text, str):
                raise ValueError(f"the {lang} text must be a string")
            text = " ".join(text.split())
            if text and text[0].isalpha() and text[0].islower():
                raise ValueError(f"the {lang} text {text!r} is not a whole sentence")
            if text:
                texts.append((lang, text))
        return Wording("", tuple(texts))
    text = " ".join(str(value).split())
    if not text:
        return Wording()
    if text in keywords:
        return Wording(text)
    if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", text):
        raise ValueError(f"{text!r} is not one of the keywords {', '.join(keywords)}")
    if text[0].isalpha() and text[0].islower():
        # "of personal circumstances" would stand in the draft as a broken sentence.
        hint = "personal_circumstances" if what == "reason" else "future_openings"
        raise ValueError(
            f"{text!r} is not a whole sentence, and it goes into the draft as it stands; "
            f"write one (starting with a capital letter) or use a keyword such as {hint}"
        )
    found = language or guess_language(text)
    if found is None:
        raise ValueError(
            f"cannot tell which language {text!r} is written in; use a keyword "
            f"({', '.join(keywords)}) or give your words per language, e.g. "
            f'{what} = {{ en = "...", de = "..." }}'
        )
    return Wording("", ((found, text),))
