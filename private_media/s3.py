"""Media on S3-compatible object storage (``MEDIA_STORAGE=s3``; docs/scaling.md).

The same split as the local ``MediaStorage`` (``private_media.storage``): a file's
privacy follows from its name. Public files are stored under their own name and
served straight from the bucket or the CDN in front of it (``AWS_S3_CUSTOM_DOMAIN``),
unsigned. Private files (documents, originals and renditions of images in private
collections) are stored under ``PRIVATE_MEDIA_PREFIX`` (default ``private/``), which
the bucket policy keeps unreadable; their URL stays the app's access-checked
``/private-media/<name>``, and that view answers a permitted reader with a redirect
to a presigned URL valid for ``PRIVATE_MEDIA_URL_EXPIRY`` seconds.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from storages.backends.s3 import S3Storage
from storages.utils import clean_name, safe_join

from private_media.storage import is_private_name


class S3MediaStorage(S3Storage):
    """S3 storage that keeps private files under a private prefix and signs only their URLs."""

    # Public URLs are plain (CDN-cacheable); private ones are signed per request.
    querystring_auth = False
    default_acl = None
    file_overwrite = False

    @property
    def private_prefix(self):
        return getattr(settings, "PRIVATE_MEDIA_PREFIX", "private/").strip("/")

    def _normalize_name(self, name):
        if is_private_name(name):
            try:
                return safe_join(self.private_prefix, name)
            except ValueError:
                raise SuspiciousOperation(f"Attempted access to '{name}' denied.") from None
        return super()._normalize_name(name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_private_name(name):
            return reverse("private_media", kwargs={"name": str(name).replace("\\", "/")})
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    def presigned_url(self, name, expire=None):
        """A signed, short-lived URL of a stored file (private ones included), for a reader already checked."""
        key = self._normalize_name(clean_name(name))
        expire = expire or getattr(settings, "PRIVATE_MEDIA_URL_EXPIRY", 300)
        return self.connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket.name, "Key": key}, ExpiresIn=expire
        )
