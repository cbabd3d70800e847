"""``GET /api/v1/images/{id}/``: one image at the size an app needs.

Width, fit (``width`` keeps the ratio, ``fill`` crops around the focal point to
``ratio``), format (webp, avif, jpeg) and density (1×–3×) map onto a Wagtail
rendition. Every value comes from an allow list, so no client can make the
server render an unbounded number of sizes (at most
``len(WIDTHS) * len(DENSITIES) * len(FORMATS) * (1 + len(RATIOS))`` per image),
and Wagtail never upscales. Images in private collections are a 404, as
everywhere else (publishing.rendering).
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.images import get_image_model

from partner_api.errors import BadQueryParameter
from partner_api.views import ERROR_RESPONSES, PartnerAPIView
from publishing.rendering import rendition_data
from publishing.visibility import public_media

WIDTHS = (160, 320, 480, 640, 800, 960, 1280, 1600)
DENSITIES = (1, 2, 3)
FORMATS = ("webp", "avif", "jpeg")
FITS = ("width", "fill")
RATIOS = ("1x1", "4x3", "3x2", "16x9")

SizedImageSerializer = inline_serializer(
    "SizedImage",
    {
        "id": serializers.IntegerField(),
        "url": serializers.URLField(help_text="图片的绝对地址"),
        "width": serializers.IntegerField(help_text="实际像素宽度（不会超过原图）"),
        "height": serializers.IntegerField(),
        "format": serializers.ChoiceField(choices=FORMATS),
        "density": serializers.IntegerField(),
        "alt": serializers.CharField(allow_blank=True),
    },
)


def choice(request, name, choices, default):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    for value in choices:
        if str(value) == raw:
            return value
    raise BadQueryParameter(name, f"必须是 {' / '.join(map(str, choices))} 之一。")


def filter_spec(width, density, fmt, fit, ratio):
    pixels = width * density
    if fit == "fill":
        across, down = (int(part) for part in ratio.split("x"))
        size = f"fill-{pixels}x{round(pixels * down / across)}"
    else:
        size = f"width-{pixels}"
    return f"{size}|format-{fmt}"


@extend_schema_view(
    get=extend_schema(
        operation_id="image_sized",
        description=(
            "按需尺寸的图片：宽度、裁切方式、格式和像素密度都从允许列表中选择，对应一个预先定义的 Wagtail 规格。"
            "fill 按焦点裁切到 ratio；width 保持比例。不会放大原图。"
        ),
        parameters=[
            OpenApiParameter("width", int, required=True, enum=list(WIDTHS), description="显示宽度（CSS 像素）"),
            OpenApiParameter("density", int, enum=list(DENSITIES), description="像素密度，默认 1；2 为 2×"),
            OpenApiParameter("format", str, enum=list(FORMATS), description="图片格式，默认 webp"),
            OpenApiParameter("fit", str, enum=list(FITS), description="width（默认，保持比例）或 fill（裁切）"),
            OpenApiParameter("ratio", str, enum=list(RATIOS), description="fill 的宽高比，默认 16x9"),
        ],
        responses={200: SizedImageSerializer, **ERROR_RESPONSES},
    )
)
class SizedImageView(PartnerAPIView):
    query_params = {"width", "density", "format", "fit", "ratio"}
    body_formats = None  # ``format`` is the image format here

    def check_query_params(self, request):
        super().check_query_params(request)
        if "width" not in request.query_params:
            raise BadQueryParameter("width", f"请给出宽度：{' / '.join(map(str, WIDTHS))}。")
        self.size = (
            choice(request, "width", WIDTHS, None),
            choice(request, "density", DENSITIES, 1),
            choice(request, "format", FORMATS, "webp"),
            choice(request, "fit", FITS, "width"),
            choice(request, "ratio", RATIOS, "16x9"),
        )

    def serve(self, request, *args, **kwargs):
        pk = self.kwargs["pk"]
        if pk > 2**31 - 1:
            raise Http404
        image = public_media(get_image_model().objects.filter(pk=pk)).first()
        if image is None:
            raise Http404
        width, density, fmt, fit, ratio = self.size
        rendition = image.get_rendition(filter_spec(width, density, fmt, fit, ratio))
        return Response(
            {
                "id": image.pk,
                **rendition_data(rendition),
                "format": fmt,
                "density": density,
                "alt": getattr(image, "default_alt_text", None) or image.title,
            }
        )
