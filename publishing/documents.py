"""How a document is described wherever it is listed: title, absolute URL, file type and a human size."""

from cms.absolute_urls import absolute_url

UNITS = ("KB", "MB", "GB")


def file_type(document):
    """``PDF``, ``XLSX`` …: the extension, as readers name file types."""
    return (document.file_extension or "").upper() or "文件"


def file_size(document):
    """Size in bytes, or None if the file is missing."""
    try:
        return document.get_file_size()
    except OSError:
        return None


def human_size(size):
    """``1.2 MB``: one decimal place, powers of 1024; ``""`` when unknown."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in UNITS:
        value /= 1024
        if value < 1024 or unit == UNITS[-1]:
            return f"{value:.1f} {unit}"
    return ""  # pragma: no cover


def document_data(document):
    """The partner API's view of one public document."""
    size = file_size(document)
    return {
        "id": document.pk,
        "type": "document",
        "title": document.title,
        "url": absolute_url(document.url),
        "file_type": file_type(document),
        "size": size,
        "size_label": human_size(size),
    }
