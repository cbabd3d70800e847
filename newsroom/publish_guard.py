"""A story whose text still holds 【待核对】 is not published (#16).

The wire-copy importer marks every damaged paragraph with ``wirecopy.importer.DAMAGE_MARKER``;
an editor deletes the mark once the passage is checked. Until every mark is gone the story
cannot go out, whichever way a chief tries:

- publish, or approve, from the edit form: a Chinese form error, the form comes back with
  everything typed in it (``NewsroomPageForm.clean`` calls ``form_error``);
- approve from the review queue's dialog (``workflow_action`` below, in front of Wagtail's own
  view): a Chinese message on the page's edit screen, the page stays in moderation;
- publish in bulk from the explorer (``before_bulk_action`` hook): a message, nothing published.

The import warnings field describes the damage and is never published, so it does not count.
"""

import json

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail.models import Page

# Imported by the page form while models load: Wagtail's admin views are imported only when used.

DAMAGE_MARKER = "【待核对】"  # the same as wirecopy.importer.DAMAGE_MARKER (a test keeps them equal)
NOT_CHECKED = {"import_warnings"}
MESSAGE = "这篇稿件还有标着【待核对】的段落，不能发布。请核对这些段落，改正后删去【待核对】标记，保存后再发布或批准。"


def marked_fields(values):
    """Names of the fields whose value still holds the damage mark (values: field name -> value)."""
    names = []
    for name, value in values.items():
        if name in NOT_CHECKED:
            continue
        if hasattr(value, "get_prep_value"):  # StreamValue
            value = json.dumps(value.get_prep_value(), ensure_ascii=False)
        if isinstance(value, str) and DAMAGE_MARKER in value:
            names.append(name)
    return names


def page_is_marked(page):
    """Whether the page's latest version (what an approval would publish) holds the mark."""
    revision = page.get_latest_revision()
    latest = revision.as_object() if revision else page
    return bool(marked_fields({field.name: getattr(latest, field.name) for field in latest._meta.concrete_fields}))


def is_publishing(data):
    """Whether an edit form's POST publishes: 发布, or a chief's 批准 (which publishes)."""
    if "action-publish" in data:
        return True
    return "action-workflow-action" in data and data.get("workflow-action-name") == "approve"


def form_error(form):
    """Add the Chinese error to a page form that publishes marked text; call from clean()."""
    if form.data and is_publishing(form.data) and marked_fields(form.cleaned_data):
        form.add_error(None, MESSAGE)


def wagtail_workflow_action():
    from wagtail.admin.urls import pages as wagtail_page_urls

    return next(pattern.callback for pattern in wagtail_page_urls.urlpatterns if pattern.name == "workflow_action")


def workflow_action(request, page_id, action_name, task_state_id):
    """Wagtail's workflow action view, refusing to approve a marked page."""
    from wagtail.admin import messages
    from wagtail.admin.modal_workflow import render_modal_workflow

    if request.method == "POST" and action_name == "approve":
        page = get_object_or_404(Page, id=page_id).specific
        if page_is_marked(page):
            messages.error(request, MESSAGE)
            edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": edit_url})
            return redirect(edit_url)
    view = wagtail_workflow_action()
    return view(request, page_id=page_id, action_name=action_name, task_state_id=task_state_id)


def before_bulk_action(request, action_type, objects, action_class_instance):
    from wagtail.admin import messages

    if action_type != "publish":
        return None
    marked = [page for page in objects if isinstance(page, Page) and page_is_marked(page.specific)]
    if marked:
        titles = "、".join(f"“{page.get_admin_display_title()}”" for page in marked)
        messages.error(request, f"{titles}：{MESSAGE}")
        return redirect(request.GET.get("next") or reverse("wagtailadmin_home"))
    return None


# Under /admin/, before Wagtail's admin URLs (cms/urls.py).
urlpatterns = [
    path("pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/", workflow_action),
]
