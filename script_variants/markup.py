"""Convert only the human text of a document into a script variant.

Built on ``converter.convert`` (the one OpenCC user). What is converted:
text nodes, ``title``/``alt``/``aria-label``/``placeholder`` attributes,
descriptive ``<meta content>``, JSON string values that are text. What never
is: URLs, e-mail addresses, phone numbers, slugs, ids, ``<script>`` (except
the text values of JSON-LD), ``<style>``, ``<code>``, ``<pre>``.

Converted fragments and whole documents are memoised (bounded LRU) on
(content version, variant, text), so serving a cached page in Traditional
costs a hash and a dictionary look-up.
"""

import hashlib
import json
import re
from collections import OrderedDict
from functools import lru_cache
from threading import Lock
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import unescape as xml_unescape

from script_variants.converter import CONVERTED, HONG_KONG, SIMPLIFIED, TAIWAN, TRADITIONAL, VARIANTS, convert
from script_variants.negotiation import HTML_LANG

PREFIX = f"/{TRADITIONAL}"  # the generic Traditional prefix (kept for callers of old)
PREFIXES = tuple(f"/{variant}" for variant in CONVERTED)

# Spans of plain text that must come through untouched.
PROTECTED = re.compile(
    r"""(?xi)
    (?:https?|ftp|mailto|tel|webcal|urn|tag|data):[^\s"'<>()（），。、；]+   # URLs and URIs
    | www\.[^\s"'<>()（），。、；]+
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail addresses
    | \+?\d[\d\s()-]{5,}\d                               # phone numbers, long digit runs
    """
)
# Anything with a CJK character is worth converting; ASCII never changes.
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


@lru_cache(maxsize=16384)
def _convert_plain(text, variant):
    out = []
    pos = 0
    for match in PROTECTED.finditer(text):
        if match.start() > pos:
            out.append(convert(text[pos : match.start()], variant))
        out.append(match.group(0))
        pos = match.end()
    out.append(convert(text[pos:], variant) if pos < len(text) else "")
    return "".join(out)


def convert_text(text, variant):
    """Human text in ``variant``; URLs, e-mails and phone numbers unchanged."""
    if variant == SIMPLIFIED or not text or not isinstance(text, str) or not CJK.search(text):
        return text
    if variant not in VARIANTS:
        raise ValueError(f"unknown script variant {variant!r}")
    return _convert_plain(text, variant)


# --- JSON -------------------------------------------------------------------

# Keys whose string values are never human text.
JSON_KEEP_KEYS = frozenset(
    {
        "id",
        "@id",
        "uid",
        "guid",
        "slug",
        "url",
        "href",
        "src",
        "srcset",
        "link",
        "next",
        "previous",
        "email",
        "phone",
        "telephone",
        "tel",
        "fax",
        "type",
        "@type",
        "@context",
        "event",
        "status",
        "format",
        "kind",
        "role",
        "locale",
        "language",
        "inLanguage",
        "content_type",
        "mime_type",
        "filter_spec",
        "focal_point",
        "sameAs",
        "image",
        "logo",
        "contentUrl",
        "thumbnailUrl",
        "startDate",
        "endDate",
        "datePublished",
        "dateModified",
        "date",
        "year",
    }
)
JSON_KEEP_SUFFIXES = ("_url", "_at", "_date", "_id", "_ids", "_slug", "_email", "_phone", "Url", "Date")


def _keep_key(key):
    return key in JSON_KEEP_KEYS or (isinstance(key, str) and key.endswith(JSON_KEEP_SUFFIXES))


@lru_cache(maxsize=2048)
def _convert_markup(value, variant):
    return convert_html(value, variant, rewrite_links=False)


def convert_data(value, variant, key=None):
    """A copy of JSON-like data with text string values converted."""
    if variant == SIMPLIFIED:
        return value
    if isinstance(value, str):
        if key == "inLanguage" and value == "zh-Hans":
            return HTML_LANG.get(variant, value)
        if key is not None and _keep_key(key):
            return value
        if "<" in value and ">" in value:
            return _convert_markup(value, variant)
        return convert_text(value, variant)
    if isinstance(value, dict):
        keep = key is not None and _keep_key(key) and key not in ("image", "logo")
        if keep:
            return value
        return {k: convert_data(v, variant, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [convert_data(v, variant, key) for v in value]
    return value


# --- links ------------------------------------------------------------------

# Paths that exist only once, whatever the variant.
UNPREFIXED = (
    "/static/",
    "/media/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/api/",
    "/healthz",
    "/robots.txt",
    "/_util/",
    "/favicon",
)


def _has_prefix(path):
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PREFIXES)


def prefixed_path(path, variant=TRADITIONAL):
    """The /zh-hant/ (/zh-tw/, /zh-hk/) twin of an internal path, or the path itself when it has none."""
    if variant == SIMPLIFIED or not path.startswith("/") or path.startswith("//"):
        return path
    if _has_prefix(path) or path.startswith(UNPREFIXED):
        return path
    return f"/{variant}{path}"


def unprefixed_path(path):
    """The Simplified (root) path of a variant path."""
    for prefix in PREFIXES:
        if path == prefix or path == prefix + "/":
            return "/"
        if path.startswith(prefix + "/"):
            return path[len(prefix) :]
    return path


def rewrite_url(url, origins=(), variant=TRADITIONAL):
    """Keep an internal link inside the reader's variant."""
    if url.startswith("/"):
        return prefixed_path(url, variant)
    for origin in origins:
        if origin and url.startswith(origin) and (len(url) == len(origin) or url[len(origin)] in "/?#"):
            rest = url[len(origin) :] or "/"
            if rest.startswith("/"):
                return origin + prefixed_path(rest, variant)
    return url


# --- HTML -------------------------------------------------------------------

TOKEN = re.compile(
    r"""(?xis)
    (?P<comment><!--.*?-->)
    | (?P<raw><(?P<rawtag>script|style|code|pre|textarea|svg)\b[^>]*>.*?</(?P=rawtag)\s*>)
    | (?P<keep><(?P<keeptag>a|span)\b[^>]*\bdata-script-keep\b[^>]*>.*?</(?P=keeptag)\s*>)
    | (?P<tag><[!?/]?[a-zA-Z][^>]*>)
    """
)
ATTR = re.compile(r"""(?P<pre>\s)(?P<name>[^\s=/>"']+)(?:(?P<eq>\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s>"']+))?""")
TEXT_ATTRS = frozenset({"title", "alt", "aria-label", "aria-description", "placeholder", "label", "summary"})
LINK_ATTRS = frozenset({"href", "action"})
META_TEXT_NAMES = frozenset(
    {
        "description",
        "keywords",
        "og:title",
        "og:description",
        "og:site_name",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
        "twitter:image:alt",
        "application-name",
        "apple-mobile-web-app-title",
    }
)
META_LINK_NAMES = frozenset({"og:url"})
# Open Graph names locales by region: generic Traditional pages are read as zh_TW.
OG_LOCALE = {SIMPLIFIED: "zh_CN", TRADITIONAL: "zh_TW", TAIWAN: "zh_TW", HONG_KONG: "zh_HK"}
JSON_LD = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.I)


def _attr_value(raw):
    if raw and raw[0] in "\"'":
        return raw[0], raw[1:-1]
    return '"', raw or ""


def _convert_tag(tag, variant, rewrite_links, origins):
    name_match = re.match(r"<\s*([a-zA-Z][\w:-]*)", tag)
    if not name_match:
        return tag
    tag_name = name_match.group(1).lower()
    attrs = {m.group("name").lower(): _attr_value(m.group("value"))[1] for m in ATTR.finditer(tag)}
    keep_links = "hreflang" in attrs or "data-script-keep" in attrs
    meta_name = (attrs.get("name") or attrs.get("property") or "").lower() if tag_name == "meta" else ""

    def replace(match):
        name = match.group("name").lower()
        raw = match.group("value")
        if raw is None:
            return match.group(0)
        quote, value = _attr_value(raw)
        new = value
        is_text = name in TEXT_ATTRS or (name == "content" and meta_name in META_TEXT_NAMES)
        is_link = (name in LINK_ATTRS and not keep_links) or (name == "content" and meta_name in META_LINK_NAMES)
        if is_text:
            new = convert_text(value, variant)
        elif rewrite_links and is_link:
            new = rewrite_url(value, origins, variant)
        elif name == "lang" and tag_name == "html":
            new = HTML_LANG.get(variant, value)
        elif name == "content" and meta_name == "og:locale":
            new = OG_LOCALE[variant]
        if new == value:
            return match.group(0)
        return f"{match.group('pre')}{match.group('name')}{match.group('eq')}{quote}{new}{quote}"

    return ATTR.sub(replace, tag)


def _convert_json_ld(block, variant):
    start = block.index(">") + 1
    end = block.lower().rindex("</script")
    body = block[start:end]
    try:
        data = json.loads(body)
    except ValueError:
        return block
    converted = json.dumps(convert_data(data, variant), ensure_ascii=False)
    # As Django's json_script: no "<", ">" or "&" inside a script element (CSP/XSS hardening).
    converted = converted.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return block[:start] + converted + block[end:]


def _convert_html(html, variant, rewrite_links, origins):
    out = []
    pos = 0
    for match in TOKEN.finditer(html):
        if match.start() > pos:
            out.append(convert_text(html[pos : match.start()], variant))
        pos = match.end()
        if match.group("tag"):
            out.append(_convert_tag(match.group("tag"), variant, rewrite_links, origins))
        elif match.group("raw"):
            block = match.group("raw")
            opening = block[: block.index(">") + 1]
            if match.group("rawtag").lower() == "script" and JSON_LD.search(opening):
                out.append(_convert_json_ld(block, variant))
            else:
                out.append(block)
        else:
            out.append(match.group(0))
    out.append(convert_text(html[pos:], variant))
    return "".join(out)


def convert_html(html, variant, rewrite_links=True, origins=()):
    """HTML with human text in ``variant``; optionally internal links kept in the variant."""
    if variant == SIMPLIFIED or not html:
        return html
    return _convert_html(html, variant, rewrite_links, tuple(origins))


# --- XML feeds and sitemaps -------------------------------------------------

XML_TOKEN = re.compile(r"(?s)<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<tag><[^>]+>)")
XML_LINK_ELEMENTS = ("link", "loc", "comments", "docs")
_LANG_TAG = re.compile(r"^(zh-hans|zh-cn|zh)$", re.I)


def _convert_escaped_html(text, variant, origins):
    """HTML carried as escaped XML text (RSS description, Atom content type="html")."""
    html = xml_unescape(text, {"&quot;": '"', "&#x27;": "'", "&#39;": "'"})
    return xml_escape(_convert_html(html, variant, True, origins))


def convert_xml(xml, variant, origins=()):
    """RSS/Atom/sitemap: text converted (escaped HTML inside too), links kept in the variant."""
    if variant == SIMPLIFIED or not xml:
        return xml
    origins = tuple(origins)
    out = []
    pos = 0
    current = None
    for match in XML_TOKEN.finditer(xml):
        if match.start() > pos:
            text = xml[pos : match.start()]
            if current in XML_LINK_ELEMENTS:
                out.append(rewrite_url(text.strip(), origins, variant) if text.strip() else text)
            elif current in ("id", "guid", "uid"):
                out.append(text)
            elif current == "language":
                out.append(_LANG_TAG.sub(HTML_LANG[variant], text.strip()))
            else:
                out.append(
                    _convert_escaped_html(text, variant, origins) if "&lt;" in text else convert_text(text, variant)
                )
        pos = match.end()
        if match.group("tag"):
            tag = match.group("tag")
            name = re.match(r"</?\s*([\w:.-]+)", tag)
            local = name.group(1).split(":")[-1].lower() if name else None
            current = None if tag.startswith("</") else local
            if "xml:lang" in tag:
                tag = re.sub(r"""(xml:lang=["'])zh-hans(["'])""", rf"\g<1>{HTML_LANG[variant]}\2", tag, flags=re.I)
            if local == "category" or (local == "link" and "title=" in tag):
                # Atom categories carry the tag name in term/label; links a human title.
                tag = re.sub(
                    r"""(\s(?:term|label|title)=)(["'])(.*?)\2""",
                    lambda m: f"{m.group(1)}{m.group(2)}{convert_text(m.group(3), variant)}{m.group(2)}",
                    tag,
                )
            if local == "link" and "href" in tag:
                tag = re.sub(
                    r"""(\shref=)(["'])(.*?)\2""",
                    lambda m: f"{m.group(1)}{m.group(2)}{rewrite_url(m.group(3), origins, variant)}{m.group(2)}",
                    tag,
                )
            out.append(tag)
        else:
            out.append(f"<![CDATA[{_convert_html(match.group('cdata'), variant, True, origins)}]]>")
    out.append(xml[pos:])
    return "".join(out)


# --- iCalendar --------------------------------------------------------------

ICS_TEXT_PROPS = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "X-WR-CALDESC", "COMMENT"})
ICS_URL_PROPS = frozenset({"URL"})


def _fold(line):
    data = line.encode()
    if len(data) <= 75:
        return line
    parts = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current = ""
            size = 0
            limit = 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def convert_ics(ics, variant, origins=()):
    """iCalendar: SUMMARY/DESCRIPTION/LOCATION converted, URL kept in the variant, UID untouched."""
    if variant == SIMPLIFIED or not ics:
        return ics
    origins = tuple(origins)
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    lines = unfolded.split("\r\n") if "\r\n" in unfolded else unfolded.split("\n")
    out = []
    for line in lines:
        head, sep, value = line.partition(":")
        prop = head.split(";")[0].upper()
        if sep and prop in ICS_TEXT_PROPS:
            line = f"{head}:{convert_text(value, variant)}"
        elif sep and prop in ICS_URL_PROPS:
            line = f"{head}:{rewrite_url(value, origins, variant)}"
        out.append(_fold(line) if line else line)
    return "\r\n".join(out)


# --- whole documents, memoised ----------------------------------------------

KINDS = {"html": convert_html, "xml": convert_xml, "ics": convert_ics}
_DOCUMENTS = OrderedDict()
_DOCUMENTS_LOCK = Lock()
DOCUMENT_CACHE_SIZE = 512


def convert_document(text, variant, kind, origins=(), version=None):
    """Convert a whole HTML/XML/ICS document, memoised on (version, variant, kind, hash)."""
    if variant == SIMPLIFIED or not text:
        return text
    key = (version, variant, kind, tuple(origins), hashlib.blake2b(text.encode(), digest_size=16).digest())
    with _DOCUMENTS_LOCK:
        hit = _DOCUMENTS.get(key)
        if hit is not None:
            _DOCUMENTS.move_to_end(key)
            return hit
    result = KINDS[kind](text, variant, origins=origins)
    with _DOCUMENTS_LOCK:
        _DOCUMENTS[key] = result
        while len(_DOCUMENTS) > DOCUMENT_CACHE_SIZE:
            _DOCUMENTS.popitem(last=False)
    return result


def convert_document_bytes(content, variant, kind, origins=(), charset="utf-8"):
    """``convert_document`` for an encoded body; the memo skips decoding and encoding."""
    if variant == SIMPLIFIED or not content:
        return content
    key = (b"bytes", variant, kind, tuple(origins), charset, hashlib.blake2b(content, digest_size=16).digest())
    with _DOCUMENTS_LOCK:
        hit = _DOCUMENTS.get(key)
        if hit is not None:
            _DOCUMENTS.move_to_end(key)
            return hit
    result = KINDS[kind](content.decode(charset), variant, origins=tuple(origins)).encode(charset)
    with _DOCUMENTS_LOCK:
        _DOCUMENTS[key] = result
        while len(_DOCUMENTS) > DOCUMENT_CACHE_SIZE:
            _DOCUMENTS.popitem(last=False)
    return result


def clear_caches():
    _convert_plain.cache_clear()
    _convert_markup.cache_clear()
    with _DOCUMENTS_LOCK:
        _DOCUMENTS.clear()
