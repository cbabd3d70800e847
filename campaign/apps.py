from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "质量月活动"

    def ready(self):
        from campaign import tasks  # noqa: F401  (registers periodic jobs)
        from campaign.models import (
            ActivitySession,
            CampaignOrganisation,
            NewsPage,
            NewsPageTag,
            Organisation,
            SubActivity,
        )
        from campaign.models.activity import ActivityDocument
        from publishing import dependencies
        from publishing.dependencies import page_key

        # What each of our rows means to the partner JSON that reads it (publishing.dependencies).
        dependencies.register(Organisation, lambda row: (f"organisation:{row.pk}",))
        dependencies.register(
            CampaignOrganisation,
            lambda row: (page_key(row.campaign_id), f"organisation:{row.organisation_id}"),
            announce=True,
        )
        dependencies.register(SubActivity, lambda row: (page_key(row.activity_id),))
        # Sessions are saved with the activity's revision: part of its own content.
        dependencies.register(ActivitySession, lambda row: (page_key(row.activity_id),))
        dependencies.register(ActivityDocument, lambda row: (page_key(row.activity_id), f"document:{row.document_id}"))
        dependencies.register(NewsPageTag, lambda row: (page_key(row.content_object_id), f"tag:{row.tag_id}"))
        dependencies.register(
            NewsPage.activities.through, lambda row: (page_key(row.newspage_id), page_key(row.activitypage_id))
        )
        dependencies.register(
            NewsPage.officers.through, lambda row: (page_key(row.newspage_id), page_key(row.officerpage_id))
        )
