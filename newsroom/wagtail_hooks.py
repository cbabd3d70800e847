from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from newsroom import partner_preview, publish_guard, views
from newsroom.dashboard import ActivityStatusPanel, FailedDeliveriesPanel, PartnerUsagePanel, ScheduledPanel
from newsroom.duty import DutyPanel, ReturnedStoriesPanel
from wirecopy.damage import OVERFLOW_NOTE


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newsroom/import/", views.import_wire_copy, name="newsroom_import"),
        path(
            "newsroom/pages/<int:page_id>/partner-preview/",
            partner_preview.partner_preview,
            name="newsroom_partner_preview",
        ),
    ]


@hooks.register("register_page_header_buttons")
def partner_preview_button(page, user, view_name, next_url=None):
    yield partner_preview.PartnerPreviewButton(page=page)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(gettext_lazy("Import articles"), reverse("newsroom_import"), icon_name="upload", order=250)


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    # The chief's review queue comes first (Wagtail sorts the panels by ``order``).
    for panel in panels:
        if panel.name == "workflow_objects_to_moderate":
            panel.order = 50
    # Page panels only for roles that work on pages: the partner manager, who sees
    # no page, would read "还没有活动页面" and an empty schedule as if they were true.
    if page_permission_policy.user_has_any_permission(request.user, ["add", "change", "publish"]):
        panels.append(DutyPanel())
        panels.append(ReturnedStoriesPanel())
        panels.append(ScheduledPanel())
        panels.append(ActivityStatusPanel())
    # Administrators and the partner manager only (admins hold every permission).
    if request.user.has_perm("partner_api.view_partnerkeyusage"):
        panels.append(PartnerUsagePanel())
    if request.user.has_perm("partner_sync.view_webhookdelivery"):
        panels.append(FailedDeliveriesPanel())


@hooks.register("before_edit_page")
def warn_about_import_damage(request, page):
    warnings = getattr(page.get_latest_revision_as_object(), "import_warnings", "")
    if warnings and request.method == "GET":
        findings = warnings.splitlines()  # one finding a line, each naming its block
        listed = [line for line in findings if OVERFLOW_NOTE not in line]
        if len(listed) < len(findings):
            # The file was too damaged to list in full: the count is a minimum.
            summary = _(
                "This article had more than %(count)d problems on import that could not be repaired "
                "automatically; the damaged paragraphs are marked 【待核对】. "
                "Check each one before publishing (see the import warnings field): %(warnings)s"
            )
        else:
            summary = _(
                "This article had %(count)d problems on import that could not be repaired automatically; "
                "the damaged paragraphs are marked 【待核对】. "
                "Check each one before publishing (see the import warnings field): %(warnings)s"
            )
        messages.warning(
            request,
            summary % {"count": len(listed), "warnings": "；".join(findings[:5]) + ("……" if len(findings) > 5 else "")},
        )


@hooks.register("after_edit_page")
def say_what_the_workflow_action_did(request, page):
    """After approving or sending back from the edit page, say what happened and when it goes live."""
    from newsroom.publication_time import go_live_message, say

    if request.method != "POST":
        return
    text = None
    if "action-workflow-action" in request.POST:
        text = go_live_message(page, request.POST.get("workflow-action-name"))
    # An editor's "publish" only saves a draft: then Wagtail's own message stands.
    elif "action-publish" in request.POST and (
        page.live or page.revisions.filter(approved_go_live_at__isnull=False).exists()
    ):
        text = go_live_message(page, "publish")
    if text:
        say(request, text)


# Publishing in bulk from the explorer refuses stories still marked 【待核对】 (newsroom/publish_guard.py).
hooks.register("before_bulk_action", publish_guard.before_bulk_action)
