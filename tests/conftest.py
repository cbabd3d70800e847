import io
import os
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Site

from home.management.commands.load_initial_data import ensure_tree_roots
from publishing.templatetags import fragment_cache
from tests.factories import HomePageFactory, NewsIndexPageFactory, OfficerIndexPageFactory


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts and ends with an empty cache.

    A test's rows are rolled back but what it cached is not, and SQLite hands a rolled-back primary key
    out again: the next test's image would find the previous one's renditions in Wagtail's rendition
    cache and never create its own. (tests/site, api, perf and variants define the same fixture.)
    """
    cache.clear()
    fragment_cache.clear()  # the {% picture %} HTML this process remembers
    yield
    cache.clear()
    fragment_cache.clear()


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


class SharedDemo:
    """The demo content loaded once in an open, never committed transaction, for consecutive tests using it.

    Loading the demo takes seconds; most tests only need it as it is. Each test still runs in its own
    savepoint inside this transaction (pytest-django's TestCase atomics nest), so whatever a test changes
    is rolled back before the next one. The transaction is rolled back, leaving the database empty again,
    before any test that does not use the demo or needs real commits (transactional, live_server).
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.home_pk = None

    def alive(self):
        return (
            self.atomic is not None
            and connection.in_atomic_block
            and not connection.needs_rollback
            and not connection.closed_in_transaction
        )

    def open(self):
        if self.alive():
            return
        self.close()
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # as Django's TestCase marks its class-wide atomics (durable=True)
            self.atomic.__enter__()
            try:
                self.home_pk = load_demo().pk
            except BaseException:
                self.close()
                raise
        cache.clear()

    def close(self):
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        cache.clear()


def load_demo():
    call_command("load_initial_data", stdout=io.StringIO())
    from home.models import HomePage

    return HomePage.objects.get()


def shares_demo(request):
    """Does this test use the demo inside an ordinary (rolled-back) test transaction?

    TEST_SHARED_DEMO=0 loads it afresh for every test instead, to rule the sharing out when a test misbehaves.
    """
    if os.environ.get("TEST_SHARED_DEMO", "1") == "0":
        return False
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or (marker.args and marker.args[0])
    )
    real_commits = {"transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames)
    return "demo" in request.fixturenames and not transactional and not real_commits


_shared = []  # the session's SharedDemo, for the guard below


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    state = SharedDemo(django_db_blocker)
    _shared.append(state)
    yield state
    state.close()
    _shared.remove(state)


@pytest.fixture
def _shared_demo_for_test(request, shared_demo):
    if shares_demo(request):
        shared_demo.open()
        cache.clear()  # nothing cached by an earlier test's rolled-back changes
    else:
        shared_demo.close()
    return shared_demo


@pytest.fixture
def _django_db_helper(_shared_demo_for_test, _django_db_helper):
    """pytest-django's per-test transaction, entered inside the shared demo's transaction when the test uses it.

    Overrides pytest-django's fixture of the same name (and runs it): the shared transaction must be opened
    or closed before the test's own atomics are entered.
    """
    yield


@pytest.fixture(autouse=True)
def _no_shared_demo_without_database(request):
    """A test without database access (subprocesses, fault scenarios) never runs beside uncommitted demo rows."""
    if "demo" not in request.fixturenames:
        for state in _shared:
            state.close()


@pytest.fixture
def demo(request, db):
    """The full 2022 demo content, loaded as `make run` does."""
    if shares_demo(request):
        from home.models import HomePage

        return HomePage.objects.get(pk=request.getfixturevalue("_shared_demo_for_test").home_pk)
    return load_demo()
