"""Every page type inherits the abstract BasePage (issue 19): the newsroom's
edit form and the view-restriction shortcut come from the class, not from
an attribute set on Wagtail's Page in an app's ready()."""

from django.apps import apps
from wagtail.models import Page

from newsroom.page_forms import NewsroomPageForm
from publishing.pages import BasePage


def site_page_types():
    return [m for m in apps.get_models() if issubclass(m, Page) and m is not Page and not m._meta.abstract]


def test_every_page_type_inherits_the_base_page():
    types = site_page_types()
    assert len(types) >= 7
    assert [m.__name__ for m in types if not issubclass(m, BasePage)] == []


def test_every_page_type_edits_with_the_newsroom_form():
    assert Page.base_form_class is not NewsroomPageForm  # Wagtail's own Page is left alone
    for model in site_page_types():
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, NewsroomPageForm), model.__name__
