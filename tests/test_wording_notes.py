"""`preview` and `status` say when a draft goes without the user's reason or offer,
because the user's own words lack the draft's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.adapters.store import StateStore
from mailer.commands.cli import main
from tests.compose_support import NOW
from tests.draft_support import invitation

GERMAN = invitation(
    "Guten Tag Herr Example,\n\nwir möchten Sie gern zu einem Vorstellungsgespräch für die "
    "Stelle als Technischer Redakteur einladen. Wann hätten Sie Zeit?\n\n"
    "Viele Grüße\nJana Köhler\n",
    sender=("Jana Köhler", "j.koehler@kranwerk.example.de"),
    subject="Einladung zum Vorstellungsgespräch",
)


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[identity]\nname = "Alex Example"\nemail = "alex@example.org"\n'
        '[imap]\nhost = "imap.example.org"\nusername = "alex"\npassword_env = "X"\n'
        '[smtp]\nhost = "smtp.example.org"\n'
        '[decline]\nreason = { en = "I am moving abroad." }\n'
        f'[daemon]\nstate_dir = "{tmp_path / "state"}"\n',
        encoding="utf-8",
    )
    return path


def test_preview_says_the_reason_was_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mail = tmp_path / "de.eml"
    mail.write_bytes(GERMAN)
    assert main(["--config", str(_config(tmp_path)), "preview", str(mail)]) == 0
    out = capsys.readouterr().out
    assert "note: no reason in this draft: [decline] reason has no de text (only en)" in out
    assert "I am moving abroad" not in out
    assert "Guten Tag Jana Köhler," in out


def test_status_says_which_drafts_have_no_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    with StateStore.open(tmp_path / "state") as store:
        store.record_seen(
            "k1",
            account="alex@imap.example.org",
            message_id="<k1@kranwerk.example.de>",
            folder="INBOX",
            uidvalidity=7,
            uid=42,
            from_addr="j.koehler@kranwerk.example.de",
            subject="Einladung zum Vorstellungsgespräch",
            category="invitation",
            score=0.9,
            reasons=["invites to an interview"],
            language="de",
            thread_key="<k1@kranwerk.example.de>",
            now=NOW,
        )
        store.begin_drafting(
            "k1",
            draft_message_id="<draft-k1@example.org>",
            draft_to="j.koehler@kranwerk.example.de",
            draft_text="Guten Tag ...",
            draft_raw=b"Message-ID: <draft-k1@example.org>\r\n\r\nbody\r\n",
            auto_send_ok=True,
            now=NOW,
        )
        store.mark_drafted("k1", draft_uidvalidity=1, draft_uid=1, now=NOW)
    assert main(["--config", str(config), "status"]) == 0
    out = capsys.readouterr().out
    assert "[decline] reason is given in en only: drafts in de, fr, es carry no reason" in out
    assert "[decline] reason has no de text" in out
    assert "(1 draft(s): k1)" in out
