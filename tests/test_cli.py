"""The command line: init, status on an empty state, and what a wheel carries."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mailer.commands.cli import build_parser, main

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
    assert any(n.startswith("mailer/commands/demo_mail/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "polite-decline = mailer.commands.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
    )


def _fresh_config(tmp_path: Path) -> Path:
    config = tmp_path / "c.toml"
    example = (REPO / "config" / "polite-decline.example.toml").read_text()
    config.write_text(example.replace("~/.local/state/polite-decline", str(tmp_path / "st")))
    return config


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "{c}", "-v", "status", "--json"],
        ["status", "-v", "--config", "{c}", "--json"],
        ["status", "--json", "-c", "{c}", "-q", "--log-format", "json"],
        ["-c", "/nonexistent.toml", "status", "-c", "{c}", "--json"],  # the later one wins
    ],
)
def test_global_options_before_or_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    config = _fresh_config(tmp_path)
    assert main([a.replace("{c}", str(config)) for a in argv]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_options_given_only_before_the_command_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("POLITE_DECLINE_CONFIG", raising=False)
    config = _fresh_config(tmp_path)
    assert main(["--config", str(config), "status"]) == 0  # not reset by `status`
    assert "no invitations" in capsys.readouterr().out


def test_quiet_and_verbose_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["-q", "status", "-v"])
    assert info.value.code == 2
    assert "cannot be combined" in capsys.readouterr().err


def test_global_options_parse_the_same_on_either_side() -> None:
    parser = build_parser()
    before = parser.parse_args(["-vv", "--log-format", "json", "-c", "x.toml", "run", "--once"])
    after = parser.parse_args(["run", "--once", "-vv", "--log-format", "json", "-c", "x.toml"])
    assert vars(before) == vars(after)
    assert (after.verbose, after.log_format, after.config) == (2, "json", "x.toml")


def test_init_for_an_account_gives_it_its_own_state_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    account = tmp_path / "work.toml"
    assert main(["init", str(account)]) == 0
    assert "its state directory: ~/.local/state/polite-decline/work" in capsys.readouterr().out
    assert 'state_dir = "~/.local/state/polite-decline/work"' in account.read_text()
    default = tmp_path / "config.toml"
    assert main(["init", str(default)]) == 0
    assert 'state_dir = "~/.local/state/polite-decline"\n' in default.read_text()
