"""The changes feed records what partners must do, in commit order, with tombstones."""

import datetime

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from campaign.models import NewsPage
from publishing.models import ChangeEvent, SyncedItem
from tests.factories import CampaignPageFactory, NewsPageFactory, OrganisationFactory


def kinds(**filters):
    return list(ChangeEvent.objects.filter(**filters).values_list("event", flat=True))


def test_first_publish_then_update(news_index):
    news = NewsPageFactory(parent=news_index)
    assert kinds(item_id=news.pk) == ["published"]
    news.title = "改过的标题"
    news.save_revision().publish()
    assert kinds(item_id=news.pk) == ["published", "updated"]
    event = ChangeEvent.objects.filter(item_id=news.pk).last()
    assert event.item_type == "news"
    assert event.url == f"http://testserver/news/{news.slug}/"


def test_unpublish_is_a_tombstone_with_last_url(news_index):
    news = NewsPageFactory(parent=news_index)
    url = SyncedItem.objects.get(item_id=news.pk).url
    news.unpublish()
    last = ChangeEvent.objects.last()
    assert (last.event, last.item_id, last.url) == ("unpublished", news.pk, url)
    assert last.is_removal
    assert not SyncedItem.objects.filter(item_id=news.pk).exists()


def test_drafts_and_private_pages_record_nothing(news_index):
    draft = NewsPageFactory(parent=news_index, unpublished=True)
    assert kinds(item_id=draft.pk) == []
    private = NewsPageFactory(parent=news_index, private=True)
    # Published first, then the restriction arrives: partners get a tombstone.
    assert kinds(item_id=private.pk) == ["published", "unpublished"]


def test_restricting_a_parent_tombstones_its_children(home):
    campaign = CampaignPageFactory(parent=home)
    from tests.factories import ActivityPageFactory

    activity = ActivityPageFactory(parent=campaign)
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    assert kinds(item_id=activity.pk)[-1] == "unpublished"
    assert kinds(item_id=campaign.pk)[-1] == "unpublished"


def test_delete_and_move(news_index, home):
    news = NewsPageFactory(parent=news_index, slug="old-slug")
    news.slug = "new-slug"
    news.save_revision().publish()
    assert kinds(item_id=news.pk)[-1] == "moved"
    assert ChangeEvent.objects.last().url.endswith("/news/new-slug/")
    pk = news.pk
    news.delete()
    last = ChangeEvent.objects.last()
    assert (last.event, last.item_id) == ("deleted", pk)
    assert last.url.endswith("/news/new-slug/")
    assert kinds(item_id=pk).count("deleted") == 1


def test_expiry_by_the_scheduler_is_recorded(news_index):
    news = NewsPageFactory(parent=news_index)
    NewsPage.objects.filter(pk=news.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("publish_scheduled", verbosity=0)
    assert kinds(item_id=news.pk) == ["published", "expired"]


def test_already_expired_page_is_never_announced(news_index):
    news = NewsPageFactory(parent=news_index, expired=True)
    call_command("publish_scheduled", verbosity=0)
    assert kinds(item_id=news.pk) == []


def test_sequences_are_strictly_increasing(news_index):
    for _ in range(5):
        NewsPageFactory(parent=news_index)
    sequences = list(ChangeEvent.objects.values_list("sequence", flat=True))
    assert sequences == sorted(sequences)
    assert len(set(sequences)) == len(sequences)


def test_organisations_are_synced(home):
    from campaign.models import CampaignOrganisation
    from tests.factories import CampaignPageFactory

    campaign = CampaignPageFactory(parent=home)
    organisation = OrganisationFactory()
    assert kinds(item_type="organisation", item_id=organisation.pk) == []  # in no campaign: not public
    role = CampaignOrganisation.objects.create(campaign=campaign, organisation=organisation, role="host")
    organisation.description = "新简介"
    organisation.save()
    role.delete()
    pk = organisation.pk
    organisation.delete()
    assert kinds(item_type="organisation", item_id=pk) == ["published", "updated", "unpublished"]
