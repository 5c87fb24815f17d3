"""The client's address, for rate limits, lockouts and the audit log: one function used everywhere.

Forwarding headers are written by whoever sends the request, so they are believed only when the
connection comes from a configured proxy (``settings.TRUSTED_PROXIES``, addresses or CIDRs).
Then X-Forwarded-For is read from the right: each trusted proxy appended the address it saw, so
the right-most address that is not a trusted proxy is the client; anything left of it may be
made up. X-Real-IP is never read. Every address is parsed with :mod:`ipaddress`; nothing else
reaches a log or a cache key.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES entries as networks; a bad entry is a configuration error, said loudly."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {value!r} is not an IP address or network"
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str | None) -> Address | None:
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:1.2.3.4) is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str | None:
    """The client's address as a normalised string, or None when the connection has none."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if remote is None or not _is_trusted(remote, networks):
        return str(remote) if remote is not None else None
    client = remote
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage left of the last proxy we trust: keep the last address we could
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
