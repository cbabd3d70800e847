"""Insert many pages at once: the fast path for archive imports and datasets.

``Page.add_child`` reads and rewrites the tree for every page (about 60 pages
a second). Here the materialised paths are computed up front and each batch
is two statements: one multi-row INSERT of the base ``wagtailcore_page`` rows
(``RETURNING id, path``, so ids are matched by their unique path), then one
``executemany`` of the specific rows. Both statements are built once per
model, not compiled per row by the ORM. Pages inserted this way are live
without revisions, exactly like pages loaded from a fixture; signals are not
sent, so callers update the search index themselves (the content version is
bumped here).
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from publishing import dependencies, invalidation

# Rows per multi-row INSERT: about 30 parameters a row stays well under SQLite's 32,766.
BASE_BATCH = 500


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _step(number):
    """One step of a materialised path: ``number`` in treebeard's documented
    ``alphabet``, padded to ``steplen`` (as ``Page.add_child`` writes it)."""
    alphabet, digits = Page.alphabet, ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    if len(digits) > Page.steplen:
        raise OverflowError("too many children for one parent page")
    return digits.rjust(Page.steplen, alphabet[0])


def _number(step):
    number = 0
    for char in step:
        number = number * len(Page.alphabet) + Page.alphabet.index(char)
    return number


def _connection():
    # The real wrapper, not the ``django.db.connection`` proxy: it is looked up once per value below.
    return connections[DEFAULT_DB_ALIAS]


def _columns(fields, connection):
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _row(obj, fields, connection):
    return [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]


def _insert_base_rows(pages, fields):
    """One INSERT … RETURNING for the base rows; sets ``pk`` on each page."""
    connection = _connection()
    table = connection.ops.quote_name(Page._meta.db_table)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {table} ({_columns(fields, connection)}) VALUES {', '.join([placeholder] * len(pages))} "
        f"RETURNING {connection.ops.quote_name('id')}, {connection.ops.quote_name('path')}"
    )
    params = [value for page in pages for value in _row(page, fields, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = {path: pk for pk, path in cursor.fetchall()}
    for page in pages:
        page.pk = page.page_ptr_id = ids[page.path]
        page._state.adding = False


def _insert_specific_rows(model, pages, fields):
    connection = _connection()
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({_columns(fields, connection)}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_row(page, fields, connection) for page in pages])


def bulk_add_children(parent, pages, batch_size=1000, progress=None):
    """Add unsaved specific ``pages`` (all of one model) as the last children of ``parent``."""
    if not pages:
        return []
    if not _connection().features.can_return_rows_from_bulk_insert:  # pragma: no cover
        raise RuntimeError("bulk_add_children needs a database that supports INSERT … RETURNING")
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    parent = Page.objects.get(pk=parent.pk)
    last_child = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    next_step = _number(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    now = timezone.now()
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    specific_fields = model._meta.local_concrete_fields

    for offset, page in enumerate(pages):
        page.depth = parent.depth + 1
        page.path = parent.path + _step(next_step + offset)
        page.numchild = 0
        page.content_type_id = content_type.pk
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.has_unpublished_changes = not page.live
        if page.live:
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or page.first_published_at

    with transaction.atomic():
        for batch in _chunks(pages, batch_size):
            for base_batch in _chunks(batch, BASE_BATCH):
                _insert_base_rows(base_batch, base_fields)
            _insert_specific_rows(model, batch, specific_fields)
            if progress:
                progress(len(batch))
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        invalidation.stamp({dependencies.children_key(parent.pk)} | invalidation.page_type_keys(model))
    return pages
