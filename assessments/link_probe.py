"""One HTTP look at a URL, as an assessor's browser would take it: no Django, standard library
only (``http.client``), for ``assessments.link_checks``.

``probe(url, policy)`` sends one GET (and one more per redirect, at most ``MAX_REDIRECTS``),
reads the status, the content type and the size — the ``Content-Length`` header, else the
body read up to ``policy.max_bytes`` — and never raises for what the network does: a timeout,
a refused connection or a bad answer come back as a ``Probe`` with ``error`` set (Thai).

Which hosts may be requested is ``Policy.allows``: with an allow-list (``hosts``: "host" or
"host:port" entries) only those; without one, any host whose every address is public (an
evidence URL must not make the server call itself or its private network). A refused host is
never connected to, redirects included.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
USER_AGENT = "ITA-Portal-LinkCheck/1 (evidence link check)"

TIMEOUT_ERROR = "หมดเวลารอ"
CONNECT_ERROR = "เชื่อมต่อไม่ได้"
NOT_ALLOWED_ERROR = "ไม่ได้ตรวจ: โฮสต์นี้ไม่อยู่ในรายการที่อนุญาตให้ตรวจ"
BAD_URL_ERROR = "URL ไม่ถูกต้อง"
TOO_MANY_REDIRECTS_ERROR = "เปลี่ยนเส้นทางเกิน 5 ครั้ง"


@dataclass(frozen=True)
class Policy:
    """How to probe: ``hosts`` the allow-list (empty: any public host), ``timeout`` seconds
    per connection and per read, ``max_bytes`` read at most when no ``Content-Length`` comes."""

    hosts: tuple[str, ...] = ()
    timeout: float = 10.0
    max_bytes: int = 1_048_576

    def allows(self, url: str) -> bool:
        """Whether ``url`` (http or https) may be requested. Resolves the host only when no
        allow-list is set (to refuse private, loopback and link-local addresses)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return False
        host = parts.hostname.lower()
        if self.hosts:
            return host in self.hosts or f"{host}:{port}" in self.hosts
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
        except (OSError, UnicodeError):
            return True  # unresolvable: let the request fail and say so
        return all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


@dataclass(frozen=True)
class Probe:
    """What one look at ``url`` found: ``status`` (HTTP status of the last answer, ``None``
    without one), ``content_type`` (lower case, parameters dropped), ``size`` (bytes, ``None``
    when unknown or over the cap), ``final_url`` (after redirects), ``error`` ("" when an
    answer came), ``requested`` (False when the policy refused the first URL)."""

    url: str
    status: int | None = None
    content_type: str = ""
    size: int | None = None
    final_url: str = ""
    error: str = ""
    requested: bool = True


def _request(url: str, policy: Policy) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = cls(parts.hostname, parts.port, timeout=policy.timeout, **kwargs)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"})
    return connection.getresponse()


def _size(response: http.client.HTTPResponse, max_bytes: int) -> int | None:
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit():
        return int(length.strip())
    read = 0
    while read <= max_bytes:
        chunk = response.read(min(65_536, max_bytes + 1 - read))
        if not chunk:
            return read
        read += len(chunk)
    return None  # more than the cap: unknown


def probe(url: str, policy: Policy) -> Probe:
    """Look at ``url`` once (following redirects) under ``policy``; see the module's text."""
    if not policy.allows(url):
        return Probe(url=url, error=NOT_ALLOWED_ERROR, requested=False)
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            response = _request(current, policy)
            try:
                location = response.getheader("Location")
                if 300 <= response.status < 400 and location:
                    following = urljoin(current, location)
                    if not policy.allows(following):
                        return Probe(url=url, status=response.status, final_url=following, error=NOT_ALLOWED_ERROR)
                    current = following
                    continue
                content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
                size = _size(response, policy.max_bytes) if response.status < 400 else None
                return Probe(url=url, status=response.status, content_type=content_type, size=size, final_url=current)
            finally:
                response.close()
        return Probe(url=url, final_url=current, error=TOO_MANY_REDIRECTS_ERROR)
    except (TimeoutError, socket.timeout):
        return Probe(url=url, final_url=current, error=TIMEOUT_ERROR)
    except (OSError, http.client.HTTPException, ValueError, UnicodeError):
        return Probe(url=url, final_url=current, error=CONNECT_ERROR)
