"""Wagtail's own absolute links (notification e-mails, "view live") follow the one origin."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_wagtail_links_in_emails_follow_the_one_origin(settings, demo):
    """Wagtail's notification e-mails link with WAGTAILADMIN_BASE_URL and the default Site's root URL."""
    from wagtail.admin.utils import get_admin_base_url
    from wagtail.models import Site

    from campaign.models import NewsPage

    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:18599"
    call_command("sync_site_origin", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 18599)
    assert NewsPage.objects.live().first().full_url.startswith("http://127.0.0.1:18599/")
    assert get_admin_base_url() == "http://127.0.0.1:18599"
