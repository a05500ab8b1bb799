"""Loading and validating the TOML configuration file.

Every value is checked when the file is loaded, so that a mistake is reported at
start with the file, the key and the reason (``ConfigError``), never as a traceback
in the middle of the night. The tables and keys of
``config/polite-decline.example.toml`` are a public contract.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from mailer.adapters.secrets import SecretSource
from mailer.core.model import DeclineSettings, Identity
from mailer.core.net import is_loopback_host
from mailer.core.wording import make_wording
from mailer.errors import ConfigError

__all__ = [
    "Config",
    "default_config_path",
    "find_config_path",
    "load_config",
    "parse_duration",
]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION_WANTED = (
    'a duration with a unit, in quotes, such as "3d", "36h" or "90m" (units: s, m, h, d, w)'
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{d: d for d in _WEEKDAYS},
    **{
        full: full[:3]
        for full in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    },
}
_WEEKDAYS_WANTED = (
    'days such as ["mon", "tue", "wed", "thu", "fri"], a range such as "mon-fri", '
    "or both (day names: mon, tue, wed, thu, fri, sat, sun)"
)
LANGUAGES = ("en", "de", "fr", "es")


def parse_duration(value: object, /) -> timedelta:
    """``45s``, ``10m``, ``36h``, ``2d``, ``1w``.

    A bare number is refused: ``delay = 2`` could mean two seconds or two days, and
    guessing wrong sends a thank-you right after the decline."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value} has no unit; write {_DURATION_WANTED}")
    if not isinstance(value, str):
        raise ValueError(f"write {_DURATION_WANTED}")
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a duration; write {_DURATION_WANTED}")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)])


def _parse_weekdays(value: object) -> tuple[str, ...]:
    """``["mon", "wed"]``, ``"mon-fri"``, ``"mon-wed, fri"`` or ``["mon-thu", "sat"]``.

    A range runs forward through the week and may wrap (``"fri-mon"``)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"write {_WEEKDAYS_WANTED}")
    days: list[str] = []
    for item in items:
        for part in item.split(","):
            ends = [_DAY_NAMES.get(end.strip().lower()) for end in part.split("-")]
            if len(ends) > 2 or None in ends:
                raise ValueError(
                    f"{part.strip()!r} is not a day or a range of days; write {_WEEKDAYS_WANTED}"
                )
            first = _WEEKDAYS.index(str(ends[0]))
            span = (_WEEKDAYS.index(str(ends[-1])) - first) % 7
            days.extend(_WEEKDAYS[(first + i) % 7] for i in range(span + 1))
    return tuple(dict.fromkeys(days))  # in order, each day once


def _check_email(value: str) -> str:
    try:
        # No DNS: the daemon must start offline and tests have no network.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not a valid e-mail address: {exc}") from None


def _check_zone(value: str) -> str:
    if value in ("", "recipient"):
        return value
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not an IANA time zone (e.g. Europe/Berlin), 'recipient' or empty"
        ) from None
    return value


def _check_window(value: str) -> str:
    if value == "any":
        return value
    m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a window like 09:00-17:00 (or 'any')")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
        raise ValueError(f"{value!r} has an impossible time")
    if (h1, m1) >= (h2, m2):
        raise ValueError(f"{value!r}: the window must start before it ends")
    return value


def _check_folder(value: str) -> str:
    # Folder names go into IMAP commands: CR, LF and NUL would inject commands.
    if any(ch in value for ch in "\r\n\0"):
        raise ValueError("a folder name cannot contain line breaks or NUL")
    return value


def _check_port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise ValueError(f"{value} is not a port number; write a number from 1 to 65535")
    return value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
# Strict: port = "993" or enabled = "yes" is a mistake to point out, not to guess at.
Port = Annotated[StrictInt, AfterValidator(_check_port)]
Weekdays = Annotated[
    tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...],
    BeforeValidator(_parse_weekdays),
]
Email = Annotated[str, AfterValidator(_check_email)]
Folder = Annotated[str, AfterValidator(_check_folder)]
Security = Literal["tls", "starttls", "none"]


def _field_error(key: str, reason: str) -> ValueError:
    """An error of a cross-field rule, naming the key it is about (see ``_locate``)."""
    return ValueError(f"[{key}] {reason}")


def _locate(loc: tuple[int | str, ...], reason: str) -> tuple[str, str]:
    m = re.match(r"^\[([a-z_]+)\] (.*)$", reason, re.DOTALL)
    if m:
        return _key((*loc, m.group(1))), m.group(2)
    return _key(loc), reason


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# Names that are a template's, not a person's: a draft signed "Your Name" is worse
# than no draft.
_PLACEHOLDER_NAMES = re.compile(
    r"^\W*(?:your(?:\s+full)?\s+name(?:\s+here)?|name|first\s*name\s+last\s*name|firstname"
    r"|vorname\s+nachname|pr[ée]nom\s+nom|nombre\s+apellidos?|john\s+doe|jane\s+doe"
    r"|changeme|todo|xxx+)\W*$",
    re.IGNORECASE,
)


def _check_name(value: str) -> str:
    if _PLACEHOLDER_NAMES.match(value):
        raise ValueError(f"{value!r} is a placeholder; write your own name (it signs every draft)")
    return value


class IdentityConfig(_Table):
    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_name)]
    email: Email
    aliases: tuple[Email, ...] = ()


class _SecretFields(_Table):
    password_command: str = ""
    password_env: str = ""
    oauth2_token_command: str = ""
    # SecretStr: hidden from repr, str, model dumps and validation errors alike.
    password: SecretStr = SecretStr("")

    def secret_source(self, where: str) -> SecretSource:
        return SecretSource(
            where,
            command=self.password_command or None,
            env=self.password_env or None,
            oauth2_command=self.oauth2_token_command or None,
            password=self.password.get_secret_value() or None,
        )

    def secret_count(self) -> int:
        return sum(
            bool(v)
            for v in (
                self.password_command,
                self.password_env,
                self.oauth2_token_command,
                self.password.get_secret_value(),
            )
        )


class ImapConfig(_SecretFields):
    host: str = Field(min_length=1)
    port: Port = 993
    security: Security = "tls"
    username: str = Field(min_length=1)
    drafts_folder: Folder = ""
    sent_folder: Folder = ""
    ca_file: str = ""
    connect_timeout: Duration = timedelta(seconds=20)
    # Every socket read has a deadline: a dead connection must not hang the daemon.
    read_timeout: Duration = timedelta(seconds=60)
    # RFC 2177: re-issue IDLE well within 29 minutes; NAT boxes drop quiet sockets sooner.
    idle_interval: Duration = timedelta(minutes=9)
    poll_interval: Duration = timedelta(minutes=2)

    @model_validator(mode="after")
    def _rules(self) -> ImapConfig:
        _transport_rules(self.host, self.security, "imap")
        if self.secret_count() != 1:
            raise _field_error(
                "password_command",
                "set exactly one secret source: password_command, password_env, "
                "oauth2_token_command or password",
            )
        if not timedelta(seconds=30) <= self.idle_interval <= timedelta(minutes=29):
            raise _field_error("idle_interval", "must be between 30s and 29m (RFC 2177)")
        if self.poll_interval < timedelta(seconds=5):
            raise _field_error("poll_interval", "must be at least 5s")
        return self


class SmtpConfig(_SecretFields):
    host: str = Field(min_length=1)
    port: Port = 465
    security: Security = "tls"
    username: str = ""
    auth: StrictBool = True
    save_to_sent: Literal["auto", "always", "never"] = "auto"
    ca_file: str = ""
    timeout: Duration = timedelta(seconds=60)
    # 4xx and dropped connections are retried with capped exponential backoff from
    # this first delay (RFC 5321 4.5.4.1 suggests at least 30 minutes for an MTA; a
    # submission client may retry sooner), up to max_attempts sends in all.
    retry_after: Duration = timedelta(minutes=1)
    max_attempts: StrictInt = Field(default=8, ge=1, le=50)

    @model_validator(mode="after")
    def _rules(self) -> SmtpConfig:
        _transport_rules(self.host, self.security, "smtp")
        if self.secret_count() > 1:
            raise _field_error(
                "password_command",
                "set at most one secret source: password_command, password_env, "
                "oauth2_token_command or password",
            )
        return self


def _transport_rules(host: str, security: str, where: str) -> None:
    if security == "none" and not is_loopback_host(host):
        raise _field_error(
            "security",
            f"security = 'none' sends the password in clear text; it is allowed only "
            f"for a loopback host (127.0.0.1, ::1, localhost), not {host!r}",
        )


_Words = Annotated[str, Field(max_length=500)]


class DeclineConfig(_Table):
    # A keyword, your own words in one language, or a table of them per language:
    # see mailer.core.wording for the contract.
    reason: _Words | dict[str, _Words] = ""
    offer: _Words | dict[str, _Words] = ""
    signature: str = Field(default="", max_length=2000)
    language: Literal["", "en", "de", "fr", "es"] = ""
    templates_dir: str = ""

    @model_validator(mode="after")
    def _rules(self) -> DeclineConfig:
        for key in ("reason", "offer"):
            try:
                make_wording(getattr(self, key), what=key, language=self.language)
            except ValueError as exc:
                raise _field_error(key, str(exc)) from None
        return self


class FollowupConfig(_Table):
    enabled: StrictBool = True
    delay: Duration = timedelta(days=2)
    send_window: Annotated[str, AfterValidator(_check_window)] = "09:00-17:00"
    weekdays: Weekdays = ("mon", "tue", "wed", "thu", "fri")
    timezone: Annotated[str, AfterValidator(_check_zone)] = ""
    cancel_if_replied: StrictBool = True
    jitter: Duration = timedelta(minutes=7)
    late_limit: Duration = timedelta(days=3)
    per_recipient_window: Duration = timedelta(days=7)
    auto_submitted: StrictBool = True

    @model_validator(mode="after")
    def _rules(self) -> FollowupConfig:
        if not self.weekdays:
            raise _field_error("weekdays", "must name at least one day")
        return self

    @property
    def window(self) -> tuple[time, time] | None:
        if self.send_window == "any":
            return None
        start, end = self.send_window.split("-")
        h1, m1 = (int(x) for x in start.split(":"))
        h2, m2 = (int(x) for x in end.split(":"))
        end_t = time(23, 59, 59) if h2 == 24 else time(h2, m2)
        return time(h1, m1), end_t

    @property
    def weekday_numbers(self) -> frozenset[int]:
        return frozenset(_WEEKDAYS.index(d) for d in self.weekdays)


class DaemonConfig(_Table):
    state_dir: str = "~/.local/state/polite-decline"
    lookback: Duration = timedelta(days=7)
    # A draft that vanished without a sent decline for this long means "declined
    # to decline": the invitation is discarded and never drafted again.
    discard_after: Duration = timedelta(days=14)
    # How often Sent and Drafts are checked when the server cannot IDLE on them.
    sent_check_interval: Duration = timedelta(minutes=2)

    @property
    def state_path(self) -> Path:
        return Path(os.path.expandvars(self.state_dir)).expanduser()


class Config(_Table):
    identity: IdentityConfig
    imap: ImapConfig
    smtp: SmtpConfig
    decline: DeclineConfig = DeclineConfig()
    followup: FollowupConfig = FollowupConfig()
    daemon: DaemonConfig = DaemonConfig()
    path: str = ""

    @property
    def account(self) -> str:
        """Names the mailbox in state keys: the same user on another server is another."""
        return f"{self.imap.username}@{self.imap.host}"

    @property
    def identity_value(self) -> Identity:
        return Identity(self.identity.name, self.identity.email, tuple(self.identity.aliases))

    @property
    def decline_settings(self) -> DeclineSettings:
        decline = self.decline
        return DeclineSettings(
            reason=make_wording(decline.reason, what="reason", language=decline.language),
            offer=make_wording(decline.offer, what="offer", language=decline.language),
            signature=decline.signature,
            language=decline.language,
        )

    def imap_secret(self) -> SecretSource:
        return self.imap.secret_source("imap")

    def smtp_secret(self) -> SecretSource | None:
        """SMTP's own secret; [imap]'s when [smtp] names none; None when auth is off."""
        if not self.smtp.auth:
            return None
        if self.smtp.secret_count():
            return self.smtp.secret_source("smtp")
        return self.imap.secret_source("imap")

    @property
    def smtp_username(self) -> str:
        return self.smtp.username or self.imap.username


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "polite-decline" / "config.toml"


def find_config_path(explicit: str | None = None) -> Path:
    """``--config`` wins, then ``POLITE_DECLINE_CONFIG``, then the XDG default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("POLITE_DECLINE_CONFIG")
    if env:
        return Path(env).expanduser()
    return default_config_path()


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _toml(value: object) -> str:
    """A value as it is written in the file: strings in double quotes, true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def _reason(err: Any) -> str:
    """Pydantic's error in plain words: what the key wants, and what it got."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", "invalid value"))
    secret = "password" in err.get("loc", ())
    got = "" if secret or "input" not in err else f" (it is {_toml(err['input'])})"
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known key (check the spelling against the example config)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, written without quotes{got}"
    if kind == "bool_type":
        return f"must be true or false, written without quotes{got}"
    if kind == "string_type":
        return f"must be text in double quotes{got}"
    if kind in ("tuple_type", "list_type"):
        return f'must be a list in square brackets, such as ["..."]{got}'
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a table (a [section] of keys){got}"
    if kind == "literal_error":
        return f"must be one of {str(ctx.get('expected', '')).replace(chr(39), chr(34))}{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more{got}"
    if kind == "less_than_equal":
        return f"must be {ctx.get('le')} or less{got}"
    return msg.removeprefix("Value error, ")


def load_config(path: Path, /) -> Config:
    """Read and validate ``path``. Raises ConfigError naming the file, key and reason."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            shown, None, "no such file (create one with `polite-decline init` or pass --config)"
        ) from None
    except OSError as exc:
        raise ConfigError(shown, None, f"cannot be read: {exc.strerror}") from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(shown, None, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(shown, None, f"is not valid TOML: {exc}") from None
    if "path" in raw:
        raise ConfigError(shown, "path", "is not a known key")
    try:
        config = Config.model_validate({**raw, "path": shown})
    except ValidationError as exc:
        first = exc.errors()[0]
        key, reason = _locate(tuple(first["loc"]), _reason(first))
        raise ConfigError(shown, key, reason) from None
    _check_plain_passwords(path, config)
    return config


def _check_plain_passwords(path: Path, config: Config) -> None:
    for table, section in (("imap", config.imap), ("smtp", config.smtp)):
        if not section.password.get_secret_value():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise ConfigError(
                str(path),
                f"{table}.password",
                f"a plain password is only accepted in a file that only its owner can "
                f"read, but this file has mode {mode:04o}; run `chmod 600 {path}` or use "
                f"password_command / password_env instead",
            )
