"""Where applicants' photos and documents are kept: a folder of PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT.

The files have no public URL at all (``url()`` refuses): the admin serves them
to moderators through its own view, which checks and logs each access.
Backups include them with the rest of PRIVATE_MEDIA_ROOT (operations/backup.py).
"""

import os
import posixpath
import uuid

from django.conf import settings
from django.utils import timezone

from operations.storage import CleanFileSystemStorage

FOLDER = "participation"


class SubmissionStorage(CleanFileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", os.path.join(settings.PRIVATE_MEDIA_ROOT, FOLDER))
        kwargs.setdefault("base_url", None)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Submission files have no public URL; the admin serves them after a check.")


def get_submission_storage():
    """Callable used by the FileFields (keeps the path out of migrations; follows overridden settings)."""
    return SubmissionStorage()


def upload_to(instance, filename):
    """A random name in a per-kind, per-month folder: nothing of the uploader's file name is kept."""
    ext = posixpath.splitext(filename)[1].lower()[:10]
    kind = instance._meta.model_name
    return f"{kind}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"
