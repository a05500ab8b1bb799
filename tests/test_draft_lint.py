"""The draft lint over every invitation: the fixtures in every language, and the real
invitations beside the project when they are there."""

from __future__ import annotations

import csv
import email.policy
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest

from mailer.core.compose import draft_register
from mailer.core.guard import guard, is_robot_address
from mailer.core.message import read_message
from mailer.core.model import Identity
from mailer.core.recognise import classify
from tests.compose_support import TEMPLATES
from tests.draft_lint import complete, lint
from tests.draft_support import USER, Written, write

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "recognition" / "invitation").glob("*.eml"))
REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus-real"
LANGUAGES = ("en", "de", "fr", "es")


def _reason(written: Written) -> str:
    """The another_offer sentence in the draft's language and register."""
    language = written.draft.language
    register = draft_register(written.facts, language)
    context = {"what": "reason", "key": "another_offer", "register": register}
    return TEMPLATES.render("wording", language, context).strip()


def _check(written: Written) -> list[str]:
    return written.problems() + complete(
        written.body, language=written.draft.language, reason=_reason(written)
    )


@pytest.mark.parametrize("language", ["", *LANGUAGES])
@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_drafts_pass_the_lint(path: Path, language: str) -> None:
    written = write(path.read_bytes(), language=language)
    assert _check(written) == [], written.body
    if not is_robot_address(written.draft.to):  # no follow-up ever goes to a robot
        follow = written.followup()
        assert Written(written.facts, written.text, follow).problems() == [], follow.body


def test_the_lint_sees_the_defects() -> None:
    body = (
        "Hallo Katharina,\n\nvielen Dank (Uhrzeit: 10:00 Uhr (MEZ).) für die Einladung 🎉. "
        "I have accepted another offer. Den Termin 2025-03-11 kannst du vergeben.\n\n"
        "Viele Grüße\nYour Name\n"
    )
    problems = " | ".join(
        lint(
            body,
            language="de",
            invitation="Sehr geehrter Herr Example,\n\nwir laden Sie herzlich ein.",
            invitation_language="de",
        )
    )
    for defect in (
        "pictographs",
        "brackets inside brackets",
        "full stop inside brackets",
        "form label copied",
        "raw ISO date",
        "placeholder left",
        "a sentence in en",
        "T forms",
        "first-name greeting",
    ):
        assert defect in problems
    assert "a department greeted" in " ".join(
        lint("Dear Personnel,\n\nThanks.", language="en", invitation="", invitation_language="en")
    )
    assert complete("Hallo,\n\nGrüße", language="de", reason="Grund.") == [
        "does not thank",
        "does not decline clearly",
        "does not give the reason 'Grund.'",
        "does not keep the door open",
    ]


def _real_invitations() -> list[Path]:
    with (REAL / "labels.tsv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [REAL / r["file"] for r in rows if r["label"] == "invitation"]


@pytest.mark.skipif(not REAL.is_dir(), reason="the real invitations are not beside the project")
def test_real_invitation_drafts() -> None:
    """The service's path (recognise, guard, compose) with the recipient configured as
    the user and ``reason = "another_offer"``: at least 97% of drafts pass the lint,
    and every draft thanks, declines, gives the reason and keeps the door open."""
    drafted = clean = 0
    incomplete: list[str] = []
    for path in _real_invitations():
        raw = path.read_bytes()
        mail = read_message(raw)
        user = Identity(USER.name, next(iter(mail.to), USER.email))
        if not classify(mail, identity=user).is_invitation:
            continue
        head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0] + b"\n\n"
        headers = BytesHeaderParser(policy=email.policy.default).parsebytes(head)
        decision = guard(headers, identity=user)
        if not decision.allowed:
            continue
        written = write(raw)
        drafted += 1
        clean += not written.problems()
        missing = complete(written.body, language=written.draft.language, reason=_reason(written))
        if missing:
            incomplete.append(f"{path.name}: {missing}")
    assert drafted, "no real invitation was drafted"
    assert clean / drafted >= 0.97, f"{clean} of {drafted} drafts pass the lint"
    assert incomplete == []
