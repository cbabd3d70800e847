"""#14 low 13: an organisation is public only while a public campaign gives it a role."""

import pytest
from wagtail.models import PageViewRestriction

from campaign.models import CampaignOrganisation
from partner_api.models import PartnerKey
from tests.factories import CampaignPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(db):
    _, key = PartnerKey.objects.create_key(name="单位测试")
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def changes(client, headers, url):
    entries = []
    for _ in range(20):
        body = client.get(url, **headers).json()
        entries += body["results"]
        if not body["results"] or not body["next"]:
            break
        url = body["next"].replace("http://testserver", "")
    return entries


def organisation_ids(entries):
    return {entry["id"] for entry in entries if entry["type"] == "organisation"}


def test_organisation_of_an_unpublished_campaign_is_nowhere_until_it_is_published(client, home, headers):
    campaign = CampaignPageFactory(parent=home, unpublished=True)
    hidden = OrganisationFactory(name="只在草稿里的单位")
    CampaignOrganisation.objects.create(campaign=campaign, organisation=hidden, role="host")

    listed = client.get("/api/v1/organisations/", **headers).json()["results"]
    assert hidden.pk not in [item["id"] for item in listed]
    assert client.get(f"/api/v1/organisations/{hidden.pk}/", **headers).status_code == 404
    assert hidden.pk not in organisation_ids(changes(client, headers, "/api/v1/changes/"))
    assert hidden.pk not in organisation_ids(changes(client, headers, "/api/v1/changes/?since=0"))

    campaign.save_revision().publish()
    assert client.get(f"/api/v1/organisations/{hidden.pk}/", **headers).status_code == 200
    history = changes(client, headers, "/api/v1/changes/?since=0")
    assert [e["event"] for e in history if e["type"] == "organisation" and e["id"] == hidden.pk] == ["published"]

    # The campaign goes private: the organisation is withdrawn with it, as a tombstone.
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    assert client.get(f"/api/v1/organisations/{hidden.pk}/", **headers).status_code == 404
    history = changes(client, headers, "/api/v1/changes/?since=0")
    last = [e for e in history if e["type"] == "organisation" and e["id"] == hidden.pk][-1]
    assert last["event"] == "unpublished" and last["removed"] is True


def test_organisation_with_a_role_in_a_public_campaign_is_listed(client, home, headers):
    campaign = CampaignPageFactory(parent=home)
    shown = OrganisationFactory(name="公开单位")
    CampaignOrganisation.objects.create(campaign=campaign, organisation=shown, role="host")
    listed = client.get("/api/v1/organisations/", **headers).json()["results"]
    assert shown.pk in [item["id"] for item in listed]
    assert shown.pk in organisation_ids(changes(client, headers, "/api/v1/changes/"))
