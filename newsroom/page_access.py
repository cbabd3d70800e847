"""Admin screens that list page titles, closed to users who hold no page permission.

Wagtail's page chooser and its page bulk-action confirmation pages show titles (drafts and
private pages included) to anyone who may enter the admin. The partner-manager role enters
the admin for keys and webhooks only and holds no page permission, so it must see no title.
These URL patterns sit in front of Wagtail's own (cms/urls.py) and wrap the same views;
docs/upgrading.md lists them with the test that guards them.
"""

from functools import wraps

from django.apps import apps
from django.urls import path
from wagtail.admin.auth import permission_denied
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action import index as bulk_action
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock", "view"]


def may_see_pages(user):
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def requires_page_permission(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_see_pages(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapped


def page_bulk_action(request, app_label, model_name, action):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        model = None
    if model is not None and issubclass(model, Page) and not may_see_pages(request.user):
        return permission_denied(request)
    return bulk_action(request, app_label, model_name, action)


# Under /admin/, before Wagtail's admin URLs.
urlpatterns = [
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", page_bulk_action),
    path("choose-page/", requires_page_permission(chooser.BrowseView.as_view())),
    path("choose-page/<int:parent_page_id>/", requires_page_permission(chooser.BrowseView.as_view())),
    path("choose-page/search/", requires_page_permission(chooser.SearchView.as_view())),
    path("choose-page/chosen-multiple/", requires_page_permission(chooser.ChosenMultipleView.as_view())),
]
