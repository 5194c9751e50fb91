"""Which address a request comes from, for throttling logins per client address.

The connection's address (REMOTE_ADDR) unless it is one of TRUSTED_PROXIES; then the
last address the proxies appended to X-Forwarded-For that is not itself a proxy. A
header anyone can send is believed only from a proxy the configuration names.
IPv6 clients are counted per /64 network: one machine usually holds a whole /64.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if address in proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        while hops and hops[-1] in proxies:
            hops.pop()
        if hops:
            address = hops[-1]
    return _network(address)


def _network(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
