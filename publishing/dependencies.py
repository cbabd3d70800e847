"""What each public item (and, later, each cached response) depends on.

A dependency is a string key naming one object a reader would see change:
``page:12``, ``image:5``, ``collection:3`` (its privacy), ``organisation:4``,
``tag:7``, ``document:2``, ``children:9`` (which public pages sit below page
9) and ``site`` (hostnames and the root every URL is built from).

Keys are not kept by hand. Whatever runs inside :func:`tracking` records
them from what it actually reads:

* every model instance loaded from the database (Django's ``post_init``) is
  mapped to its keys by the function registered for its model
  (:func:`register`); the kernel registers pages, images, renditions,
  collections, documents, tags and sites, and content apps register their
  own snippets and child rows;
* ``publishing.visibility.public_pages`` records every page it was asked
  about, public or not, so an item that lists "the public ones among these"
  learns when one of them is published later;
* code that reads rows as plain values (``values_list``) says so with
  :func:`touch`.

A tracker also lists the instances of models nobody registered
(``Tracker.unknown``): a test renders every item type and fails on any, so a
serializer cannot start reading a new kind of object unnoticed.

Usage::

    with dependencies.tracking() as tracker:
        data = render_the_json()
    tracker.keys      # frozenset of keys
"""

import contextlib
import contextvars

from django.db.models.signals import post_init

_current = contextvars.ContextVar("dependency_tracker", default=None)
_KEYS = {}
_ANNOUNCED = set()


class Tracker:
    def __init__(self, response=False):
        self.keys = set()
        self.unknown = set()
        # A whole response (publishing.response_cache) records list membership
        # coarsely (``children:<id>``, ``type:<model>``) rather than every candidate page.
        self.response = response

    def add(self, *keys):
        self.keys.update(key for key in keys if key)


def register(model, keys, announce=False):
    """``keys(instance)`` -> iterable of dependency keys of one loaded ``model`` instance.

    With ``announce``, saving or deleting a row of ``model`` announces its keys
    as changed (``publishing.events.changed``): for child rows saved with their
    page (roles, sub-activities, tags), which the page's own signal then syncs.
    """
    _KEYS[model] = keys
    if announce:
        _ANNOUNCED.add(model)


def announces(model):
    return model in _ANNOUNCED


def keys_for_model(model):
    """The registered key function for ``model`` (or a base class), or None."""
    for klass in model.__mro__:
        if klass in _KEYS:
            return _KEYS[klass]
    return None


def keys_for(instance):
    """The keys of one instance, or None if its model is not registered."""
    keys = keys_for_model(type(instance))
    return None if keys is None else tuple(keys(instance))


def touch(*keys):
    """Record keys read without loading instances (``values_list`` and the like)."""
    tracker = _current.get()
    if tracker is not None:
        tracker.add(*keys)


def is_tracking():
    return _current.get() is not None


def current():
    """The innermost tracker, or None."""
    return _current.get()


@contextlib.contextmanager
def tracking(response=False):
    """Record the dependency keys of everything read inside the block (nested blocks add to the outer one).

    ``response``: the block renders a whole response (nested blocks inherit it).
    """
    outer = _current.get()
    tracker = Tracker(response=response or (outer is not None and outer.response))
    token = _current.set(tracker)
    try:
        yield tracker
    finally:
        _current.reset(token)
        if outer is not None:
            outer.keys |= tracker.keys
            outer.unknown |= tracker.unknown


def _instance_loaded(sender, instance, **kwargs):
    tracker = _current.get()
    if tracker is None:
        return
    keys = keys_for(instance)
    if keys is None:
        tracker.unknown.add(sender._meta.label)
    else:
        tracker.add(*keys)


post_init.connect(_instance_loaded, dispatch_uid="publishing.dependencies")


# Keys of the kernel's own objects.


def page_key(pk):
    return f"page:{pk}"


def children_key(pk):
    return f"children:{pk}"


SITE_KEY = "site"


def register_kernel_models():
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction, Site

    image_model = get_image_model()
    register(Page, lambda page: (page_key(page.pk),))
    register(image_model, lambda image: (f"image:{image.pk}", f"collection:{image.collection_id}"))
    register(image_model.get_rendition_model(), lambda rendition: (f"image:{rendition.image_id}",))
    register(Collection, lambda collection: (f"collection:{collection.pk}",))
    register(CollectionViewRestriction, lambda restriction: (f"collection:{restriction.collection_id}",))
    register(get_document_model(), lambda document: (f"document:{document.pk}", f"collection:{document.collection_id}"))
    register(Tag, lambda tag: (f"tag:{tag.pk}",))
    register(Site, lambda site: (SITE_KEY,))
    # Restrictions make pages private: every change to one is announced per page (publishing.signals).
    register(PageViewRestriction, lambda restriction: (page_key(restriction.page_id),))
    # Fixed for the life of the database: nothing to follow.
    register(ContentType, lambda content_type: ())
    register(Locale, lambda locale: ())
