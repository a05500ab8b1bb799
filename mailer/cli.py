"""The ``polite-decline`` command line.

Exit status: 0 ok, 1 runtime failure, 2 usage or configuration error. Expected
failures print one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from mailer import __version__
from mailer.config import Config, find_config_path, load_config
from mailer.errors import ConfigError, PoliteDeclineError
from mailer.logs import scrub, setup_logging

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

log = logging.getLogger("mailer")

Handler = Callable[[argparse.Namespace], int]


def _config(args: argparse.Namespace) -> Config:
    return load_config(find_config_path(args.config))


def _cmd_check(args: argparse.Namespace) -> int:
    config = _config(args)
    from mailer.check import run_check

    return int(run_check(config, out=sys.stdout))


def _cmd_init(args: argparse.Namespace) -> int:
    from mailer.init import write_initial_config

    target = args.path or args.config
    return write_initial_config(find_config_path(target), out=sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polite-decline",
        description=(
            "Watches your inbox for job-interview invitations, drafts a polite decline "
            "in Drafts for you to send, and follows up with a thank-you once you have."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: $POLITE_DECLINE_CONFIG or "
        "$XDG_CONFIG_HOME/polite-decline/config.toml)",
    )
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    noise.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    parser.add_argument(
        "--log-format", choices=("text", "json"), default="text", help="log line format"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check",
        help="check the configuration and that the mail account is reachable",
        description="Validate the config, log in to IMAP and SMTP, and report what was "
        "found. Sends nothing.",
    )
    check.set_defaults(handler=_cmd_check)

    init = sub.add_parser(
        "init",
        help="write a commented configuration file (mode 0600) to edit",
        description="Write the commented example configuration to PATH (default: the "
        "default config location). Refuses to overwrite an existing file.",
    )
    init.add_argument("path", nargs="?", help="where to write it")
    init.set_defaults(handler=_cmd_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(verbosity=-1 if args.quiet else args.verbose, fmt=args.log_format)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"polite-decline: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PoliteDeclineError as exc:
        print(f"polite-decline: {scrub(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
