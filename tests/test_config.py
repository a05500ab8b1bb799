"""Configuration: every kind of bad value names the file, the key and the reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mailer.adapters.secrets import read_secret
from mailer.commands.cli import main
from mailer.config import find_config_path, load_config, parse_duration
from mailer.errors import ConfigError, SecretError

REPO = Path(__file__).resolve().parent.parent

GOOD = """
[identity]
name = "Alex Example"
email = "alex@example.org"
aliases = ["a.example@example.net"]

[imap]
host = "imap.example.org"
username = "alex@example.org"
password_env = "PD_TEST_IMAP"

[smtp]
host = "smtp.example.org"
"""


def write(tmp_path: Path, text: str, mode: int = 0o644) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


def test_example_config_loads() -> None:
    config = load_config(REPO / "config" / "polite-decline.example.toml")
    assert config.imap.port == 993
    assert config.followup.delay == timedelta(days=2)
    assert config.followup.window is not None
    assert config.daemon.lookback == timedelta(days=7)


def test_good_file_and_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.identity.aliases == ("a.example@example.net",)
    assert config.smtp.port == 465
    assert config.smtp_username == "alex@example.org"
    # [smtp] names no secret: [imap]'s is used.
    secret = config.smtp_secret()
    assert secret is not None
    assert secret.env == "PD_TEST_IMAP"
    assert config.followup.weekday_numbers == frozenset(range(5))


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (("port = 993", "port = 99999"), "imap.port", "a number from 1 to 65535"),
        (("port = 993", 'port = "x"'), "imap.port", "whole number"),
        # Strict types: a quoted number or a word for a boolean is a mistake, not a guess.
        (("port = 993", 'port = "993"'), "imap.port", 'without quotes (it is "993")'),
        (("port = 993", "port = 993.5"), "imap.port", "whole number"),
        (("enabled = true", 'enabled = "yes"'), "followup.enabled", "true or false"),
        (("enabled = true", "enabled = 1"), "followup.enabled", "true or false"),
        # A bare number is not a duration: two seconds or two days?
        (('delay = "2d"', "delay = 2"), "followup.delay", "2 has no unit; write a duration"),
        (('delay = "2d"', 'delay = "2"'), "followup.delay", '"3d", "36h" or "90m"'),
        (('security = "tls"', 'security = "ssl"'), "imap.security", "tls"),
        (('email = "alex@example.org"', 'email = "not-an-address"'), "identity.email", "valid"),
        (('delay = "2d"', 'delay = "two days"'), "followup.delay", "duration"),
        (('timezone = ""', 'timezone = "Mars/Olympus"'), "followup.timezone", "IANA"),
        (
            ('send_window = "09:00-17:00"', 'send_window = "17:00-09:00"'),
            "followup.send_window",
            "before it ends",
        ),
        (('weekdays = ["mon"]', 'weekdays = ["funday"]'), "followup.weekdays", "not a day"),
        (('weekdays = ["mon"]', 'weekdays = "mon-funday"'), "followup.weekdays", "mon-fri"),
        (('weekdays = ["mon"]', "weekdays = 5"), "followup.weekdays", "a range such as"),
        (('weekdays = ["mon"]', "weekdays = []"), "followup.weekdays", "at least one day"),
        (('security = "tls"', "security = true"), "imap.security", '"tls", "starttls" or "none"'),
        (('drafts_folder = ""', "drafts_folder = 3"), "imap.drafts_folder", "double quotes"),
        (('lookback = "7d"', 'lookback = "-1d"'), "daemon.lookback", "duration"),
        (
            ('drafts_folder = ""', 'drafts_folder = "Drafts\\r\\nA1 DELETE INBOX"'),
            "imap.drafts_folder",
            "line breaks",
        ),
    ],
)
def test_bad_values_name_key_and_reason(
    tmp_path: Path, change: tuple[str, str], key: str, words: str
) -> None:
    text = (
        GOOD.replace(
            'password_env = "PD_TEST_IMAP"',
            'password_env = "PD_TEST_IMAP"\nport = 993\nsecurity = "tls"\ndrafts_folder = ""',
        )
        + '\n[followup]\nenabled = true\ndelay = "2d"\ntimezone = ""\nsend_window = "09:00-17:00"\n'
        'weekdays = ["mon"]\n[daemon]\nlookback = "7d"\n'
    )
    assert change[0] in text
    path = write(tmp_path, text.replace(change[0], change[1], 1))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == key
    assert words in info.value.reason
    assert str(path) in str(info.value)


def test_unknown_key_and_missing_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, GOOD + 'colour = "blue"\n'))
    assert info.value.key == "smtp.colour"
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, GOOD.replace('host = "imap.example.org"\n', "")))
    assert info.value.key == "imap.host"
    assert "required" in info.value.reason


def test_security_none_only_for_loopback(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, GOOD.replace("[smtp]\n", '[smtp]\nsecurity = "none"\n')))
    assert info.value.key == "smtp.security"
    assert "loopback" in info.value.reason
    ok = GOOD.replace('host = "smtp.example.org"', 'host = "127.0.0.1"\nsecurity = "none"')
    assert load_config(write(tmp_path, ok)).smtp.security == "none"


def test_exactly_one_secret_source(tmp_path: Path) -> None:
    two = GOOD.replace(
        'password_env = "PD_TEST_IMAP"',
        'password_env = "PD_TEST_IMAP"\npassword_command = "echo x"',
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, two))
    assert info.value.key == "imap.password_command"
    none = GOOD.replace('password_env = "PD_TEST_IMAP"\n', "")
    with pytest.raises(ConfigError, match="exactly one"):
        load_config(write(tmp_path, none))


def test_plain_password_needs_mode_0600(tmp_path: Path) -> None:
    text = GOOD.replace('password_env = "PD_TEST_IMAP"', 'password = "hunter2-secret"')
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text, 0o644))
    assert info.value.key == "imap.password"
    assert "chmod 600" in info.value.reason
    assert "hunter2-secret" not in str(info.value)
    config = load_config(write(tmp_path, text, 0o600))
    assert read_secret(config.imap_secret()).secret == "hunter2-secret"


def test_a_plain_password_is_hidden_in_reprs_and_dumps(tmp_path: Path) -> None:
    text = GOOD.replace('password_env = "PD_TEST_IMAP"', 'password = "hunter2-secret"')
    config = load_config(write(tmp_path, text, 0o600))
    # pydantic's SecretStr: not only repr, but str, model dumps and JSON too.
    for shown in (repr(config), str(config), str(config.model_dump()), config.model_dump_json()):
        assert "hunter2-secret" not in shown
    assert read_secret(config.imap_secret()).secret == "hunter2-secret"
    both = text.replace(
        'password = "hunter2-secret"', 'password = "hunter2-secret"\npassword_env = "X"'
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, both, 0o600))
    assert info.value.key == "imap.password_command"
    assert "hunter2-secret" not in str(info.value)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[imap\nhost="))
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml")


def test_secret_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write(tmp_path, GOOD))
    monkeypatch.delenv("PD_TEST_IMAP", raising=False)
    with pytest.raises(SecretError, match="PD_TEST_IMAP is not set"):
        read_secret(config.imap_secret())
    monkeypatch.setenv("PD_TEST_IMAP", "from-env-secret")
    assert read_secret(config.imap_secret()).secret == "from-env-secret"

    cmd = GOOD.replace(
        'password_env = "PD_TEST_IMAP"', "password_command = \"printf 'cmd-secret\\\\nmetadata'\""
    )
    credential = read_secret(load_config(write(tmp_path, cmd)).imap_secret())
    assert credential.secret == "cmd-secret"
    assert credential.kind == "password"
    assert "cmd-secret" not in repr(credential)

    token = GOOD.replace('password_env = "PD_TEST_IMAP"', 'oauth2_token_command = "echo tok-123"')
    credential = read_secret(load_config(write(tmp_path, token)).imap_secret())
    assert (credential.kind, credential.secret) == ("oauth2", "tok-123")

    failing = GOOD.replace(
        'password_env = "PD_TEST_IMAP"', 'password_command = "echo leaked-secret; exit 3"'
    )
    with pytest.raises(SecretError) as info:
        read_secret(load_config(write(tmp_path, failing)).imap_secret())
    assert "status 3" in str(info.value)
    assert "leaked-secret" not in str(info.value)


def test_config_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("POLITE_DECLINE_CONFIG", raising=False)
    assert find_config_path() == tmp_path / "xdg" / "polite-decline" / "config.toml"
    monkeypatch.setenv("POLITE_DECLINE_CONFIG", str(tmp_path / "env.toml"))
    assert find_config_path() == tmp_path / "env.toml"
    assert find_config_path(str(tmp_path / "cli.toml")) == tmp_path / "cli.toml"


def test_durations() -> None:
    assert parse_duration("45s") == timedelta(seconds=45)
    assert parse_duration("10m") == timedelta(minutes=10)
    assert parse_duration("36h") == timedelta(hours=36)
    assert parse_duration("2d") == timedelta(days=2)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")
    with pytest.raises(
        ValueError, match='30 has no unit; write a duration with a unit, in quotes, such as "3d"'
    ):
        parse_duration(30)


@pytest.mark.parametrize(
    ("written", "days"),
    [
        ('"mon-fri"', ("mon", "tue", "wed", "thu", "fri")),
        ('"fri-mon"', ("fri", "sat", "sun", "mon")),  # a range may wrap over the weekend
        ('"Monday, wed-thu"', ("mon", "wed", "thu")),
        ('["mon-wed", "sat", "mon"]', ("mon", "tue", "wed", "sat")),
        ('["sun"]', ("sun",)),
    ],
)
def test_weekdays_as_list_range_or_both(tmp_path: Path, written: str, days: tuple[str]) -> None:
    config = load_config(write(tmp_path, GOOD + f"[followup]\nweekdays = {written}\n"))
    assert config.followup.weekdays == days


def test_plain_password_of_the_wrong_type_is_not_echoed(tmp_path: Path) -> None:
    text = GOOD.replace('password_env = "PD_TEST_IMAP"', "password = 73196428")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text, 0o600))
    assert info.value.key == "imap.password"
    assert "double quotes" in info.value.reason
    assert "73196428" not in str(info.value)


@pytest.mark.parametrize(
    ("table", "line", "key", "words"),
    [
        ("[followup]", "delay = 2", "followup.delay", 'such as "3d", "36h" or "90m"'),
        ("[smtp]", 'port = "993"', "smtp.port", "whole number, written without quotes"),
        ("[followup]", 'enabled = "yes"', "followup.enabled", "true or false"),
        ("[followup]", 'weekdays = "mon-fry"', "followup.weekdays", "not a day or a range"),
        ("[smtp]", 'auth = "no"', "smtp.auth", "true or false"),
    ],
)
def test_cli_refuses_loose_values_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    line: str,
    key: str,
    words: str,
) -> None:
    text = GOOD + ("" if table == "[smtp]" else f"{table}\n") + line + "\n"
    path = write(tmp_path, text)
    assert main(["--config", str(path), "status"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line, no traceback
    assert err.startswith(f"polite-decline: configuration error: {path}: {key}: ")
    assert words in err


def test_cli_bad_config_exit_2_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD.replace("[smtp]\n", "[smtp]\nport = 0\n"))
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(path) in err
    assert "smtp.port" in err


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert "polite-decline" in capsys.readouterr().out
