"""The whole-response cache never serves stale, private or keyed content to anyone else."""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import PageViewRestriction

from partner_api import usage
from partner_api.models import PartnerKey
from publishing.response_cache import cache_key
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache")]


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Cache")


def partner_key():
    out = io.StringIO()
    call_command("partner_key", "create", "昆明日报", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_anonymous_page_and_api_are_served_whole_from_the_cache(client, news_index, django_assert_num_queries):
    page = NewsPageFactory(parent=news_index, title="缓存的新闻")
    for url in (page.url, "/api/v1/news/"):
        first, state = get(client, url)
        assert first.status_code == 200 and state == "MISS"
        with django_assert_num_queries(1):  # the stamps of the entry's dependency keys, nothing else
            second, state = get(client, url)
        assert state == "HIT"
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert "public" in second["Cache-Control"]


def test_hit_answers_conditional_request_with_304(client, news_index):
    page = NewsPageFactory(parent=news_index)
    etag = get(client, page.url)[0]["ETag"]
    response, state = get(client, page.url, HTTP_IF_NONE_MATCH=etag)
    assert state == "HIT" and response.status_code == 304


def test_publishing_an_edit_is_visible_at_once(client, news_index):
    page = NewsPageFactory(parent=news_index, title="旧标题")
    assert "旧标题" in get(client, page.url)[0].content.decode()
    assert "旧标题" in get(client, "/api/v1/news/")[0].content.decode()
    old_etag = get(client, page.url)[0]["ETag"]
    page.title = "新标题"
    page.save_revision().publish()
    response, state = get(client, page.url)
    assert state == "MISS" and "新标题" in response.content.decode() and "旧标题" not in response.content.decode()
    assert response["ETag"] != old_etag
    api = get(client, "/api/v1/news/")[0].content.decode()
    assert "新标题" in api and "旧标题" not in api


@pytest.mark.parametrize("how", ["unpublish", "delete", "restrict"])
def test_unpublished_deleted_or_restricted_page_is_gone_at_once(client, news_index, how):
    page = NewsPageFactory(parent=news_index, title="将被撤下的新闻")
    url = page.url
    assert get(client, url)[1] == "MISS" and get(client, url)[1] == "HIT"
    assert "将被撤下的新闻" in get(client, "/api/v1/news/")[0].content.decode()
    if how == "unpublish":
        page.unpublish()
    elif how == "delete":
        page.delete()
    else:
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")
    response, _state = get(client, url)
    if how == "restrict":
        assert "将被撤下的新闻" not in response.content.decode() or response.status_code != 200
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    else:
        assert response.status_code == 404
    assert "将被撤下的新闻" not in get(client, "/api/v1/news/")[0].content.decode()


def test_page_expiring_before_the_scheduler_runs_is_not_served_from_the_cache(client, news_index):
    # The page must be read (and cached) before it expires. On a loaded machine the first
    # requests can take longer than a short window, so a window that ran out too soon is
    # tried again with a longer one; the assertion after the expiry is the same each time.
    for window in (4, 12, 40):
        expiry = timezone.now() + datetime.timedelta(seconds=window)
        page = NewsPageFactory(parent=news_index, title=f"即将过期的新闻{window}")
        page.expire_at = expiry
        page.save_revision().publish()
        url = page.url
        seen = (
            get(client, url)[0].status_code == 200
            and f"即将过期的新闻{window}" in get(client, "/api/v1/news/")[0].content.decode()
            and get(client, url)[1] == "HIT"
        )
        if timezone.now() < expiry - datetime.timedelta(seconds=0.5):
            assert seen
            break
    time.sleep(max(0.0, (expiry - timezone.now()).total_seconds()) + 0.2)
    # No scheduler has run and no version was bumped: the entry simply ran out.
    assert get(client, url)[0].status_code == 404
    assert f"即将过期的新闻{window}" not in get(client, "/api/v1/news/")[0].content.decode()


def test_private_page_is_never_stored(client, news_index):
    page = NewsPageFactory(parent=news_index, title="内部新闻", private=True)
    first, state = get(client, page.url)
    assert state is None
    assert "内部新闻" not in first.content.decode() or first.status_code != 200
    assert get(client, page.url)[1] is None


def test_signed_in_reader_neither_reads_nor_fills_the_cache(client, admin_client, news_index):
    page = NewsPageFactory(parent=news_index, title="编辑看到的新闻")
    editor, state = get(admin_client, page.url)
    assert editor.status_code == 200 and state is None
    anonymous, state = get(client, page.url)
    assert state == "MISS"  # the editor's response (userbar) was not stored
    assert b"wagtail-userbar" not in anonymous.content
    assert get(client, page.url)[1] == "HIT"
    assert get(admin_client, page.url)[1] is None  # nor served from it


def test_keyed_api_request_is_served_from_the_shared_entry(client, news_index, django_assert_num_queries, settings):
    """A valid key reads the anonymous entry, answered private, with its own RateLimit headers."""
    settings.PARTNER_KEY_USAGE_FLUSH_SECONDS = 3600  # usage written in batches, as in production
    NewsPageFactory(parent=news_index, title="共享缓存的新闻")
    key = partner_key()
    anonymous, state = get(client, "/api/v1/news/")
    assert state == "MISS"
    # The stamps of the entry's keys and the key row: no view, no serializer.
    with django_assert_num_queries(2):
        keyed, state = get(client, "/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    usage.flush()
    assert PartnerKey.objects.get().requests_today() == 1
    assert keyed.status_code == 200 and state == "HIT"
    assert keyed.content == anonymous.content and keyed["ETag"] == anonymous["ETag"]
    assert "private" in keyed["Cache-Control"] and "public" not in keyed["Cache-Control"]
    assert "Authorization" in keyed["Vary"]
    assert keyed["RateLimit-Policy"] == '"partner";q=1000;w=60'
    assert keyed["RateLimit"].startswith('"partner";r=999;')
    # The anonymous answer is still public, with the anonymous quota.
    again, state = get(client, "/api/v1/news/")
    assert state == "HIT" and "public" in again["Cache-Control"] and "q=1000" not in again["RateLimit-Policy"]


def test_keyed_miss_fills_the_shared_entry_as_public(client, news_index):
    NewsPageFactory(parent=news_index, title="由密钥请求填入的新闻")
    key = partner_key()
    keyed, state = get(client, "/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert keyed.status_code == 200 and state == "MISS" and "private" in keyed["Cache-Control"]
    anonymous, state = get(client, "/api/v1/news/")
    assert state == "HIT" and anonymous.content == keyed.content
    assert "public" in anonymous["Cache-Control"] and "private" not in anonymous["Cache-Control"]
    assert "RateLimit" in anonymous and "q=1000" not in anonymous["RateLimit-Policy"]


def test_keyed_conditional_request_gets_304_from_the_shared_entry(client, news_index, settings):
    settings.PARTNER_API_KEY_RATE_PER_MINUTE = 3
    page = NewsPageFactory(parent=news_index)
    key = partner_key()
    etag = get(client, f"/api/v1/news/{page.pk}/")[0]["ETag"]
    for _ in range(5):  # a 304 is free: more than the quota of them
        response, state = get(
            client, f"/api/v1/news/{page.pk}/", HTTP_AUTHORIZATION=f"Api-Key {key}", HTTP_IF_NONE_MATCH=etag
        )
        assert response.status_code == 304 and state == "HIT" and response.content == b""
        assert "private" in response["Cache-Control"] and response["ETag"] == etag


@pytest.mark.parametrize("how", ["bad", "revoked", "malformed"])
def test_bad_or_revoked_key_never_gets_cached_content(client, news_index, how):
    page = NewsPageFactory(parent=news_index, title="不给无效密钥的新闻")
    key = partner_key()
    url = f"/api/v1/news/{page.pk}/"
    etag = get(client, url)[0]["ETag"]
    assert get(client, url)[1] == "HIT"
    if how == "revoked":
        call_command("partner_key", "revoke", "昆明日报", stdout=io.StringIO())
        header = f"Api-Key {key}"
    elif how == "bad":
        header = f"Api-Key {key.partition('.')[0]}.wrong"
    else:
        header = "Bearer whatever"
    for extra in ({}, {"HTTP_IF_NONE_MATCH": etag}):
        response, state = get(client, url, HTTP_AUTHORIZATION=header, **extra)
        assert response.status_code == 401 and state is None
        assert response["Content-Type"] == "application/problem+json"
        assert "不给无效密钥的新闻" not in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_throttled_key_gets_429_not_the_cached_body(client, news_index, settings):
    settings.PARTNER_API_KEY_RATE_PER_MINUTE = 2
    NewsPageFactory(parent=news_index, title="限流的新闻")
    key = partner_key()
    assert get(client, "/api/v1/news/")[1] == "MISS"
    for _ in range(2):
        response, state = get(client, "/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
        assert response.status_code == 200 and state == "HIT"
    limited, state = get(client, "/api/v1/news/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert limited.status_code == 429 and state is None and int(limited["Retry-After"]) >= 1
    assert limited["Content-Type"] == "application/problem+json"
    assert "限流的新闻" not in limited.content.decode()


def test_authorization_outside_the_api_is_never_served_from_the_cache(client, news_index):
    page = NewsPageFactory(parent=news_index)
    key = partner_key()
    assert get(client, page.url)[1] == "MISS" and get(client, page.url)[1] == "HIT"
    assert get(client, page.url, HTTP_AUTHORIZATION=f"Api-Key {key}")[1] is None


def test_keyed_preview_is_never_stored(client, news_index):
    """A keyed answer the view does not mark as the anonymous body (no ETag: errors, previews) is not stored."""
    key = partner_key()
    response, state = get(client, "/api/v1/news/999999/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 404 and state is None
    assert get(client, "/api/v1/news/999999/")[1] is None


def test_rate_limit_headers_are_not_shared(client, news_index, settings):
    """A cache hit counts against the quota and carries this client's own RateLimit, never a stored one."""
    settings.PARTNER_API_ANON_RATE = "5/min"
    NewsPageFactory(parent=news_index)
    first, _ = get(client, "/api/v1/news/")
    assert first["RateLimit"].startswith('"partner";r=4;')
    hit, state = get(client, "/api/v1/news/")
    assert state == "HIT"
    assert hit["RateLimit"].startswith('"partner";r=3;')
    assert hit["RateLimit-Policy"] == '"partner";q=5;w=60'
    other, state = get(client, "/api/v1/news/", REMOTE_ADDR="10.0.0.9")
    assert state == "HIT"
    assert other["RateLimit"].startswith('"partner";r=4;')
    for _ in range(3):
        get(client, "/api/v1/news/")
    limited, _ = get(client, "/api/v1/news/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert limited["Content-Type"] == "application/problem+json"


def test_errors_are_not_cached(client, news_index):
    assert get(client, "/news/not-yet/")[0].status_code == 404
    assert get(client, "/news/not-yet/")[1] is None
    page = NewsPageFactory(parent=news_index, slug="not-yet")
    assert get(client, page.url)[0].status_code == 200
    assert get(client, "/api/v1/news/?limit=abc")[1] is None


def test_key_separates_variants_and_negotiated_headers():
    factory = RequestFactory()
    plain = cache_key(factory.get("/api/v1/news/"))
    assert plain == cache_key(factory.get("/api/v1/news/"))
    assert plain != cache_key(factory.get("/api/v1/news/?variant=zh-hant"))
    assert plain != cache_key(factory.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="zh-TW"))
    assert plain != cache_key(factory.get("/api/v1/news/", HTTP_ORIGIN="https://partner.example"))
    # Each script variant, by parameter or by Accept-Language, has its own entry.
    by_header = {
        tag: cache_key(factory.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE=tag))
        for tag in ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
    }
    assert len(set(by_header.values())) == 4
    assert ":zh-tw:" in by_header["zh-TW"] and ":zh-hk:" in by_header["zh-HK"]
    assert ":zh-hk:" in cache_key(factory.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="zh-MO"))


@pytest.mark.parametrize("change", ["alt_text", "focal_point", "delete"])
def test_editing_an_image_is_visible_at_once(client, news_index, change):
    from wagtail_factories import ImageFactory

    image = ImageFactory(title="旧的图片说明", file__width=640, file__height=480)
    image.get_rendition("fill-640x360")  # renditions made before: never a new version
    page = NewsPageFactory(parent=news_index, title="带图的新闻", hero_image=image)
    api_url = f"/api/v1/news/{page.pk}/"
    for url in (page.url, api_url):
        assert "旧的图片说明" in get(client, url)[0].content.decode()
        assert get(client, url)[1] == "HIT"
    old_api = get(client, api_url)[0].content
    if change == "alt_text":
        image.title = "新的图片说明"
        image.description = "新的图片说明"
        image.save()
    elif change == "focal_point":
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 20, 20
        image.save()
    else:
        image.delete()
    for url in (page.url, api_url):
        response, state = get(client, url)
        assert state == "MISS"
        if change != "focal_point":
            assert "旧的图片说明" not in response.content.decode()
        if change == "alt_text":
            assert "新的图片说明" in response.content.decode()
    # The focal point moves the crops: the partner sees other rendition URLs.
    assert get(client, api_url)[0].content != old_api


def test_making_renditions_does_not_start_a_new_version(news_index):
    from wagtail_factories import ImageFactory

    from publishing import content_version

    image = ImageFactory(file__width=640, file__height=480)
    before = content_version.current()[0]
    image.get_rendition("fill-160x160")
    image.get_file_size()
    image.get_file_hash()
    assert content_version.current()[0] == before


def test_news_index_tags_months_and_count_follow_publishing_and_expiry(client, news_index):
    """The list's count, tag list and month archive are remembered per version: never stale."""
    first = NewsPageFactory(parent=news_index, title="第一篇", published_at=timezone.now())
    first.tags.add("第一个标签")
    first.save_revision().publish()
    body = get(client, "/news/?month=2019-03")[0].content.decode()  # computes and remembers
    assert "第一个标签" in body and "2019年3月</a>" not in body
    march = datetime.datetime(2019, 3, 10, 2, 0, tzinfo=datetime.UTC)
    later = NewsPageFactory(parent=news_index, title="后来的新闻", published_at=march)
    later.tags.add("后来的标签")
    later.save_revision().publish()
    body, state = get(client, "/news/")
    body = body.content.decode()
    assert state == "MISS" and "后来的标签" in body and "2019年3月</a>（1）" in body
    assert "后来的新闻" in get(client, "/news/?month=2019-03")[0].content.decode()
    # Expiring before the scheduler runs: no version bump, the remembered values run out.
    later.expire_at = timezone.now() + datetime.timedelta(seconds=3)
    later.save_revision().publish()
    assert "后来的标签" in get(client, "/news/?tag=后来的标签")[0].content.decode()
    time.sleep(max(0.0, (later.expire_at - timezone.now()).total_seconds()) + 0.2)
    body = get(client, "/news/")[0].content.decode()
    assert "后来的标签" not in body and "2019年3月</a>" not in body and "后来的新闻" not in body
    assert "后来的新闻" not in get(client, "/news/?month=2019-03")[0].content.decode()
    assert "后来的新闻" not in get(client, "/news/?tag=后来的标签")[0].content.decode()
