"""Facts about host names that decide whether plain text is allowed."""

from __future__ import annotations

import ipaddress

__all__ = ["is_loopback_host"]


def is_loopback_host(host: str, /) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1).

    Only a path that never leaves this machine may carry a password without TLS.
    """
    name = host.strip().rstrip(".").lower()
    if name in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(name.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False
