"""Admin side of partner preview links: create, list and revoke them for one page.

The API side, and the rules for what a link may show, are in partner_api/preview.py.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from partner_api import preview
from partner_api.models import PreviewToken


def partner_preview(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not preview.user_can_create(request.user, page):
        raise PermissionDenied
    created = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoked = PreviewToken.objects.filter(
                page=page, pk=request.POST.get("token_id") or 0, revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if revoked:
                messages.success(request, _("The preview link was revoked; it stops working at once."))
            return redirect("newsroom_partner_preview", page.pk)
        record, token = preview.create_token(page, request.user)
        created = {"record": record, "url": preview.preview_url(token)}
    return render(
        request,
        "newsroom/partner_preview.html",
        {
            "page": page,
            "created": created,
            "tokens": PreviewToken.objects.filter(page=page).select_related("created_by")[:20],
            "columns": (
                _("Link starts with"),
                _("Created by"),
                _("Created (Beijing)"),
                _("Expires (Beijing)"),
                _("Status"),
                "",
            ),
            "now": timezone.now(),
            "page_title": _("Partner preview: %(title)s") % {"title": page.get_admin_display_title()},
        },
    )


class PartnerPreviewButton(PageMenuItem):
    label = gettext_lazy("Partner preview")
    icon_name = "view"
    priority = 66

    def is_shown(self, user):
        return preview.user_can_create(user, self.page)

    @property
    def url(self):
        return reverse("newsroom_partner_preview", args=[self.page.pk])
