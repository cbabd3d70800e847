"""The dependency record: every item whose partner JSON changes gets one event, and only those."""

import re

import pytest
from django.db import connection
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import ImageFactory

from campaign.models import CampaignOrganisation
from partner_api.models import PartnerKey
from publishing import dependencies, items
from publishing.models import ChangeEvent, SyncedItem
from tests.factories import (
    ActivityPageFactory,
    CampaignPageFactory,
    NewsPageFactory,
    OfficerPageFactory,
    OrganisationFactory,
)

URL = "/api/v1/changes/"


def cursor():
    return ChangeEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def events_after(since):
    return [
        (e.event, e.item_type, e.item_id) for e in ChangeEvent.objects.filter(sequence__gt=since).order_by("sequence")
    ]


def assert_one_update_each(events, showing, unrelated=()):
    """Each item showing the change gets one event, none twice; unrelated items get none.

    Items may also embed the change under ``?expand=`` (e.g. a campaign's expanded
    activities show their images): those count as showing it too.
    """
    items_seen = [event[1:] for event in events]
    assert len(items_seen) == len(set(items_seen)), events
    for item in showing:
        assert ("updated", *item) in events, (item, events)
    for item in unrelated:
        assert item not in items_seen, (item, events)


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def world(home, news_index, officer_index):
    image = ImageFactory(title="合影", file__width=800, file__height=600)
    other_image = ImageFactory(title="风景", file__width=800, file__height=600)
    campaign = CampaignPageFactory(parent=home, year=2022, slug="2022")
    other_campaign = CampaignPageFactory(parent=home, year=2023, slug="2023")
    host, bystander = OrganisationFactory(name="昆明市人民政府"), OrganisationFactory(name="无关单位")
    CampaignOrganisation.objects.create(campaign=campaign, organisation=host, role="host")
    publish(campaign)
    activity = ActivityPageFactory(parent=campaign, hero_image=image)
    other_activity = ActivityPageFactory(parent=other_campaign)
    officer = OfficerPageFactory(parent=officer_index, campaign=campaign, photo=image)
    free_officer = OfficerPageFactory(parent=officer_index, photo=other_image)
    news = NewsPageFactory(parent=news_index, campaign=campaign, hero_image=image)
    news.activities.add(activity)
    news.officers.add(officer)
    news.tags.add("质量月")
    publish(news)
    unrelated = NewsPageFactory(parent=news_index, hero_image=other_image)
    return {
        "image": image,
        "other_image": other_image,
        "campaign": campaign,
        "other_campaign": other_campaign,
        "host": host,
        "bystander": bystander,
        "activity": activity,
        "other_activity": other_activity,
        "officer": officer,
        "free_officer": free_officer,
        "news": news,
        "unrelated": unrelated,
    }


def test_renaming_the_campaign_updates_each_item_embedding_it_once(client, world):
    since = cursor()
    publish(world["campaign"], title="2022年质量月（更名）")
    events = events_after(since)
    expected = {
        ("campaign", world["campaign"].pk),
        ("activity", world["activity"].pk),
        ("officer", world["officer"].pk),
        ("news", world["news"].pk),
        ("organisation", world["host"].pk),
    }
    unrelated = {("news", world["unrelated"].pk), ("officer", world["free_officer"].pk)}
    assert_one_update_each(events, expected, unrelated)
    # Partners reading any of them now see the new title.
    news = client.get(f"/api/v1/news/{world['news'].pk}/").json()
    assert news["campaign"]["title"] == "2022年质量月（更名）"
    host = client.get(f"/api/v1/organisations/{world['host'].pk}/").json()
    assert host["campaigns"][0]["campaign"]["title"] == "2022年质量月（更名）"


def test_moving_an_image_into_a_private_collection_hides_it_everywhere(client, world):
    private = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    since = cursor()
    image = world["image"]
    image.collection = private
    image.save()
    events = events_after(since)
    showing = {
        ("activity", world["activity"].pk),
        ("officer", world["officer"].pk),
        ("news", world["news"].pk),
    }
    unrelated = {("news", world["unrelated"].pk), ("officer", world["free_officer"].pk)}
    assert_one_update_each(events, showing, unrelated)
    assert client.get(f"/api/v1/news/{world['news'].pk}/").json()["hero_image"] is None
    assert client.get(f"/api/v1/officers/{world['officer'].pk}/").json()["photo"] is None
    assert client.get(f"/api/v1/activities/{world['activity'].pk}/").json()["hero_image"] is None
    assert client.get(f"/api/v1/news/{world['unrelated'].pk}/").json()["hero_image"]["id"] == world["other_image"].pk


def test_making_a_collection_private_updates_items_showing_its_images(client, world):
    collection = Collection.get_first_root_node().add_child(name="稿件图片")
    world["other_image"].collection = collection
    world["other_image"].save()
    since = cursor()
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert sorted(events_after(since)) == [
        ("updated", "news", world["unrelated"].pk),
        ("updated", "officer", world["free_officer"].pk),
    ]
    assert client.get(f"/api/v1/officers/{world['free_officer'].pk}/").json()["photo"] is None


def test_retitling_an_image_updates_its_users(world):
    since = cursor()
    world["other_image"].title = "新标题"
    world["other_image"].save()
    assert sorted(events_after(since)) == [
        ("updated", "news", world["unrelated"].pk),
        ("updated", "officer", world["free_officer"].pk),
    ]


def test_renaming_an_organisation_updates_it_and_its_campaign(client, world):
    since = cursor()
    world["host"].name = "昆明市人民政府（新）"
    world["host"].save()
    # The news item embeds the whole campaign under ?expand=campaign.
    assert_one_update_each(
        events_after(since),
        {("campaign", world["campaign"].pk), ("news", world["news"].pk), ("organisation", world["host"].pk)},
        {("news", world["unrelated"].pk), ("officer", world["free_officer"].pk)},
    )
    campaign = client.get(f"/api/v1/campaigns/{world['campaign'].pk}/").json()
    assert campaign["organisations"][0]["name"] == "昆明市人民政府（新）"


def test_a_new_role_publishes_the_organisation_once(world):
    since = cursor()
    campaign = world["other_campaign"]
    CampaignOrganisation.objects.create(campaign=campaign, organisation=world["bystander"], role="co_organiser")
    publish(campaign)
    events = events_after(since)
    # Its first role in a public campaign makes it public (once); the other organisation is untouched.
    assert events.count(("published", "organisation", world["bystander"].pk)) == 1
    assert not [event for event in events if event[1:] == ("organisation", world["host"].pk)]


def test_unpublishing_an_activity_updates_the_news_and_campaign_listing_it(client, world):
    since = cursor()
    world["activity"].unpublish()
    events = events_after(since)
    assert ("unpublished", "activity", world["activity"].pk) in events
    assert_one_update_each(
        [event for event in events if event[0] != "unpublished"],
        {("campaign", world["campaign"].pk), ("news", world["news"].pk)},
        {("news", world["unrelated"].pk)},
    )
    assert client.get(f"/api/v1/news/{world['news'].pk}/").json()["activities"] == []
    since = cursor()
    publish(world["activity"])
    assert ("updated", "news", world["news"].pk) in events_after(since)
    assert client.get(f"/api/v1/news/{world['news'].pk}/").json()["activities"] == [world["activity"].pk]


def test_a_new_activity_updates_its_campaign(world):
    since = cursor()
    added = ActivityPageFactory(parent=world["campaign"])
    # The campaign lists its activities; the news item embeds the campaign under ?expand=campaign.
    events = events_after(since)
    assert ("published", "activity", added.pk) in events
    assert_one_update_each(
        [event for event in events if event[0] != "published"],
        {("campaign", world["campaign"].pk), ("news", world["news"].pk)},
        {("news", world["unrelated"].pk)},
    )


def test_tag_rename_updates_tagged_news(client, world):
    from taggit.models import Tag

    since = cursor()
    tag = Tag.objects.get(name="质量月")
    tag.name = "全国质量月"
    tag.save()
    assert events_after(since) == [("updated", "news", world["news"].pk)]
    assert client.get(f"/api/v1/news/{world['news'].pk}/").json()["tags"] == ["全国质量月"]


def test_modified_at_moves_only_when_the_json_changes(client, world):
    news_id = world["unrelated"].pk
    before = client.get(f"/api/v1/news/{news_id}/").json()["modified_at"]
    assert before is not None
    world["image"].title = "与这条新闻无关"
    world["image"].save()
    assert client.get(f"/api/v1/news/{news_id}/").json()["modified_at"] == before
    world["other_image"].title = "题图改名"
    world["other_image"].save()
    after = client.get(f"/api/v1/news/{news_id}/").json()["modified_at"]
    assert after > before
    listed = client.get(f"/api/v1/news/?updated_since={after.replace('+', '%2B')}").json()["results"]
    assert [item["id"] for item in listed] == [news_id]


def test_updated_since_works_on_organisations(client, world):
    moment = SyncedItem.objects.get(item_type="organisation", item_id=world["host"].pk).modified_at
    world["host"].description = "市政府"
    world["host"].save()
    response = client.get("/api/v1/organisations/", {"updated_since": moment.isoformat()})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [world["host"].pk]


# The record is derived from what rendering reads; a test fails if it reads something unknown.

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def known_tables():
    from django.apps import apps

    tables = {"publishing_synceditem"}  # modified_at: the record itself
    for model in apps.get_models(include_auto_created=True):
        if dependencies.keys_for_model(model):
            tables.add(model._meta.db_table)
    return tables


@pytest.mark.parametrize("item_type", ["campaign", "activity", "officer", "news", "organisation"])
def test_rendering_reads_only_objects_the_record_knows(world, item_type):
    item_id = {
        "campaign": world["campaign"].pk,
        "activity": world["activity"].pk,
        "officer": world["officer"].pk,
        "news": world["news"].pk,
        "organisation": world["host"].pk,
    }[item_type]
    queries = []

    def capture(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture), dependencies.tracking() as tracker:
        data, keys = items.render(item_type, item_id)
    assert data["id"] == item_id
    assert tracker.unknown == set()
    read = {table for sql in queries for table in TABLE.findall(sql)}
    assert read - known_tables() == set()
    assert items.dependency_keys(item_type, item_id) == keys


def test_an_unregistered_model_read_while_tracking_is_reported(world):
    with dependencies.tracking() as tracker:
        list(PartnerKey.objects.all())
        PartnerKey(name="x")
    assert tracker.unknown == {"partner_api.PartnerKey"}


def test_news_record_names_what_it_embeds(world):
    keys = items.dependency_keys("news", world["news"].pk)
    expected = {
        f"page:{world['news'].pk}",
        f"page:{world['campaign'].pk}",
        f"page:{world['activity'].pk}",
        f"page:{world['officer'].pk}",
        f"image:{world['image'].pk}",
        "site",
    }
    assert expected <= keys
    assert any(key.startswith("tag:") for key in keys)
    assert f"page:{world['unrelated'].pk}" not in keys


def test_rebuild_records_items_silently(world):
    from django.core.management import call_command

    from publishing.models import ItemDependency

    SyncedItem.objects.update(fingerprint="")
    ItemDependency.objects.all().delete()
    since = cursor()
    call_command("rebuild_item_record", stdout=__import__("io").StringIO())
    assert events_after(since) == []
    assert not SyncedItem.objects.filter(fingerprint="").exists()
    assert f"page:{world['campaign'].pk}" in items.dependency_keys("news", world["news"].pk)


def test_activity_status_change_at_midnight_is_announced_once(client, world, monkeypatch):
    import datetime

    from campaign import tasks
    from campaign.models import activity as activity_module

    today = activity_module.today_in_shanghai()
    starting = ActivityPageFactory(
        parent=world["campaign"], start_date=today + datetime.timedelta(days=1), end_date=today + datetime.timedelta(5)
    )
    assert client.get(f"/api/v1/activities/{starting.pk}/").json()["status"] == "upcoming"
    monkeypatch.setattr(activity_module, "today_in_shanghai", lambda: today + datetime.timedelta(days=1))
    since = cursor()
    tasks.announce_activity_status()
    tasks.announce_activity_status()
    assert events_after(since) == [("updated", "activity", starting.pk)]
    assert client.get(f"/api/v1/activities/{starting.pk}/").json()["status"] == "ongoing"
