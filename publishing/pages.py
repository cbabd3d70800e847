"""What every public page model shares with the publishing layer."""

from django.db.models import prefetch_related_objects
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

from newsroom.page_forms import NewsroomPageForm
from publishing.dependencies import children_key
from publishing.visibility import restricted_paths


class RememberedRestrictionsMixin:
    """Skip Wagtail's two view-restriction queries per page view when nothing is restricted.

    Wagtail checks ``get_view_restrictions()`` before serving every page (the
    page's ancestors, then their restrictions). When no page anywhere carries a
    restriction (``restricted_paths()``, remembered per content version, which
    every restriction change bumps) the answer is known to be empty; otherwise
    Wagtail's own lookup runs unchanged, aliases included.
    """

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class BasePage(RememberedRestrictionsMixin, Page):
    """The abstract base of every page type of the site.

    It carries what every page shares: the newsroom's edit form (pinyin
    slugs from Chinese titles, Wagtail's documented ``base_form_class``)
    and the view-restriction shortcut above.
    """

    base_form_class = NewsroomPageForm

    class Meta:
        abstract = True


def prefetch_renditions(images):
    """Load the renditions of all these images (``None`` skipped) in one query."""
    images = [image for image in images if image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    return images


def children_of(queryset, parent):
    """``queryset.child_of(parent)``, written so that the database reads the fewest rows.

    Treebeard's ``child_of`` filters on ``path LIKE 'prefix%'`` and ``depth``:
    SQLite cannot use an index for that LIKE and scanned the whole page table
    (15 ms a lookup at 100,000 pages), and an index range on the path would
    still cover every descendant. Comparing each path minus its last step with
    the parent's path uses no page index at all, so the database starts from
    the specific model's own (small) table, or walks the index of the ordering
    (news by ``published_at``) and stops after one page of results.
    """
    parent_path = Substr("path", 1, Length("path") - parent.steplen)
    children = queryset.alias(parent_path=parent_path).filter(parent_path=parent.path)
    # Which of them are public changes with the parent's membership key (publishing.visibility).
    children.membership_keys = (children_key(parent.pk),)
    return children
