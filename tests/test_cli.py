"""The command line: init, status on an empty state, and what a wheel carries."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mailer.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_init_writes_0600_and_refuses_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "conf" / "config.toml"
    assert main(["init", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert "[identity]" in target.read_text()
    assert main(["init", str(target)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err


def test_init_default_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("POLITE_DECLINE_CONFIG", raising=False)
    assert main(["init"]) == 0
    assert (tmp_path / "polite-decline" / "config.toml").exists()


def test_status_json_on_fresh_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    example = (REPO / "config" / "polite-decline.example.toml").read_text()
    config.write_text(example.replace("~/.local/state/polite-decline", str(tmp_path / "st")))
    assert main(["--config", str(config), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--config", str(config), "status"]) == 0
    assert "no invitations" in capsys.readouterr().out


def test_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "run", "status", "cancel", "preview", "init", "demo"):
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        assert info.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_python_m_mailer_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mailer", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("polite-decline ")


def test_wheel_carries_templates_and_example_config(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("polite_decline-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mailer/_data/polite-decline.example.toml" in names
    for lang in ("en", "de", "fr", "es"):
        for register in ("formal", "informal"):
            assert f"mailer/_data/templates/{lang}/{register}/decline.txt.j2" in names
            assert f"mailer/_data/templates/{lang}/{register}/followup.txt.j2" in names
        assert f"mailer/_data/templates/{lang}/_letter.j2" in names
        assert f"mailer/_data/templates/{lang}/wording.txt.j2" in names
    assert "mailer/py.typed" in names
    assert any(n.startswith("mailer/demo_mail/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "polite-decline = mailer.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
