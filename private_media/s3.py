"""Media on S3-compatible object storage (``MEDIA_STORAGE=s3``; docs/scaling.md).

The same split as the local ``MediaStorage`` (``private_media.storage``): a file's
privacy follows from its name. Public files are stored under their own name and
served straight from the bucket or the CDN in front of it (``AWS_S3_CUSTOM_DOMAIN``),
unsigned. Private files (documents, originals and renditions of images in private
collections) are stored under ``PRIVATE_MEDIA_PREFIX`` (default ``private/``), which
the bucket policy keeps unreadable; their URL stays the app's access-checked
``/private-media/<name>``, and that view answers a permitted reader with a redirect
to a presigned URL valid for ``PRIVATE_MEDIA_URL_EXPIRY`` seconds.

Two django-storages ``S3Storage`` instances do the work, one per side (the private one with
``location`` set to the prefix and signed URLs); this class only picks the side by name,
through the public Storage API (no private name of django-storages is used).
"""

from django.conf import settings
from django.core.files.storage import Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from private_media.storage import is_private_name


@deconstructible(path="private_media.s3.S3MediaStorage")
class S3MediaStorage(Storage):
    """Public files at their own key with plain URLs; private ones under a prefix with signed URLs."""

    def __init__(self, **options):
        self.public = S3Storage(**{"querystring_auth": False, "default_acl": None, "file_overwrite": False, **options})
        self.private = S3Storage(
            **{
                "default_acl": None,
                "file_overwrite": False,
                **options,
                "location": getattr(settings, "PRIVATE_MEDIA_PREFIX", "private/").strip("/"),
                "querystring_auth": True,
                "querystring_expire": getattr(settings, "PRIVATE_MEDIA_URL_EXPIRY", 300),
                "custom_domain": None,  # signed by the bucket's endpoint, never the public CDN
            }
        )

    def side(self, name):
        return self.private if is_private_name(name) else self.public

    def _open(self, name, mode="rb"):
        return self.side(name).open(name, mode)

    def _save(self, name, content):
        return self.side(name).save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.side(name).get_available_name(name, max_length=max_length)

    def exists(self, name):
        return self.side(name).exists(name)

    def delete(self, name):
        self.side(name).delete(name)

    def size(self, name):
        return self.side(name).size(name)

    def get_modified_time(self, name):
        return self.side(name).get_modified_time(name)

    def url(self, name):
        if is_private_name(name):
            return reverse("private_media", kwargs={"name": str(name).replace("\\", "/")})
        return self.public.url(name)

    def presigned_url(self, name):
        """A signed, short-lived URL of a stored file, for a reader whose access was checked."""
        return self.private.url(name) if is_private_name(name) else self.public.url(name)
