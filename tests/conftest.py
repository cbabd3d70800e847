import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, NewsIndexPageFactory, OfficerIndexPageFactory


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, as after `make run`."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    root.get_children().delete()  # Wagtail's placeholder welcome page
    root.refresh_from_db()
    home = HomePageFactory(parent=root)
    home.save_revision().publish()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="质量昆明")
    return home


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def officer_index(home):
    return OfficerIndexPageFactory(parent=home)


@pytest.fixture
def demo(db):
    """The full 2022 demo content, loaded as `make run` does."""
    call_command("load_initial_data", stdout=io.StringIO())
    from home.models import HomePage

    return HomePage.objects.get()
