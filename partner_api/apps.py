from django.apps import AppConfig


class PartnerApiConfig(AppConfig):
    name = "partner_api"
    verbose_name = "合作方内容接口"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partner_api import schema  # noqa: F401  (registers the OpenAPI auth extension)
        from partner_api.items import render_item
        from publishing import items

        items.register_renderer(render_item)
        # Documents are items too (/api/v1/documents/); Wagtail's model cannot declare it.
        from wagtail.documents import get_document_model

        items.register_item_model("document", get_document_model())
