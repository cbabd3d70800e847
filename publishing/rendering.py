"""The one way to turn a body into partner output.

Three formats, shared by the partner API and the public feeds:

- ``html``: render-ready HTML. Internal links become absolute URLs (built on
  ``settings.BASE_URL``), images become ``<img>`` with absolute rendition
  URLs, and no Wagtail-internal markup (``<embed>``, ``linktype``) survives.
- ``text``: plain text, one block per paragraph.
- ``blocks``: the StreamField as JSON, with images resolved into renditions.

Links to pages that are not public lose their ``href``; images in private
collections are dropped. Rendering a whole page of items costs a fixed number
of queries: call ``RenderContext.prime()`` with every value first, then
render each one.
"""

import functools
import html
import re

import nh3
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import extract_attrs

from cms.absolute_urls import absolute_url, page_url
from publishing.documents import document_data
from publishing.renditions import NAMED_RENDITIONS
from publishing.visibility import is_public_media, private_collection_ids, public_pages

FORMATS = ("html", "text", "blocks")

FIND_A_TAG = re.compile(r"<a(\b[^>]*\blinktype\s*=[^>]*)>", re.IGNORECASE)
FIND_EMBED_TAG = re.compile(r"<embed(\b[^>]*)/?>", re.IGNORECASE)

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "ul", "ol", "li", "a", "b", "strong", "i", "em",
    "blockquote", "footer", "cite", "figure", "figcaption", "img", "aside",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}


def rendition_data(rendition):
    return {"url": absolute_url(rendition.url), "width": rendition.width, "height": rendition.height}


@functools.cache
def named_filters():
    """Wagtail ``Filter`` objects of the named sizes, made once per process: a ``Filter`` parses its
    operations (``Filter.operations``) once, and ``get_renditions`` with spec strings would make new
    ones for every image of every request."""
    from wagtail.images.models import Filter

    return tuple(Filter(spec=spec) for spec in NAMED_RENDITIONS.values())


def image_data(image, private_collections=frozenset()):
    """Serialise an image with its named renditions, or None if it may not be shown."""
    if image is None or image.collection_id in private_collections:
        return None
    renditions = image.get_renditions(*named_filters())
    focal_point = None
    if image.focal_point_x is not None:
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    return {
        "id": image.pk,
        "title": image.title,
        "alt": getattr(image, "default_alt_text", None) or image.title,
        "width": image.width,
        "height": image.height,
        "focal_point": focal_point,
        "renditions": {name: rendition_data(renditions[spec]) for name, spec in NAMED_RENDITIONS.items()},
    }


def image_queryset():
    """Images with the named renditions prefetched in one query."""
    return get_image_model().objects.prefetch_renditions(*NAMED_RENDITIONS.values())


class RenderContext:
    """Caches the pages and images bodies refer to, fetched in batches."""

    def __init__(self, request=None):
        self.request = request
        self.pages = {}
        self.images = {}
        self._private_collections = None

    @property
    def private_collections(self):
        if self._private_collections is None:
            self._private_collections = private_collection_ids()
        return self._private_collections

    def prime(self, values):
        """Fetch every page and image the given bodies refer to (a fixed number of queries)."""
        page_ids, image_ids = set(), set()
        for value in values:
            for rich_text in iter_rich_text(value):
                for match in FIND_A_TAG.finditer(rich_text):
                    attrs = extract_attrs(match.group(1))
                    if attrs.get("linktype") == "page" and str(attrs.get("id", "")).isdigit():
                        page_ids.add(int(attrs["id"]))
                for match in FIND_EMBED_TAG.finditer(rich_text):
                    attrs = extract_attrs(match.group(1))
                    if attrs.get("embedtype") == "image" and str(attrs.get("id", "")).isdigit():
                        image_ids.add(int(attrs["id"]))
            image_ids.update(iter_block_image_ids(value))
        page_ids -= set(self.pages)
        image_ids -= set(self.images)
        if page_ids:
            found = {page.pk: page for page in public_pages(Page.objects.filter(pk__in=page_ids))}
            self.pages.update({pk: found.get(pk) for pk in page_ids})
        if image_ids:
            found = {image.pk: image for image in image_queryset().filter(pk__in=image_ids)}
            self.images.update({pk: found.get(pk) for pk in image_ids})

    def page(self, pk):
        if pk not in self.pages:
            self.prime_ids(page_ids={pk})
        return self.pages.get(pk)

    def image(self, pk):
        if pk not in self.images:
            found = image_queryset().filter(pk=pk).first()
            self.images[pk] = found
        return self.images.get(pk)

    def prime_ids(self, page_ids=()):
        found = {page.pk: page for page in public_pages(Page.objects.filter(pk__in=page_ids))}
        self.pages.update({pk: found.get(pk) for pk in page_ids})

    def image_data(self, image):
        return image_data(image, self.private_collections)


def iter_rich_text(value):
    """Every rich text source string inside a body (StreamValue, RichText or str)."""
    if value is None:
        return
    if isinstance(value, RichText):
        yield value.source
    elif isinstance(value, str):
        yield value
    elif hasattr(value, "raw_data"):
        for kind, _id, data in raw_blocks(value):
            if kind == "paragraph" and isinstance(data, str):
                yield data


def iter_block_image_ids(value):
    for kind, _id, data in raw_blocks(value):
        if kind == "image" and isinstance(data, dict) and isinstance(data.get("image"), int):
            yield data["image"]


def rich_text_to_html(source, context):
    """Database-format rich text to partner HTML."""
    if not source or not isinstance(source, str):
        return ""

    def replace_link(match):
        attrs = extract_attrs(match.group(1))
        href = None
        if attrs.get("linktype") == "page" and str(attrs.get("id", "")).isdigit():
            page = context.page(int(attrs["id"]))
            href = page_url(page, context.request) if page is not None else None
        elif attrs.get("linktype") == "document" and str(attrs.get("id", "")).isdigit():
            from wagtail.documents import get_document_model

            document = get_document_model().objects.filter(pk=int(attrs["id"])).first()
            href = absolute_url(document.url) if document is not None and is_public_media(document) else None
        return f'<a href="{html.escape(href)}">' if href else "<a>"

    def replace_embed(match):
        attrs = extract_attrs(match.group(1))
        if attrs.get("embedtype") == "image" and str(attrs.get("id", "")).isdigit():
            return image_tag(context.image(int(attrs["id"])), attrs.get("alt"), context)
        if attrs.get("embedtype") == "media" and attrs.get("url"):
            url = html.escape(attrs["url"])
            return f'<a href="{url}">{url}</a>'
        return ""

    expanded = FIND_EMBED_TAG.sub(replace_embed, FIND_A_TAG.sub(replace_link, source))
    return clean_html(expanded)


def clean_html(markup):
    """Keep only the partner tag set; drops anything Wagtail-internal."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )


def image_tag(image, alt, context, rendition="hero"):
    data = context.image_data(image)
    if data is None:
        return ""
    chosen = data["renditions"][rendition]
    return '<img src="{}" width="{}" height="{}" alt="{}">'.format(
        html.escape(chosen["url"]), chosen["width"], chosen["height"], html.escape(alt or data["alt"] or "")
    )


def raw_blocks(value):
    """(type, id, value) from the stored JSON, without Wagtail's per-stream bulk loading."""
    for raw in getattr(value, "raw_data", None) or []:
        if isinstance(raw, dict):
            yield raw.get("type"), raw.get("id"), raw.get("value")


def raw_image(value, context):
    image_id = value.get("image") if isinstance(value, dict) else None
    return context.image(image_id) if isinstance(image_id, int) else None


def block_to_html(kind, value, context):
    if kind == "paragraph":
        return rich_text_to_html(value, context)
    if kind == "heading":
        return f"<h2>{html.escape(str(value))}</h2>"
    if not isinstance(value, dict):
        return ""
    if kind == "quote":
        speaker = html.escape(value.get("speaker") or "")
        title = html.escape(value.get("speaker_title") or "")
        footer = f"<footer><cite>{speaker}</cite>{'，' + title if title else ''}</footer>" if speaker else ""
        return f"<blockquote><p>{html.escape(value.get('text') or '')}</p>{footer}</blockquote>"
    if kind == "image":
        img = image_tag(raw_image(value, context), value.get("caption"), context)
        if not img:
            return ""
        caption = value.get("caption") or ""
        if value.get("credit"):
            caption = f"{caption}（{value['credit']}）" if caption else value["credit"]
        figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f"<figure>{img}{figcaption}</figure>"
    if kind == "facts":
        items = "".join(f"<li>{html.escape(str(item))}</li>" for item in list_items(value.get("items")))
        return f"<aside><h3>{html.escape(value.get('title') or '')}</h3><ul>{items}</ul></aside>"
    if kind == "document":
        data = raw_document_data(value)
        if data is None:
            return ""
        title = html.escape(value.get("title") or data["title"])
        meta = "，".join(part for part in (data["file_type"], data["size_label"]) if part)
        return f'<p><a href="{html.escape(data["url"])}">{title}</a>（{html.escape(meta)}）</p>'
    return ""


def raw_document_data(value):
    """The document a block refers to, described for partners, or None if it is missing or private."""
    from wagtail.documents import get_document_model

    document_id = value.get("document") if isinstance(value, dict) else None
    if not isinstance(document_id, int):
        return None
    document = get_document_model().objects.filter(pk=document_id).first()
    return document_data(document) if document is not None and is_public_media(document) else None


def list_items(items):
    """ListBlock JSON is either plain values or [{"type": "item", "value": ...}]."""
    for item in items or []:
        yield item.get("value") if isinstance(item, dict) and "value" in item else item


def html_to_text(markup):
    """Plain text from partner HTML: block elements become line breaks."""
    markup = re.sub(r"<br\s*/?>", "\n", markup)
    markup = re.sub(r"</(p|h\d|li|blockquote|figure|aside|footer|figcaption)>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def to_html(value, context=None):
    """Partner HTML for a StreamField value or a rich text field."""
    context = context or RenderContext()
    if value is None:
        return ""
    if hasattr(value, "raw_data"):
        return "".join(block_to_html(kind, data, context) for kind, _id, data in raw_blocks(value))
    source = value.source if isinstance(value, RichText) else str(value)
    return rich_text_to_html(source, context)


def to_text(value, context=None):
    """Plain text for a StreamField value or a rich text field."""
    return html_to_text(to_html(value, context))


def block_to_data(kind, block_id, value, context):
    if kind == "paragraph":
        data = {"html": rich_text_to_html(value, context)}
    elif kind == "heading":
        data = {"text": str(value)}
    elif not isinstance(value, dict):
        return None
    elif kind == "quote":
        data = {key: value.get(key) or "" for key in ("text", "speaker", "speaker_title")}
    elif kind == "image":
        data = {
            "image": context.image_data(raw_image(value, context)),
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
        }
        if data["image"] is None:
            return None
    elif kind == "facts":
        data = {"title": value.get("title") or "", "items": [str(item) for item in list_items(value.get("items"))]}
    elif kind == "document":
        document = raw_document_data(value)
        if document is None:
            return None
        data = {"document": document, "title": value.get("title") or document["title"]}
    else:
        return None
    return {"type": kind, "id": block_id, "value": data}


def to_blocks(value, context=None):
    """The StreamField as JSON: a list of {type, id, value}, images resolved into renditions."""
    context = context or RenderContext()
    if value is None:
        return []
    if not hasattr(value, "raw_data"):
        return [{"type": "paragraph", "id": None, "value": {"html": to_html(value, context)}}]
    blocks = (block_to_data(kind, block_id, data, context) for kind, block_id, data in raw_blocks(value))
    return [block for block in blocks if block is not None]


def render(value, fmt, context=None):
    """Render a body in one of FORMATS."""
    if fmt == "text":
        return to_text(value, context)
    if fmt == "blocks":
        return to_blocks(value, context)
    return to_html(value, context)


def render_page_html(page, context=None):
    """Partner HTML for a page's main body (news, activity or campaign), for feeds."""
    context = context or RenderContext()
    parts = [getattr(page, name, None) for name in ("body", "how_to_take_part", "history")]
    context.prime([part for part in parts if part])
    return "".join(to_html(part, context) for part in parts if part)
