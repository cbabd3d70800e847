"""Which models partners see, under which type name."""

from publishing.models import ItemType


def model_for_type():
    from wagtail.documents import get_document_model

    from campaign.models import ActivityPage, CampaignPage, NewsPage, OfficerPage, Organisation

    return {
        ItemType.CAMPAIGN: CampaignPage,
        ItemType.ACTIVITY: ActivityPage,
        ItemType.OFFICER: OfficerPage,
        ItemType.NEWS: NewsPage,
        ItemType.ORGANISATION: Organisation,
        ItemType.DOCUMENT: get_document_model(),
    }


def type_for_model(model):
    for item_type, candidate in model_for_type().items():
        if model is not None and issubclass(model, candidate):
            return item_type
    return None
