"""Serve a private file after checking who asks: nobody else gets past a 404."""

import mimetypes
import os

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from private_media.storage import is_private_name
from publishing.visibility import is_public_media


def owner_of(name):
    """The image or document a stored file belongs to (renditions belong to their image), or None."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).select_related("collection").first()
    if image is not None:
        return image
    rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image__collection").first()
    if rendition is not None:
        return rendition.image
    return get_document_model().objects.filter(file=name).select_related("collection").first()


def may_view(request, owner):
    """Public media, editors, and whoever passes every view restriction of the collection (as for documents)."""
    if is_public_media(owner):
        return True
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True
    return all(restriction.accept_request(request) for restriction in owner.collection.get_view_restrictions())


@require_safe
def serve(request, name):
    if not is_private_name(name) or ".." in name.split("/"):
        raise Http404
    owner = owner_of(name)
    if owner is None or not may_view(request, owner):
        raise Http404
    if hasattr(default_storage, "presigned_url"):  # object storage (private_media.s3)
        if not default_storage.exists(name):
            raise Http404
        response = HttpResponseRedirect(default_storage.presigned_url(name))
        response["Cache-Control"] = "private, no-store"
        return response
    path = default_storage.path(name)
    if not os.path.isfile(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115 - FileResponse closes it
    # Never kept by a shared cache: the next reader may not be allowed.
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
