from .activity import ActivityDocument, ActivityPage, ActivitySession, SubActivity
from .campaign import CampaignPage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .officer import OfficerIndexPage, OfficerPage
from .organisation import CampaignOrganisation, Organisation

__all__ = [
    "ActivityDocument",
    "ActivityPage",
    "ActivitySession",
    "CampaignOrganisation",
    "CampaignPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OfficerIndexPage",
    "OfficerPage",
    "Organisation",
    "SubActivity",
]
