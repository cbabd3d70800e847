"""Typed partner resources. Fields are listed explicitly; bodies go through publishing.rendering."""

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from campaign.models import ActivityPage, CampaignOrganisation, CampaignPage, NewsPage, OfficerPage
from cms.absolute_urls import page_url
from publishing import rendering
from publishing.documents import document_data
from publishing.visibility import private_collection_ids


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class FocalPointSerializer(serializers.Serializer):
    x = serializers.IntegerField()
    y = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionsSerializer(serializers.Serializer):
    thumbnail = RenditionSerializer(help_text="160×160 裁切")
    card = RenditionSerializer(help_text="640×360 裁切")
    hero = RenditionSerializer(help_text="宽 1600，按比例")


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    alt = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    focal_point = FocalPointSerializer(allow_null=True)
    renditions = RenditionsSerializer()


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    url = serializers.URLField(allow_null=True)


BLOCK_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["paragraph", "heading", "quote", "image", "facts"]},
        "id": {"type": "string", "nullable": True},
        "value": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "id", "value"],
}


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "description": "format=html 或 text"},
            {"type": "array", "items": BLOCK_SCHEMA, "description": "format=blocks"},
        ],
        "nullable": True,
        "description": "列表中为 null；详情中按 format（html 默认、text、blocks）返回",
    }
)
class BodyField(serializers.Field):
    """A body (StreamField or rich text) rendered through publishing.rendering in the request's format."""

    def get_attribute(self, instance):
        # No format, no body: lists leave bodies deferred (partner_api.views.ItemQuerysets).
        if not self.parent.context.get("body_format"):
            return None
        return super().get_attribute(instance)

    def to_representation(self, value):
        return self.parent.body(value)


@extend_schema_field(ImageSerializer(allow_null=True))
class ItemImageField(serializers.Field):
    """An image with its named renditions, or null when missing or private."""

    def to_representation(self, value):
        return self.parent.image(value)


def related_schema(component):
    """Related items: a list of ids, or of whole ``component`` objects when expanded."""
    return extend_schema_field(
        {
            "anyOf": [
                {"type": "array", "items": {"type": "integer"}},
                {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}},
            ]
        }
    )


class ModifiedAtField(serializers.DateTimeField):
    """When the item's JSON last changed (publishing.items); null on drafts in preview."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "该内容 JSON 最近一次变化的时间（含所嵌入的活动、图片、单位等的变化）；updated_since 按它筛选"
        )
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        return getattr(instance, "modified_at", None)

    def to_representation(self, value):
        return None if value is None else super().to_representation(value)


def campaign_ref(campaign, request):
    if campaign is None:
        return None
    return {
        "id": campaign.pk,
        "type": "campaign",
        "title": campaign.title,
        "year": campaign.year,
        "url": page_url(campaign, request),
    }


class PageItemSerializer(serializers.Serializer):
    """Fields every page-backed item carries."""

    item_type = None

    id = serializers.IntegerField(read_only=True)
    type = serializers.SerializerMethodField()
    title = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="该内容网页的绝对地址")
    first_published_at = serializers.DateTimeField(read_only=True)
    last_published_at = serializers.DateTimeField(read_only=True)
    modified_at = ModifiedAtField()
    campaign = serializers.SerializerMethodField()

    def get_type(self, obj) -> str:
        return self.item_type

    def get_url(self, obj) -> str:
        return page_url(obj, self.context.get("request"))

    @extend_schema_field(CampaignRefSerializer(allow_null=True))
    def get_campaign(self, obj):
        return campaign_ref(self.context["campaign_of"](obj), self.context.get("request"))

    def image(self, image):
        return self.context["render"].image_data(image)

    def body(self, value):
        fmt = self.context.get("body_format")
        return rendering.render(value, fmt, self.context["render"]) if fmt else None


class EventItemSerializer(PageItemSerializer):
    """Fields campaigns and activities share: edition, dates, contacts, hero image, body."""

    edition = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    contact_email = serializers.CharField(read_only=True)
    hero_image = ItemImageField(read_only=True)
    body = BodyField(read_only=True, help_text="仅在详情中返回，格式由 format 决定")


class CampaignSerializer(EventItemSerializer):
    item_type = "campaign"

    year = serializers.IntegerField(read_only=True)
    theme = serializers.CharField(read_only=True)
    launch_date = serializers.DateField(read_only=True, allow_null=True)
    introduction = serializers.CharField(read_only=True)
    headline_figures = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField(help_text="本年度活动的 id，按序号")
    history = BodyField(read_only=True, help_text="仅在详情中返回，格式由 format 决定")

    class Meta:
        model = CampaignPage

    @extend_schema_field(
        inline_serializer(
            "HeadlineFigure", {"figure": serializers.CharField(), "label": serializers.CharField()}, many=True
        )
    )
    def get_headline_figures(self, obj):
        return [{"figure": b.value.get("figure", ""), "label": b.value.get("label", "")} for b in obj.headline_figures]

    @extend_schema_field(
        inline_serializer(
            "CampaignRole",
            {
                "id": serializers.IntegerField(),
                "name": serializers.CharField(),
                "role": serializers.ChoiceField(choices=CampaignOrganisation.Role.values),
                "role_label": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_organisations(self, obj):
        return [
            {
                "id": item.organisation_id,
                "name": item.organisation.display_name,
                "role": item.role,
                "role_label": item.get_role_display(),
            }
            for item in obj.organisations.all()
        ]

    def get_activities(self, obj) -> list[int]:
        return self.context["activities_of"](obj)


class DocumentSerializer(serializers.Serializer):
    """A public document (publishing.documents.document_data): only documents of public collections."""

    id = serializers.IntegerField(read_only=True)
    type = serializers.CharField(read_only=True, help_text="固定为 document")
    title = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="下载地址（绝对网址）")
    file_type = serializers.CharField(read_only=True, help_text="文件类型，例如 PDF")
    size = serializers.IntegerField(read_only=True, allow_null=True, help_text="字节数")
    size_label = serializers.CharField(read_only=True, help_text="便于阅读的大小，例如 1.2 MB")

    def to_representation(self, instance):
        return document_data(instance)


class ActivitySerializer(EventItemSerializer):
    item_type = "activity"

    number = serializers.IntegerField(read_only=True)
    summary = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ActivityPage.Status.values, read_only=True, help_text="按北京时间当天计算")
    locations = serializers.SerializerMethodField()
    sub_activities = serializers.SerializerMethodField()
    how_to_take_part = BodyField(read_only=True, help_text="仅在详情中返回")
    documents = serializers.SerializerMethodField(help_text="相关报告：仅公开图库中的文件")

    class Meta:
        model = ActivityPage

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        items = [item.document for item in obj.related_documents.all()]
        if not items:
            return []
        render = self.context.get("render")
        private = render.private_collections if render is not None else private_collection_ids()
        return [document_data(document) for document in items if document.collection_id not in private]

    @extend_schema_field(
        inline_serializer(
            "Location",
            {
                "kind": serializers.ChoiceField(choices=["venue", "online"]),
                "name": serializers.CharField(),
                "address": serializers.CharField(allow_blank=True),
                "url": serializers.CharField(allow_blank=True),
            },
            many=True,
        )
    )
    def get_locations(self, obj):
        return [
            {key: block.value.get(key) or "" for key in ("kind", "name", "address", "url")} for block in obj.locations
        ]

    @extend_schema_field(
        inline_serializer(
            "SubActivity",
            {"title": serializers.CharField(), "description": serializers.CharField(allow_blank=True)},
            many=True,
        )
    )
    def get_sub_activities(self, obj):
        return [{"title": item.title, "description": item.description} for item in obj.sub_activities.all()]


class OfficerSerializer(PageItemSerializer):
    item_type = "officer"

    name = serializers.CharField(source="title", read_only=True)
    occupation = serializers.CharField(read_only=True)
    appointed_year = serializers.IntegerField(read_only=True)
    declaration = serializers.CharField(read_only=True, help_text="质量宣言，一句话")
    story = serializers.CharField(read_only=True, help_text="质量故事，纯文本，不超过 800 字")
    photo = ItemImageField(read_only=True)

    class Meta:
        model = OfficerPage


class NewsSerializer(PageItemSerializer):
    item_type = "news"

    subtitle = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    lead = serializers.CharField(read_only=True)
    tags = serializers.SerializerMethodField()
    hero_image = ItemImageField(read_only=True)
    activities = serializers.SerializerMethodField(
        help_text="提及的活动：默认为 id 列表，expand=activities 时为完整对象"
    )
    officers = serializers.SerializerMethodField(help_text="提及的春城质量官：默认为 id，expand=officers 时为完整对象")
    body = BodyField(read_only=True, help_text="仅在详情中返回")

    class Meta:
        model = NewsPage

    def get_tags(self, obj) -> list[str]:
        names = getattr(obj, "tag_names", None)  # partner_api.views.NewsQuerysets.attach
        return names if names is not None else sorted(tag.name for tag in obj.tags.all())

    def related(self, obj, name, serializer_class):
        """Public related items: ids, or whole objects when ``expand`` names them."""
        if name in self.context.get("expand", ()):
            context = {**self.context, "body_format": None, "expand": ()}
            return serializer_class(getattr(obj, f"public_{name}_list"), many=True, context=context).data
        ids = getattr(obj, f"public_{name}_ids", None)  # partner_api.views.NewsQuerysets.attach
        return ids if ids is not None else [item.pk for item in getattr(obj, f"public_{name}_list")]

    @related_schema("Activity")
    def get_activities(self, obj):
        return self.related(obj, "activities", ActivitySerializer)

    @related_schema("Officer")
    def get_officers(self, obj):
        return self.related(obj, "officers", OfficerSerializer)

    @extend_schema_field(
        {
            "anyOf": [{"$ref": "#/components/schemas/CampaignRef"}, {"$ref": "#/components/schemas/Campaign"}],
            "nullable": True,
        }
    )
    def get_campaign(self, obj):
        campaign = self.context["campaign_of"](obj)
        if campaign is not None and "campaign" in self.context.get("expand", ()):
            context = {**self.context, "body_format": None, "expand": ()}
            return CampaignSerializer(campaign, context=context).data
        return campaign_ref(campaign, self.context.get("request"))


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    type = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    parent_name = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    modified_at = ModifiedAtField()
    campaigns = serializers.SerializerMethodField()

    def get_type(self, obj) -> str:
        return "organisation"

    @extend_schema_field(
        inline_serializer(
            "OrganisationRole",
            {
                "campaign": CampaignRefSerializer(),
                "role": serializers.ChoiceField(choices=CampaignOrganisation.Role.values),
                "role_label": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_campaigns(self, obj):
        request = self.context.get("request")
        return [
            {"campaign": campaign_ref(role.campaign, request), "role": role.role, "role_label": role.get_role_display()}
            for role in obj.public_roles
        ]
