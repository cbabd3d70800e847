"""#18 documents: the document block, 相关报告 on activities, documents in the API and the changes feed."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import DocumentFactory

from campaign.models import ActivityDocument
from partner_api.models import PartnerKey
from publishing.documents import human_size
from tests.factories import ActivityPageFactory, CampaignPageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 " + b"x" * (1258291 - 9)  # 1.2 MB


def private_collection():
    collection = Collection.get_first_root_node().add_child(name="内部报告")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


@pytest.fixture
def headers(db):
    _, key = PartnerKey.objects.create_key(name="文件测试")
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture
def activity(home):
    campaign = CampaignPageFactory(parent=home, slug="2022")
    public = DocumentFactory(title="公开报告", file__filename="gongkai.pdf", file__data=PDF)
    private = DocumentFactory(title="内部报告", file__filename="neibu.pdf", collection=private_collection())
    page = ActivityPageFactory(
        parent=campaign,
        slug="reports",
        body=[
            ("document", {"document": public, "title": "正文里的报告"}),
            ("document", {"document": private, "title": "正文里的内部报告"}),
        ],
    )
    page.related_documents = [
        ActivityDocument(document=public, sort_order=0),
        ActivityDocument(document=private, sort_order=1),
    ]
    page.save_revision().publish()
    page.public_document, page.private_document = public, private
    return page


def test_human_sizes():
    assert [human_size(n) for n in (None, 0, 1023, 1024, 1258291, 5 * 1024**3)] == [
        "",
        "0 B",
        "1023 B",
        "1.0 KB",
        "1.2 MB",
        "5.0 GB",
    ]


def test_activity_page_lists_public_reports_with_type_and_size_and_they_download(client, activity):
    body = client.get(activity.url).content.decode()
    assert "相关报告" in body
    assert "公开报告" in body and "PDF · 1.2 MB" in body
    assert "正文里的报告" in body
    assert "内部报告" not in body and "neibu" not in body
    response = client.get(activity.public_document.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_documents_in_the_partner_api_are_public_ones_only(client, activity, headers):
    data = client.get(f"/api/v1/activities/{activity.pk}/", **headers).json()
    assert data["documents"] == [
        {
            "id": activity.public_document.pk,
            "type": "document",
            "title": "公开报告",
            "url": f"http://testserver{activity.public_document.url}",
            "file_type": "PDF",
            "size": len(PDF),
            "size_label": "1.2 MB",
        }
    ]
    assert "正文里的报告" in data["body"] and "内部报告" not in data["body"]
    listed = client.get("/api/v1/documents/", **headers).json()["results"]
    assert [item["id"] for item in listed] == [activity.public_document.pk]
    assert client.get(f"/api/v1/documents/{activity.private_document.pk}/", **headers).status_code == 404
    blocks = client.get(f"/api/v1/activities/{activity.pk}/?format=blocks", **headers).json()["body"]
    assert [block["value"]["document"]["id"] for block in blocks if block["type"] == "document"] == [
        activity.public_document.pk
    ]


def test_documents_in_the_changes_feed_follow_their_collection(client, activity, headers):
    def entries(url):
        return [e for e in client.get(url, **headers).json()["results"] if e["type"] == "document"]

    snapshot = entries("/api/v1/changes/?limit=1000")
    assert [e["id"] for e in snapshot] == [activity.public_document.pk]
    assert snapshot[0]["url"].endswith(activity.public_document.url)
    history = entries("/api/v1/changes/?since=0&limit=1000")
    assert activity.private_document.pk not in [e["id"] for e in history]

    document = activity.public_document
    document.collection = activity.private_document.collection
    document.save()
    last = entries("/api/v1/changes/?since=0&limit=1000")[-1]
    assert (last["id"], last["event"], last["removed"]) == (document.pk, "unpublished", True)
    assert entries("/api/v1/changes/?limit=1000") == []


def test_documents_carry_modified_at_and_filter_on_updated_since(client, activity, headers):
    import datetime

    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    listed = client.get("/api/v1/documents/", **headers).json()["results"]
    modified = parse_datetime(listed[0]["modified_at"])
    assert modified is not None
    detail = client.get(f"/api/v1/documents/{activity.public_document.pk}/", **headers).json()
    assert detail["modified_at"] == listed[0]["modified_at"]
    later = (modified + datetime.timedelta(seconds=1)).isoformat()
    assert client.get("/api/v1/documents/", {"updated_since": later}, **headers).json()["results"] == []
    before = timezone.now()
    activity.public_document.title = "改名的公开报告"
    activity.public_document.save()
    changed = client.get("/api/v1/documents/", {"updated_since": before.isoformat()}, **headers).json()["results"]
    assert [item["title"] for item in changed] == ["改名的公开报告"]
    assert parse_datetime(changed[0]["modified_at"]) >= before
    assert client.get("/api/v1/documents/", {"updated_since": ""}, **headers).status_code == 400
