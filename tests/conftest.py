import io
import uuid

import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.management.commands.load_initial_data import ensure_tree_roots
from tests.factories import HomePageFactory, NewsIndexPageFactory, OfficerIndexPageFactory


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, as after `make run`."""
    root = ensure_tree_roots()  # a transactional test before may have flushed the tree
    Site.objects.all().delete()
    root.get_children().delete()  # Wagtail's placeholder welcome page
    root.refresh_from_db()
    home = HomePageFactory(parent=root, slug=f"home-{uuid.uuid4().hex[:8]}")
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
