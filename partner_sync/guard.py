"""Refuse webhook URLs that point inside our own network (SSRF)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def _blocked(address):
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return not settings.WEBHOOK_ALLOW_LOOPBACK
    return ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified


def check_url(url):
    """Raise ValidationError (Chinese message) unless ``url`` is a public http(s) address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("Webhook 地址必须是 http:// 或 https:// 开头的完整网址。")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise ValidationError(f"无法解析主机名 {parts.hostname}。") from None
    for info in infos:
        if _blocked(info[4][0]):
            raise ValidationError(f"Webhook 地址 {parts.hostname} 指向内网、本机或保留地址，已拒绝。")
