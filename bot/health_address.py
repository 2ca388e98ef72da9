"""The address setting of the health endpoint ([health] listen), read without the server."""

from __future__ import annotations


def parse_listen(text: str) -> tuple[str, int]:
    """"host:port" -> (host, port); ValueError (a template with {value}) when it is not that."""
    host, _, port = text.strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError('must be "host:port", e.g. "127.0.0.1:8080", not {value!r}')
    return host.strip("[]"), int(port)
