"""The one place that decides what the public may see.

Public means: live, not past its expiry time (even before the scheduler has
run), and not under any view restriction (password, login or group) on the
page itself or an ancestor. Every public surface starts from these helpers.

The restricted paths are read once per content version and process while a
request has pinned the version (``publishing.response_cache``): every
restriction change bumps the version, so the remembered paths can never be
older than the version the request shows. Outside a request (workers,
commands, tests without the middleware) they are read every time.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from publishing import content_version, dependencies


def restricted_paths():
    """Tree paths of every page carrying a view restriction."""
    return content_version.remembered("restricted_paths", _read_restricted_paths)


def _read_restricted_paths():
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def private_q():
    """Q matching pages in a private section (the restricted page or below)."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def public_pages(queryset=None):
    """Filter a page queryset down to what anonymous readers may see."""
    if queryset is None:
        queryset = Page.objects.all()
    tracker = dependencies.current()
    if tracker is not None and tracker.response:
        # A whole response depends on which of these are public: the given pages, the
        # children of a parent (``children_of``), or else every page of the type.
        dependencies.touch(*membership_keys(queryset))
    elif tracker is not None and queryset.query.where:
        # The caller shows "the public ones among these": it depends on each of them,
        # public or not yet. (A whole type, unfiltered, is too wide to record.)
        dependencies.touch(*(dependencies.page_key(pk) for pk in queryset.values_list("pk", flat=True)))
    now = timezone.now()
    return (
        queryset.live()
        .exclude(private_q())
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
    )


def membership_keys(queryset):
    """Keys naming which pages ``queryset`` can hold, without running it (for whole responses)."""
    from django.db.models.lookups import In

    declared = getattr(queryset, "membership_keys", None)
    if declared:
        return declared
    where = queryset.query.where
    if where.connector == "AND" and len(where.children) == 1 and not where.negated:
        lookup = where.children[0]
        target = getattr(getattr(lookup, "lhs", None), "target", None)
        values = getattr(lookup, "rhs", None)
        if isinstance(lookup, In) and getattr(target, "primary_key", False) and isinstance(values, (list, tuple, set)):
            return [dependencies.page_key(pk) for pk in values]
    from publishing.invalidation import type_key

    return [type_key(queryset.model)]


def is_public(page):
    """True if this single page may be shown to anonymous readers."""
    if not page.live:
        return False
    now = timezone.now()
    if page.expire_at and page.expire_at <= now:
        return False
    if page.go_live_at and page.go_live_at > now:
        return False
    return not any(page.path.startswith(path) for path in restricted_paths())


# Media: a document or image is public only when its collection is, that is
# when neither the collection nor any ancestor carries a view restriction.


def private_collection_ids():
    """Ids of collections under a view restriction, including their descendants.

    Remembered per content version: collection and collection-restriction
    changes bump it (``publishing.signals``).
    """
    return content_version.remembered("private_collection_ids", read_private_collection_ids)


def read_private_collection_ids():
    """``private_collection_ids`` read from the database now, never remembered."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return frozenset()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(query).values_list("pk", flat=True))


def collection_subtree(instance):
    """Ids (a subquery) of a collection and every collection below it, for a Collection or its view restriction."""
    collection = instance
    if not isinstance(instance, Collection):
        collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return Collection.objects.none().values("pk")
    return Collection.objects.filter(path__startswith=collection.path).values("pk")


def is_public_media(obj):
    """True if this image or document (or a rendition's image) may be shown to anonymous readers."""
    if obj is None:
        return False
    if not hasattr(obj, "collection_id"):  # a rendition
        obj = obj.image
    return obj.collection_id not in private_collection_ids()


def public_media(queryset):
    """Filter an image or document queryset down to what anonymous readers may see."""
    private = private_collection_ids()
    return queryset.exclude(collection_id__in=private) if private else queryset


# Snippets shown only through the pages that use them: an organisation is
# public while a public campaign gives it a role. The model names the path
# from itself to those pages in ``public_through`` (e.g.
# "campaign_roles__campaign").


def public_snippets(queryset):
    """Filter a snippet queryset down to those a public page uses (all, for snippets without ``public_through``)."""
    relation = getattr(queryset.model, "public_through", None)
    if relation is None:
        return queryset
    return queryset.filter(**{f"{relation}__in": public_pages().values("pk")}).distinct()


def is_public_snippet(instance):
    return public_snippets(type(instance)._default_manager.filter(pk=instance.pk)).exists()
