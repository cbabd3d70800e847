"""采纳 of an officer application: the applicant's photo stays private until the officer page is published (PIPL).

The URL configuration used here also serves MEDIA_ROOT at /media/, as ``make run`` and any web server in
front of the site do, so a file left in the public folder would be found. (Its own, reading MEDIA_ROOT per
request: ``tests.site.browser_urls`` fixes the folder when first imported, and this package's conftest
points MEDIA_ROOT at a temporary folder.)
"""

import re

import pytest
from django.conf import settings
from django.urls import re_path, reverse
from django.views.static import serve
from wagtail.models import Collection

from campaign.models import OfficerPage
from cms.urls import urlpatterns as site_urlpatterns
from moderation.photos import OFFICERS_COLLECTION, PENDING_COLLECTION


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

MEDIA_URL = re.compile(r"""(/(?:media|private-media)/[^"'\s<>),]+)""")


def accepted_draft(client, chief, application):
    client.force_login(chief)
    response = client.post(reverse("moderation_accept", args=("officerapplication", application.pk)))
    assert response.status_code == 302
    return OfficerPage.objects.get()


def public_folder_url(url):
    return "/media/" + url.split("/", 2)[2]


def test_photo_is_private_until_the_officer_page_is_published(client, chief, application, officer_index):
    page = accepted_draft(client, chief, application)
    photo = page.photo
    assert photo.collection.name == PENDING_COLLECTION and photo.collection.get_view_restrictions().exists()
    rendition = photo.get_rendition("fill-192x192")
    private_urls = [photo.file.url, rendition.url]
    assert all(url.startswith("/private-media/") for url in private_urls), private_urls

    # The editor who accepted it sees the photo (the draft's preview uses it).
    assert [client.get(url).status_code for url in private_urls] == [200, 200]

    # An anonymous reader: neither the original nor a rendition, under any URL; the draft page is not public.
    client.logout()
    for url in private_urls:
        assert client.get(url).status_code == 404
        assert client.get(public_folder_url(url)).status_code == 404
    assert client.get(f"/{officer_index.slug}/{page.slug}/").status_code == 404
    listing = client.get(officer_index.url).content.decode()
    assert "张三" not in listing and photo.file.name.rsplit("/", 1)[-1] not in listing

    # Published: the photo is public, shown on the page, and its files are served.
    page.save_revision(user=chief).publish(user=chief)
    photo.refresh_from_db()
    assert photo.collection.name == OFFICERS_COLLECTION and not photo.collection.get_view_restrictions().exists()
    html = client.get(page.url).content.decode()
    shown = [url for url in MEDIA_URL.findall(html) if "original_images" in url or "images/" in url]
    assert shown and all(url.startswith("/media/") for url in shown), shown
    assert all(client.get(url).status_code == 200 for url in shown)
    assert client.get(photo.file.url).status_code == 200 and photo.file.url.startswith("/media/")
    # The old private URLs do not linger.
    assert all(client.get(url).status_code == 404 for url in private_urls)


def test_second_acceptance_reuses_the_restricted_collection(client, chief, application, officer_index, officer_form):
    from participation.models import OfficerApplication

    accepted_draft(client, chief, application)
    other = OfficerApplication.objects.create(
        form=officer_form, name="李四", occupation="工程师", story="故事" * 60, declaration="宣言", phone="13900000000"
    )
    other.photo.save("li.png", application.photo.open("rb"), save=True)
    client.post(reverse("moderation_accept", args=("officerapplication", other.pk)))
    assert Collection.objects.filter(name=PENDING_COLLECTION).count() == 1
    assert {page.photo.collection.name for page in OfficerPage.objects.all()} == {PENDING_COLLECTION}
