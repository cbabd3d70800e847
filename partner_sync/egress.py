"""The one way out for webhooks: parse once, resolve once, connect to what was vetted.

A webhook URL is typed in by a partner manager, so it is hostile input that
makes our server open a connection (SSRF). The rules:

- Parse the URL once, with urllib3's parser (the one ``requests`` uses), and
  refuse anything two parsers could read differently: userinfo, backslashes,
  whitespace or control characters, non-ASCII hosts, trailing dots, and
  numbers that only look like an IP address (``0x7f.1``, ``2130706433``,
  ``0177.0.0.1``). IP literals must be written canonically.
- Resolve the host once and allow only globally routable addresses
  (``ipaddress.is_global``, minus the ranges that tunnel to other addresses:
  6to4, Teredo, NAT64, IPv4-mapped and -compatible IPv6, and multicast).
- Connect to the vetted address itself (no second lookup, so no DNS
  rebinding), with the original name in ``Host`` and, for https, in SNI and
  certificate verification. Redirects are never followed.

Errors say only that the address was refused or could not be reached: the
delivery log must not tell a partner manager which internal ports are open.
"""

import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass

import certifi
import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from urllib3.exceptions import LocationParseError

# Never allowed, even when ``is_global`` says yes (Python's table lags IANA's).
BLOCKED_NETWORKS = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT; holds cloud metadata (100.100.100.200)
        "192.0.0.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/96",  # IPv4-compatible IPv6
        "::ffff:0:0/96",  # IPv4-mapped IPv6
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "2001::/32",  # Teredo
        "2002::/16",  # 6to4
        "ff00::/8",
    )
]
LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
UNSAFE_CHARACTERS = re.compile(r"[\\\s\x00-\x1f\x7f]")

INVALID = "Webhook 地址必须是完整的 http:// 或 https:// 网址，主机名用规范写法，不带用户名、密码或反斜杠。"
REFUSED = "Webhook 地址指向内网、本机或保留地址，已拒绝。"
UNRESOLVED = "无法解析 Webhook 地址的主机名。"


@dataclass(frozen=True)
class Target:
    """A parsed, canonical webhook URL."""

    scheme: str
    host: str  # lower-case ASCII name, or a canonical IP literal (IPv6 without brackets)
    port: int
    path: str  # path and query, as sent on the request line

    @property
    def host_header(self):
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse(url):
    """Parse ``url`` once; raise ValidationError unless it is unambiguous and canonical."""
    if not isinstance(url, str) or not url.isascii() or UNSAFE_CHARACTERS.search(url) or len(url) > 2000:
        raise ValidationError(INVALID)
    try:
        parts = urllib3.util.parse_url(url)
    except (LocationParseError, ValueError):
        raise ValidationError(INVALID) from None
    scheme, _, rest = url.partition("://")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if parts.scheme not in {"http", "https"} or scheme.lower() != parts.scheme or not parts.host:
        raise ValidationError(INVALID)
    if parts.auth is not None or "@" in authority:
        raise ValidationError(INVALID)
    host = canonical_host(parts.host)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not 0 < port < 65536:
        raise ValidationError(INVALID)
    return Target(parts.scheme, host, port, parts.request_uri)


def canonical_host(host):
    if host.startswith("["):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValidationError(INVALID) from None
        if f"[{address.compressed}]" != host:
            raise ValidationError(INVALID)
        return address.compressed
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        address = None
    if address is not None:
        if str(address) != host:
            raise ValidationError(INVALID)
        return host
    labels = host.split(".")
    if len(host) > 253 or not all(LABEL.match(label) for label in labels):
        raise ValidationError(INVALID)  # trailing dot, empty label, underscore, non-ASCII…
    if NUMERIC_LABEL.match(labels[-1]):
        raise ValidationError(INVALID)  # a browser or resolver would read it as an IPv4 address
    if any(label.startswith("xn--") for label in labels):
        try:
            host.encode("ascii").decode("idna")
        except UnicodeError:
            raise ValidationError(INVALID) from None
    return host


def is_allowed(address):
    ip = ipaddress.ip_address(address)
    if ip.is_loopback and settings.WEBHOOK_ALLOW_LOOPBACK:
        return True
    return ip.is_global and not any(ip.version == net.version and ip in net for net in BLOCKED_NETWORKS)


def resolve(target):
    """The one lookup: every address the name has must be public; returns them, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise ValidationError(UNRESOLVED) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ValidationError(UNRESOLVED)
    if not all(is_allowed(address.split("%")[0]) for address in addresses):
        raise ValidationError(REFUSED)
    return addresses


def check_url(url):
    """For forms and the CLI: parse and resolve, raise ValidationError (Chinese) if refused."""
    target = parse(url)
    resolve(target)
    return target


class DeliveryFailed(Exception):
    """A delivery could not be sent; ``str()`` is a short Chinese reason, safe for the log."""

    def __init__(self, message, before_connecting=False):
        super().__init__(message)
        self.before_connecting = before_connecting


def post(url, body, headers, timeout):
    """POST ``body`` to ``url`` through a vetted address; return the HTTP status code.

    If an address cannot be connected to (say IPv6 on an IPv4-only host), the
    next vetted address of the same lookup is tried, as a browser would.
    """
    try:
        target = parse(url)
        addresses = resolve(target)
    except ValidationError as exc:
        raise DeliveryFailed(exc.messages[0]) from None
    for address in addresses[:-1]:
        try:
            return post_to(address, target, body, headers, timeout)
        except DeliveryFailed as exc:
            if not exc.before_connecting:
                raise
    return post_to(addresses[-1], target, body, headers, timeout)


def post_to(address, target, body, headers, timeout):
    pool_kwargs = {"timeout": urllib3.Timeout(total=timeout), "retries": False, "maxsize": 1}
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs=ssl.CERT_REQUIRED,
            ca_certs=certifi.where(),
            **pool_kwargs,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, **pool_kwargs)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        status = response.status
        response.drain_conn()
        response.release_conn()
        return status
    except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError):
        raise DeliveryFailed("无法连接到接收地址。", before_connecting=True) from None
    except urllib3.exceptions.TimeoutError:
        raise DeliveryFailed("接收地址响应超时。") from None
    except urllib3.exceptions.SSLError:
        raise DeliveryFailed("TLS 证书校验失败。") from None
    except (urllib3.exceptions.HTTPError, OSError):
        raise DeliveryFailed("无法连接到接收地址。") from None
    finally:
        pool.close()
