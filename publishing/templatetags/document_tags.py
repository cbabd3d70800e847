"""File type and human size of a document, as listed on public pages (publishing.documents)."""

from django import template

from publishing import documents

register = template.Library()


@register.filter
def file_type(document):
    return documents.file_type(document)


@register.filter
def file_size(document):
    """``1.2 MB``."""
    return documents.human_size(documents.file_size(document))
