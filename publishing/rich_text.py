"""Rich-text links on public HTML follow the one visibility rule, as the partner renderer does.

A link to a page that is not public (draft, scheduled, expired, private) or
to a document of a private collection keeps its text and loses its ``href``:
its URL (a pinyin slug spells the draft's title) is never shown.
"""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from publishing.visibility import is_public_media, public_pages


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = public_pages(Page.objects.filter(id__in=[i for i in ids if str(i).isdigit()]))
        found = {str(page.pk): page for page in pages.defer_streamfields().specific()}
        return [found.get(str(pk)) for pk in ids]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(document.url)}">' if document is not None and is_public_media(document) else "<a>"
            for document in cls.get_many(attrs_list)
        ]
