"""The ``polite-decline`` command line.

Exit status: 0 ok, 1 runtime failure, 2 usage or configuration error. Expected
failures print one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mailer import __version__
from mailer.config import Config, find_config_path, load_config
from mailer.errors import ConfigError, PoliteDeclineError, UnknownInvitationError, UsageError
from mailer.logs import scrub, setup_logging

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

log = logging.getLogger("mailer")

Handler = Callable[[argparse.Namespace], int]


def _config(args: argparse.Namespace) -> Config:
    return load_config(find_config_path(args.config))


def _cmd_check(args: argparse.Namespace) -> int:
    config = _config(args)
    from mailer.commands.check import run_check

    return int(run_check(config, out=sys.stdout))


def _cmd_init(args: argparse.Namespace) -> int:
    from mailer.commands.init import write_initial_config

    target = args.path or args.config
    return write_initial_config(find_config_path(target), out=sys.stdout)


def _cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    import asyncio

    from mailer.service import Service

    service = Service(config, dry_run=args.dry_run)
    return asyncio.run(service.run(once=args.once))


def _cmd_status(args: argparse.Namespace) -> int:
    from mailer.commands.status import print_status

    return print_status(_config(args), as_json=args.json, out=sys.stdout)


def _cmd_cancel(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from mailer.commands.status import run_cancel

    return run_cancel(_config(args), args.key, now=datetime.now(UTC), out=sys.stdout)


def _cmd_demo(args: argparse.Namespace) -> int:
    from mailer.commands.demo import run_demo

    return run_demo(keep_running=args.keep_running, out=sys.stdout)


def _cmd_preview(args: argparse.Namespace) -> int:
    from mailer.commands.preview import preview_files

    path = find_config_path(args.config)
    config = None
    if args.config or path.exists():
        config = load_config(path)
    return preview_files(
        args.files,
        identity=config.identity_value if config else None,
        settings=config.decline_settings if config else None,
        templates_dir=config.decline.templates_dir if config else None,
        as_json=args.json,
        out=sys.stdout,
        as_recipient=args.as_recipient,
    )


def _global_options(*, after_command: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name.

    After the command name their defaults are SUPPRESS, so that an option given
    only before the name (``--config X status``) is not reset by the subcommand."""
    options = argparse.ArgumentParser(add_help=False)
    keep = argparse.SUPPRESS if after_command else None
    group = options.add_argument_group("global options")
    group.add_argument(
        "-c",
        "--config",
        metavar="PATH",
        default=keep,
        help="configuration file (default: $POLITE_DECLINE_CONFIG or "
        "$XDG_CONFIG_HOME/polite-decline/config.toml)",
    )
    noise = group.add_mutually_exclusive_group()
    noise.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=keep if after_command else 0,
        help="more log output",
    )
    noise.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=keep if after_command else False,
        help="warnings and errors only",
    )
    group.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=keep if after_command else "text",
        help="log line format",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polite-decline",
        description=(
            "Watches your inbox for job-interview invitations, drafts a polite decline "
            "in Drafts for you to send, and follows up with a thank-you once you have."
        ),
        parents=[_global_options(after_command=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        required=True,
        # Global options are accepted after the command name too: `status -v`.
        parser_class=_command_parser(_global_options(after_command=True)),
    )

    check = sub.add_parser(
        "check",
        help="check the configuration and that the mail account is reachable",
        description="Validate the config, log in to IMAP and SMTP, and report what was "
        "found. Sends nothing.",
    )
    check.set_defaults(handler=_cmd_check)

    run = sub.add_parser(
        "run",
        help="run the service in the foreground",
        description="Watch the inbox, draft declines, notice sends, send follow-ups. "
        "SIGTERM or Ctrl-C finishes the current step and exits.",
    )
    run.add_argument(
        "--once",
        action="store_true",
        help="process what is there (and send due follow-ups), then exit",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="log what would be drafted; write nothing to the mailbox or state",
    )
    run.set_defaults(handler=_cmd_run)

    preview = sub.add_parser(
        "preview",
        help="show the verdict, reasons and draft for .eml files",
        description="Run the recogniser, the guard and the composer on message files. "
        "Uses the config's identity and decline settings when a config is found.",
    )
    preview.add_argument("files", nargs="+", metavar="FILE.eml")
    preview.add_argument("--json", action="store_true", help="one JSON object per line")
    preview.add_argument(
        "--as-recipient",
        action="store_true",
        help="treat each message as addressed to you (for samples written to someone else)",
    )
    preview.set_defaults(handler=_cmd_preview)

    status = sub.add_parser(
        "status",
        help="one row per invitation: state, draft, send, follow-up",
        description="Show what polite-decline knows about each invitation.",
    )
    status.add_argument("--json", action="store_true", help="a JSON list of objects")
    status.set_defaults(handler=_cmd_status)

    cancel = sub.add_parser(
        "cancel",
        help="cancel the follow-up of one invitation",
        description="Cancel a scheduled follow-up: it will never be sent. KEY is from "
        "`polite-decline status`.",
    )
    cancel.add_argument("key", metavar="KEY")
    cancel.set_defaults(handler=_cmd_cancel)

    demo = sub.add_parser(
        "demo",
        help="run the whole pipeline on embedded mail servers (no account needed)",
        description="Start an embedded IMAP (pymap) and SMTP (aiosmtpd) server, seed an "
        "inbox, run the service, send one draft as a mail client would, and show the "
        "follow-up arriving.",
    )
    demo.add_argument(
        "--keep-running",
        action="store_true",
        help="leave the servers up for your own mail client; Ctrl-C stops",
    )
    demo.set_defaults(handler=_cmd_demo)

    init = sub.add_parser(
        "init",
        help="write a commented configuration file (mode 0600) to edit",
        description="Write the commented example configuration to PATH (default: the "
        "default config location). Refuses to overwrite an existing file.",
    )
    init.add_argument("path", nargs="?", help="where to write it")
    init.set_defaults(handler=_cmd_init)
    return parser


def _command_parser(common: argparse.ArgumentParser) -> type[argparse.ArgumentParser]:
    """The class of the subcommands' parsers: each one also takes ``common``."""

    class CommandParser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["parents"] = [*kwargs.get("parents", ()), common]
            super().__init__(*args, **kwargs)

    return CommandParser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quiet and args.verbose:
        parser.error("-q/--quiet and -v/--verbose cannot be combined")
    verbosity = -1 if args.quiet else args.verbose
    if args.command == "demo" and not args.verbose and not args.keep_running:
        verbosity = -1  # the demo narrates what happens; -v shows the service's log too
    setup_logging(verbosity=verbosity, fmt=args.log_format)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"polite-decline: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (UsageError, UnknownInvitationError) as exc:
        print(f"polite-decline: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PoliteDeclineError as exc:
        print(f"polite-decline: {scrub(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
