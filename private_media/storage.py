"""One storage, two folders: public files under MEDIA_ROOT, private ones under PRIVATE_MEDIA_ROOT.

Where a file lives follows from its name alone, so that Wagtail's own upload
paths keep working:

- every document (``documents/...``): documents are only ever served through
  Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which
  checks the collection's view restrictions;
- every file whose base name starts with ``PRIVATE_MARK``: the original of an
  image in a private collection is renamed so (``private_media.placement``), and
  Wagtail names each rendition after its original, so renditions follow.

Private files get URLs under ``/private-media/``, answered by
``private_media.views.serve`` after an access check; the web server never
sees them.
"""

import os
import posixpath

from django.conf import settings
from django.urls import reverse
from django.utils._os import safe_join

from operations.storage import CleanFileSystemStorage

PRIVATE_MARK = "private-"
PRIVATE_FOLDERS = ("documents/",)


def is_private_name(name):
    name = str(name).replace("\\", "/")
    return name.startswith(PRIVATE_FOLDERS) or posixpath.basename(name).startswith(PRIVATE_MARK)


def private_name(name):
    """The name a file gets when its image becomes private."""
    folder, base = posixpath.split(name)
    return name if base.startswith(PRIVATE_MARK) else posixpath.join(folder, PRIVATE_MARK + base)


def public_name(name):
    """The name a file gets when its image becomes public again."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, base[len(PRIVATE_MARK) :]) if base.startswith(PRIVATE_MARK) else name


class MediaStorage(CleanFileSystemStorage):
    """Local media storage that keeps private files out of the public folder."""

    def path(self, name):
        if is_private_name(name):
            return safe_join(settings.PRIVATE_MEDIA_ROOT, name)
        return super().path(name)

    def _save(self, name, content):
        saved = super()._save(name, content)
        if not is_private_name(name):
            return saved
        # FileSystemStorage answers relative to MEDIA_ROOT; the name stays relative to its own root.
        full_path = os.path.normpath(os.path.join(self.location, saved))
        return os.path.relpath(full_path, settings.PRIVATE_MEDIA_ROOT).replace("\\", "/")

    def url(self, name):
        if is_private_name(name):
            return reverse("private_media", kwargs={"name": str(name).replace("\\", "/")})
        return super().url(name)
