"""Wire-copy import in the admin: .txt files in, draft news items out."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.admin import messages

from newsroom.forms import WireCopyImportForm
from newsroom.slugs import slug_for
from wirecopy.cleaner import ArticleError
from wirecopy.importer import prepare_article, save_article


def user_can_import(user):
    from campaign.models import NewsIndexPage

    return any(index.permissions_for_user(user).can_add_subpage() for index in NewsIndexPage.objects.all())


def give_pinyin_slug(page, user):
    """Imported drafts follow the site's URL scheme, and belong to the editor who imported them."""
    parent = page.get_parent()
    page.slug = slug_for(page.title, page.slug, parent, page)
    page.owner = user
    page.save()
    revision = page.latest_revision
    revision.content.update(slug=page.slug, url_path=page.url_path, owner=user.pk)
    revision.user = user
    revision.save(update_fields=["content", "user"])
    return page


# Cleaning runs before any transaction; the view opens its own only to save (see AtomicWritesMiddleware).
@transaction.non_atomic_requests
def import_wire_copy(request):
    if not user_can_import(request.user):
        raise PermissionDenied
    imported = []
    if request.method == "POST":
        form = WireCopyImportForm(request.POST, request.FILES)
        if form.is_valid():
            parent = form.cleaned_data["parent"]
            if not parent.permissions_for_user(request.user).can_add_subpage():
                raise PermissionDenied
            # Clean every file before opening a transaction: cleaning a large or hostile file
            # must never hold the database's write lock (the worker shares it).
            prepared, current = [], None
            try:
                for upload in form.cleaned_data["files"]:
                    current = upload.name
                    prepared.append((upload.name, prepare_article(upload.read())))
                with transaction.atomic():
                    for name, article in prepared:
                        current = name
                        result = save_article(article, parent=parent)
                        page = give_pinyin_slug(result.page, request.user)
                        imported.append({"page": page, "name": name, "warnings": result.findings})
            except ArticleError as error:
                imported = []
                form.add_error(
                    "files",
                    _("“%(name)s” could not be imported: %(error)s Nothing from this upload was saved.")
                    % {"name": current, "error": error},
                )
            else:
                damaged = sum(1 for item in imported if item["warnings"])
                findings = [finding for item in imported for finding in item["warnings"]]
                problems = sum(1 for finding in findings if not finding.more_follow)
                if any(finding.more_follow for finding in findings):
                    # A file too damaged to list in full: say the count is a minimum, never less than true.
                    summary = _(
                        "Imported %(count)d draft news items; more than %(problems)d problems "
                        "in %(damaged)d of them to check."
                    )
                else:
                    summary = _(
                        "Imported %(count)d draft news items; %(problems)d problems in %(damaged)d of them to check."
                    )
                messages.success(request, summary % {"count": len(imported), "damaged": damaged, "problems": problems})
                form = WireCopyImportForm()
    else:
        form = WireCopyImportForm()
    return render(
        request,
        "newsroom/import_wire_copy.html",
        {
            "form": form,
            "imported": imported,
            "columns": (_("File"), _("Draft news item"), _("To check")),
            "page_title": _("Import articles"),
        },
    )
