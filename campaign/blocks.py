"""StreamField blocks shared by every page type."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.CharBlock):
    """A section heading inside a body."""

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = "小标题"
        description = "正文中的小标题"


class QuoteBlock(blocks.StructBlock):
    """A quotation with the person who said it."""

    text = blocks.TextBlock(label="引语", help_text="引用的原话，不加引号")
    speaker = blocks.CharBlock(label="说话人", help_text="例如：夏嘉伟")
    speaker_title = blocks.CharBlock(label="身份", required=False, help_text="例如：昆明市市场监督管理局副局长")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = "引语"
        description = "带说话人的引语"


class ImageBlock(blocks.StructBlock):
    """An image with a caption and an optional credit."""

    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", required=False)
    credit = blocks.CharBlock(label="摄影/来源", required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = "图片"
        description = "带说明的图片"


class FactBoxBlock(blocks.StructBlock):
    """A boxed list of key facts, e.g. 新闻多一点."""

    title = blocks.CharBlock(label="标题", help_text="例如：新闻多一点")
    items = blocks.ListBlock(blocks.CharBlock(label="要点"), label="要点")

    class Meta:
        icon = "list-ul"
        template = "blocks/fact_box_block.html"
        label = "资料框"
        description = "要点列表，如“新闻多一点”"


class DocumentBlock(blocks.StructBlock):
    """A downloadable file (a report, a form), shown with its type and size."""

    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, help_text="留空则使用文件标题")

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = "文件下载"
        description = "可下载的文件，显示类型和大小"


class BaseStreamBlock(blocks.StreamBlock):
    """The body used by news items, activities and campaigns."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="段落",
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    facts = FactBoxBlock()
    document = DocumentBlock()


class HeadlineFigureBlock(blocks.StructBlock):
    """One headline figure of a campaign, e.g. 三项测评全省第一."""

    figure = blocks.CharBlock(label="数字", help_text="例如：3 项、连续三年")
    label = blocks.CharBlock(label="说明", help_text="例如：测评位列全省第一")

    class Meta:
        icon = "success"
        template = "blocks/headline_figure_block.html"
        label = "亮点数据"
        description = "一个数字加一句说明"


class LocationBlock(blocks.StructBlock):
    """Where an activity happens: a venue or an online platform."""

    kind = blocks.ChoiceBlock(choices=[("venue", "线下场地"), ("online", "线上平台")], default="venue", label="类型")
    name = blocks.CharBlock(label="名称", help_text="例如：昆明市市场监督管理局、“昆明市场监管”抖音号")
    address = blocks.CharBlock(label="地址或账号", required=False)
    url = blocks.URLBlock(label="链接", required=False)
    latitude = blocks.FloatBlock(
        label="纬度", required=False, min_value=-90, max_value=90, help_text="可选：WGS-84 纬度，例如 25.0389"
    )
    longitude = blocks.FloatBlock(
        label="经度", required=False, min_value=-180, max_value=180, help_text="可选：WGS-84 经度，例如 102.7183"
    )

    def clean(self, value):
        value = super().clean(value)
        has_lat, has_lng = value.get("latitude") is not None, value.get("longitude") is not None
        if has_lat != has_lng:
            missing = "longitude" if has_lat else "latitude"
            raise blocks.StructBlockValidationError(
                block_errors={missing: ValidationError("纬度和经度需同时填写，或都不填。")}
            )
        return value

    class Meta:
        icon = "site"
        template = "blocks/location_block.html"
        label = "地点/平台"
        description = "线下场地或线上平台"
