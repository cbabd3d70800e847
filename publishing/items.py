"""Partner items: which models are items, how one is rendered, and its dependency record.

The kernel knows no page type. A content model declares that partners see it
by naming its item type in its class body::

    class NewsPage(Page):
        partner_item_type = "news"

and the layer that builds partner JSON (``partner_api``) registers the one
function that renders an item (:func:`register_renderer`).

Rendering an item here does three things at once: it produces the JSON a
partner would read (the detail with every expansion), records what that JSON
was built from (``publishing.dependencies``), and fingerprints it, so that
``publishing.events`` can tell whether a partner's copy has changed.

For issue #21 (per-item JSON cache) the record is the API to build on:
:func:`dependency_keys` gives an item's keys, :func:`dependents` the items that
depend on some keys, and every change announces its keys through
``publishing.events.changed``.
"""

import hashlib
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Subquery

from publishing import dependencies

_renderer = None
_registered = {}


def register_item_model(item_type, model):
    """For models a content app cannot declare ``partner_item_type`` on (Wagtail's documents)."""
    _registered[model] = item_type


def item_models():
    """{item type: model} of every installed model that declares ``partner_item_type``, by type name."""
    found = {}
    for model in apps.get_models():
        item_type = model.__dict__.get("partner_item_type") or _registered.get(model)
        if item_type:
            found[item_type] = model
    return dict(sorted(found.items()))


def type_for_model(model):
    """The item type a model (or a subclass of one) is published as, or None."""
    if model is None:
        return None
    for klass in model.__mro__:
        item_type = klass.__dict__.get("partner_item_type") or _registered.get(klass)
        if item_type:
            return item_type
    return None


def item_for_key(key):
    """(type, id) when ``key`` is a non-page item's own key, e.g. ``organisation:4``; else None."""
    item_type, _, item_id = key.partition(":")
    model = item_models().get(item_type)
    from wagtail.models import Page

    if model is None or issubclass(model, Page) or not item_id.isdigit():
        return None
    return item_type, int(item_id)


def item_key(item_type, item_id):
    """The dependency key an item's own row is recorded under."""
    model = item_models().get(item_type)
    from wagtail.models import Page

    if model is not None and issubclass(model, Page):
        return dependencies.page_key(item_id)
    return f"{item_type}:{item_id}"


def register_renderer(render):
    """``render(item_type, item_id)`` -> the item's partner JSON (a dict), or None when it is not public."""
    global _renderer
    _renderer = render


def render(item_type, item_id):
    """(data, keys) for a public item, or None. ``keys`` is everything the JSON was built from."""
    if _renderer is None:
        raise RuntimeError("no partner item renderer registered (publishing.items.register_renderer)")
    with dependencies.tracking() as tracker:
        data = _renderer(item_type, item_id)
    if data is None:
        return None
    # Every item shows URLs, built from the site's root and hostname.
    keys = set(tracker.keys) | {item_key(item_type, item_id), dependencies.SITE_KEY}
    return data, frozenset(keys)


def without_modified_at(data):
    if isinstance(data, dict):
        return {key: without_modified_at(value) for key, value in data.items() if key != "modified_at"}
    if isinstance(data, list):
        return [without_modified_at(value) for value in data]
    return data


def fingerprint(data):
    """A digest of an item's JSON, ``modified_at`` left out (it follows the digest, not the reverse)."""
    text = json.dumps(without_modified_at(data), sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


# The record


def dependency_keys(item_type, item_id):
    """The recorded dependency keys of one public item."""
    from publishing.models import ItemDependency

    return frozenset(ItemDependency.objects.filter(item_type=item_type, item_id=item_id).values_list("key", flat=True))


def dependents(keys):
    """[(item type, item id)] of the public items depending on any of ``keys``, in (type, id) order."""
    from publishing.models import ItemDependency

    if not keys:
        return []
    rows = ItemDependency.objects.filter(key__in=list(keys)).values_list("item_type", "item_id").distinct()
    return sorted(set(rows))


def store_dependencies(item_type, item_id, keys):
    """Replace an item's recorded keys with ``keys`` (writes only the difference)."""
    from publishing.models import ItemDependency

    known = dependency_keys(item_type, item_id)
    gone = known - keys
    if gone:
        ItemDependency.objects.filter(item_type=item_type, item_id=item_id, key__in=list(gone)).delete()
    new = keys - known
    if new:
        ItemDependency.objects.bulk_create(
            [ItemDependency(item_type=item_type, item_id=item_id, key=key) for key in sorted(new)]
        )


def forget(item_type, item_id):
    from publishing.models import ItemDependency

    ItemDependency.objects.filter(item_type=item_type, item_id=item_id).delete()


# modified_at, for the API


def modified_at_subquery(item_type):
    """An annotation: the item's ``modified_at`` (when its partner JSON last changed)."""
    from publishing.models import SyncedItem

    rows = SyncedItem.objects.filter(item_type=item_type, item_id=OuterRef("pk")).values("modified_at")[:1]
    return Subquery(rows)


def modified_since(queryset, item_type, moment):
    """Items of ``queryset`` whose partner JSON changed at or after ``moment``."""
    from publishing.models import SyncedItem

    changed = SyncedItem.objects.filter(item_type=item_type, modified_at__gte=moment).values("item_id")
    return queryset.filter(pk__in=changed)


def modified_at_of(item_type, item_ids):
    """{item id: modified_at} for some items (for webhook payloads and search results)."""
    from publishing.models import SyncedItem

    return dict(
        SyncedItem.objects.filter(item_type=item_type, item_id__in=list(item_ids)).values_list("item_id", "modified_at")
    )
