"""Typed partner resources. Fields are listed explicitly; bodies go through publishing.rendering."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, inline_serializer
from rest_framework import serializers

from campaign.models import ActivityPage, CampaignOrganisation, CampaignPage, NewsPage, OfficerPage
from cms.absolute_urls import page_url
from publishing import rendering
from publishing.documents import document_data
from publishing.visibility import private_collection_ids
from search.results import highlight, snippet


class TypeField(serializers.Field):
    """The constant ``type`` of an object; in the schema a one-value enum (partner_api.schema.TypeFieldScheme)."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance):
        return self.value


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
    thumbnail_2x = RenditionSerializer(help_text="320×320 裁切（2×）")
    card_2x = RenditionSerializer(help_text="1280×720 裁切（2×）")
    thumbnail_webp = RenditionSerializer(help_text="160×160 裁切，WebP")
    thumbnail_2x_webp = RenditionSerializer(help_text="320×320 裁切，WebP（2×）")
    card_webp = RenditionSerializer(help_text="640×360 裁切，WebP")
    card_2x_webp = RenditionSerializer(help_text="1280×720 裁切，WebP（2×）")
    hero_webp = RenditionSerializer(help_text="宽 1600，按比例，WebP")


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
    type = TypeField("campaign")
    title = serializers.CharField()
    year = serializers.IntegerField()
    url = serializers.URLField(allow_null=True)


def block_serializer(kind, name, value_fields):
    return inline_serializer(
        f"{name}Block",
        {
            "type": TypeField(kind),
            "id": serializers.CharField(allow_null=True),
            "value": inline_serializer(f"{name}BlockValue", value_fields),
        },
    )


BLOCK_SERIALIZER = PolymorphicProxySerializer(
    component_name="Block",
    resource_type_field_name="type",
    serializers={
        "paragraph": block_serializer("paragraph", "Paragraph", {"html": serializers.CharField()}),
        "heading": block_serializer("heading", "Heading", {"text": serializers.CharField()}),
        "quote": block_serializer(
            "quote",
            "Quote",
            {
                "text": serializers.CharField(),
                "speaker": serializers.CharField(allow_blank=True),
                "speaker_title": serializers.CharField(allow_blank=True),
            },
        ),
        "image": block_serializer(
            "image",
            "Image",
            {
                "image": ImageSerializer(),
                "caption": serializers.CharField(allow_blank=True),
                "credit": serializers.CharField(allow_blank=True),
            },
        ),
        "facts": block_serializer(
            "facts",
            "Facts",
            {
                "title": serializers.CharField(allow_blank=True),
                "items": serializers.ListField(child=serializers.CharField()),
            },
        ),
    },
)


class BodyField(serializers.Field):
    """A body (StreamField or rich text) rendered through publishing.rendering in the request's format.

    Schema (partner_api.schema.BodyFieldScheme): a string (html, text) or a list of typed blocks.
    """

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
    """Related items: ids, or whole ``component`` objects when expanded.

    A union per item (object or id), which generated clients parse: object first, then id.
    """
    return extend_schema_field(
        {
            "type": "array",
            "items": {"oneOf": [{"$ref": f"#/components/schemas/{component}"}, {"type": "integer"}]},
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


@extend_schema_field({"$ref": "#/components/schemas/Organisation"})
class OrganisationRefField(serializers.Field):
    """Schema only: a whole organisation inside a campaign's role list."""


CAMPAIGN_OR_REF = {
    "anyOf": [{"$ref": "#/components/schemas/Campaign"}, {"$ref": "#/components/schemas/CampaignRef"}],
    "nullable": True,
    "description": "所属年度质量月：默认为引用（id、type、title、year、url），expand=campaign 时为完整对象",
}


@extend_schema_field(CAMPAIGN_OR_REF)
class CampaignOrRefField(serializers.Field):
    """Schema only: a campaign reference, or the whole campaign when expanded."""


# What each type can expand, and into which type: ?expand=a,b or two levels deep, a.b.
EXPANSIONS = {
    "campaign": {"activities": "activity", "organisations": "organisation"},
    "activity": {"campaign": "campaign"},
    "officer": {"campaign": "campaign"},
    "news": {"activities": "activity", "officers": "officer", "campaign": "campaign"},
    "organisation": {"campaigns": "campaign"},
}


def expansions(kind):
    """Every ``expand`` path a type accepts, one or two levels deep."""
    paths = []
    for name, target in EXPANSIONS[kind].items():
        paths.append(name)
        paths += [f"{name}.{sub}" for sub in EXPANSIONS[target]]
    return paths


class ShapedSerializer(serializers.Serializer):
    """``fields=`` picks top-level fields (``id`` and ``type`` always come); ``expand`` embeds relations."""

    ALWAYS = ("id", "type")

    @property
    def _readable_fields(self):
        selected = self.context.get("fields")
        for field in self.fields.values():
            if field.write_only:
                continue
            if selected is None or field.field_name in selected or field.field_name in self.ALWAYS:
                yield field

    def expands(self, name):
        return name in self.context.get("expand", ())

    def nested(self, serializer_class, instance, name, many=False):
        """A related object in full, with the expansions below ``name`` (``name.sub``), no body, every field."""
        prefix = f"{name}."
        expand = {path[len(prefix) :] for path in self.context.get("expand", ()) if path.startswith(prefix)}
        context = {**self.context, "body_format": None, "expand": expand, "fields": None}
        return serializer_class(instance, many=many, context=context).data

    def related_objects(self, kind, ids):
        return self.context["related_objects"](kind, ids)


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


class PageItemSerializer(ShapedSerializer):
    """Fields every page-backed item carries."""

    item_type = None

    id = serializers.IntegerField(read_only=True)
    type = TypeField("page")
    title = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="该内容网页的绝对地址")
    first_published_at = serializers.DateTimeField(read_only=True)
    last_published_at = serializers.DateTimeField(read_only=True)
    modified_at = ModifiedAtField()
    campaign = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return page_url(obj, self.context.get("request"))

    @extend_schema_field(CAMPAIGN_OR_REF)
    def get_campaign(self, obj):
        campaign = self.context["campaign_of"](obj)
        if campaign is not None and self.expands("campaign"):
            found = self.related_objects("campaign", [campaign.pk])
            return self.nested(CampaignSerializer, found[0], "campaign") if found else None
        return campaign_ref(campaign, self.context.get("request"))

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

    type = TypeField("campaign")

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

    @extend_schema_field(CampaignRefSerializer(help_text="自身的引用"))
    def get_campaign(self, obj):
        return campaign_ref(obj, self.context.get("request"))

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
                "organisation": OrganisationRefField(
                    required=False, help_text="仅在 expand=organisations 时给出：完整的单位对象"
                ),
            },
            many=True,
        )
    )
    def get_organisations(self, obj):
        roles = list(obj.organisations.all())
        organisations = {}
        if self.expands("organisations"):
            found = self.related_objects("organisation", [item.organisation_id for item in roles])
            organisations = {organisation.pk: organisation for organisation in found}
        data = []
        for item in roles:
            role = {
                "id": item.organisation_id,
                "name": item.organisation.display_name,
                "role": item.role,
                "role_label": item.get_role_display(),
            }
            if item.organisation_id in organisations:
                role["organisation"] = self.nested(
                    OrganisationSerializer, organisations[item.organisation_id], "organisations"
                )
            data.append(role)
        return data

    @related_schema("Activity")
    def get_activities(self, obj):
        ids = self.context["activities_of"](obj)
        if self.expands("activities"):
            return self.nested(ActivitySerializer, self.related_objects("activity", ids), "activities", many=True)
        return ids


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


class DocumentItemSerializer(DocumentSerializer):
    """A document as ``documents/`` lists it: with ``modified_at`` (``updated_since`` filters on it)."""

    modified_at = ModifiedAtField()

    def to_representation(self, instance):
        data = document_data(instance)
        data["modified_at"] = self.fields["modified_at"].to_representation(getattr(instance, "modified_at", None))
        return data


class ActivitySerializer(EventItemSerializer):
    item_type = "activity"

    type = TypeField("activity")

    number = serializers.IntegerField(read_only=True)
    summary = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ActivityPage.Status.values, read_only=True, help_text="按北京时间当天计算")
    locations = serializers.SerializerMethodField()
    all_day = serializers.BooleanField(
        read_only=True, help_text="活动只有日期、没有具体时间的场次时为 true（按北京时间全天计）"
    )
    sessions = serializers.SerializerMethodField(help_text="有具体时间的场次，按顺序")
    signup_url = serializers.CharField(read_only=True, help_text="报名链接（绝对网址），没有时为空字符串")
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
                "latitude": serializers.FloatField(allow_null=True, help_text="WGS-84 纬度，未填时为 null"),
                "longitude": serializers.FloatField(allow_null=True, help_text="WGS-84 经度，未填时为 null"),
            },
            many=True,
        )
    )
    def get_locations(self, obj):
        return [
            {
                **{key: block.value.get(key) or "" for key in ("kind", "name", "address", "url")},
                "latitude": block.value.get("latitude"),
                "longitude": block.value.get("longitude"),
            }
            for block in obj.locations
        ]

    @extend_schema_field(
        inline_serializer(
            "ActivitySession",
            {
                "title": serializers.CharField(),
                "start": serializers.DateTimeField(help_text="ISO 8601，北京时间（+08:00）"),
                "end": serializers.DateTimeField(help_text="ISO 8601，北京时间（+08:00）"),
                "location": serializers.CharField(allow_blank=True, help_text="本场次地点，空则以活动地点为准"),
            },
            many=True,
        )
    )
    def get_sessions(self, obj):
        moment = serializers.DateTimeField()
        return [
            {
                "title": item.title,
                "start": moment.to_representation(item.start),
                "end": moment.to_representation(item.end),
                "location": item.location,
            }
            for item in obj.sessions.all()
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

    type = TypeField("officer")

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

    type = TypeField("news")

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
        if self.expands(name):
            return self.nested(serializer_class, getattr(obj, f"public_{name}_list"), name, many=True)
        ids = getattr(obj, f"public_{name}_ids", None)  # partner_api.views.NewsQuerysets.attach
        return ids if ids is not None else [item.pk for item in getattr(obj, f"public_{name}_list")]

    @related_schema("Activity")
    def get_activities(self, obj):
        return self.related(obj, "activities", ActivitySerializer)

    @related_schema("Officer")
    def get_officers(self, obj):
        return self.related(obj, "officers", OfficerSerializer)

    @extend_schema_field(CAMPAIGN_OR_REF)
    def get_campaign(self, obj):
        campaign = self.context["campaign_of"](obj)
        if campaign is not None and self.expands("campaign"):
            # Fetched with the item (NewsQuerysets.base_queryset): no extra query.
            return self.nested(CampaignSerializer, campaign, "campaign")
        return campaign_ref(campaign, self.context.get("request"))


class OrganisationSerializer(ShapedSerializer):
    id = serializers.IntegerField(read_only=True)
    type = TypeField("organisation")
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    parent_name = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    modified_at = ModifiedAtField()
    campaigns = serializers.SerializerMethodField()

    @extend_schema_field(
        inline_serializer(
            "OrganisationRole",
            {
                "campaign": CampaignOrRefField(),
                "role": serializers.ChoiceField(choices=CampaignOrganisation.Role.values),
                "role_label": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_campaigns(self, obj):
        request = self.context.get("request")
        roles = obj.public_roles
        campaigns = {}
        if self.expands("campaigns"):
            found = self.related_objects("campaign", [role.campaign_id for role in roles])
            campaigns = {campaign.pk: campaign for campaign in found}
        return [
            {
                "campaign": self.nested(CampaignSerializer, campaigns[role.campaign_id], "campaigns")
                if role.campaign_id in campaigns
                else campaign_ref(role.campaign, request),
                "role": role.role,
                "role_label": role.get_role_display(),
            }
            for role in roles
        ]


class SearchHitMixin(serializers.Serializer):
    """Why an item matched: the site's highlighted title and snippet (search.results)."""

    highlighted_title = serializers.SerializerMethodField(help_text="标题，命中的词包在 <mark> 中（HTML）")
    snippet = serializers.SerializerMethodField(help_text="正文摘要，命中的词包在 <mark> 中（HTML），与网站搜索页相同")

    def get_highlighted_title(self, obj) -> str:
        return str(highlight(obj.title, self.context["query"]))

    def get_snippet(self, obj) -> str:
        return str(snippet(obj, self.context["query"]))


def search_hit(serializer_class):
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(f"{name}SearchHitSerializer", (SearchHitMixin, serializer_class), {"__module__": __name__})


SEARCH_HIT_SERIALIZERS = {
    "campaign": search_hit(CampaignSerializer),
    "activity": search_hit(ActivitySerializer),
    "officer": search_hit(OfficerSerializer),
    "news": search_hit(NewsSerializer),
}
