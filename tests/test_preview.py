"""`polite-decline preview`: verdict, reasons, guard and draft for message files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailer.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "mailer" / "commands" / "demo_mail"


@pytest.fixture(autouse=True)
def _no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.delenv("POLITE_DECLINE_CONFIG", raising=False)


def test_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\x01 not mail at all")
    files = [DEMO / "02-calendar-invite.eml", DEMO / "07-newsletter.eml", junk]
    assert main(["preview", "--json", *map(str, files)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    invite, letter, bad = lines
    assert invite["invitation"] is True
    assert invite["category"] == "invitation"
    assert invite["would_draft"] is True
    assert invite["guard"] is None
    assert invite["reasons"]
    assert invite["draft"]["to"] == "jordan.blake@lumen-robotics.example"
    assert invite["draft"]["subject"].startswith("Re: Invitation: Technical interview")
    assert "Backend Engineer" in invite["draft"]["body"]
    assert letter["invitation"] is False
    assert letter["draft"] is None
    assert letter["would_draft"] is False
    assert "error" in bad


def test_guard_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = (DEMO / "02-calendar-invite.eml").read_bytes()
    listy = tmp_path / "list.eml"
    listy.write_bytes(raw.replace(b"MIME-Version", b"Precedence: bulk\nMIME-Version", 1))
    assert main(["preview", "--json", str(listy)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["invitation"] is True
    assert result["guard"] == "precedence-bulk"
    assert result["would_draft"] is False


def test_human_output_uses_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = (REPO / "config" / "polite-decline.example.toml").read_text()
    config = tmp_path / "c.toml"
    config.write_text(example.replace('reason = ""', 'reason = "I have accepted another offer"'))
    code = main(["--config", str(config), "preview", str(DEMO / "03-ats-noreply.eml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "verdict: invitation" in out
    assert "draft to sam.okafor@harbor-logistics.example" in out
    assert "Alex Example" in out


def _own_config(tmp_path: Path) -> Path:
    """A real user's config: the samples are addressed to someone else."""
    example = (REPO / "config" / "polite-decline.example.toml").read_text()
    config = tmp_path / "mine.toml"
    config.write_text(
        example.replace('email = "alex@example.org"', 'email = "robin@mydomain.example"').replace(
            'name = "Alex Example"', 'name = "Robin Doe"'
        )
    )
    return config


def test_sample_not_addressed_to_the_user_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _own_config(tmp_path)
    sample = str(DEMO / "01-recruiter-slots.eml")
    assert main(["preview", sample, "-c", str(config)]) == 0
    out = capsys.readouterr().out
    assert "verdict: invitation" in out
    assert "no draft: rule not-addressed-to-user (none of your addresses" in out
    hint = next(line for line in out.splitlines() if "hint:" in line)
    assert "not addressed to robin@mydomain.example" in hint
    assert "--as-recipient" in hint
    assert main(["preview", "--json", sample, "-c", str(config)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["guard"] == "not-addressed-to-user"
    assert "--as-recipient" in result["hint"]


def test_as_recipient_previews_the_draft_with_the_users_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _own_config(tmp_path)
    sample = str(DEMO / "01-recruiter-slots.eml")
    assert main(["preview", "--as-recipient", sample, "-c", str(config)]) == 0
    out = capsys.readouterr().out
    assert "previewed as if addressed to you" in out
    assert "draft to priya.raman@northwind-analytics.example" in out
    assert "Robin Doe" in out  # signed with the configured name
    assert "hint:" not in out
    # Other guard rules still hold: --as-recipient only answers "addressed to you".
    raw = (DEMO / "01-recruiter-slots.eml").read_bytes()
    listy = tmp_path / "bulk.eml"
    listy.write_bytes(raw.replace(b"MIME-Version", b"Precedence: bulk\nMIME-Version", 1))
    assert main(["preview", "--as-recipient", "--json", str(listy), "-c", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)["guard"] == "precedence-bulk"
