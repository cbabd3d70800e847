"""drf-spectacular hooks: the published contract covers /api/v1/ only.

``PartnerAutoSchema`` decides list-ness from the view class (so django-filter,
ordering and paging parameters are generated on every list), and the
postprocessing hooks add what drf-spectacular cannot infer: ``servers`` from
``BASE_URL`` and the response headers every operation sends.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema

from cms.absolute_urls import base_url


def only_partner_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class PartnerAutoSchema(AutoSchema):
    """List views are those that page (``pagination_class``): they get filter, ordering and paging parameters.

    drf-spectacular's own guess looks at the first declared response, which for our
    views is a problem+json error keyed by (status, media type).
    """

    def _is_list_view(self, serializer=None):
        if serializer is None and getattr(self.view, "pagination_class", None) is not None:
            return True
        return super()._is_list_view(serializer)


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partner_api.authentication.PartnerKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "值为 `Api-Key <密钥>`；不带时为匿名访问（限速更低）。",
        }


class TypeFieldScheme(OpenApiSerializerFieldExtension):
    """``type`` is a one-value enum per component, so clients can discriminate unions on it."""

    target_class = "partner_api.serializers.TypeField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "enum": [self.target.value], "description": "对象类型"}


HEADERS = {
    "ETag": {
        "description": "内容版本的实体标签；下次请求放在 If-None-Match 中，未变化时得到 304（不计入限额）",
        "schema": {"type": "string"},
    },
    "Last-Modified": {"description": "内容最后变化时间（HTTP 日期）", "schema": {"type": "string"}},
    "RateLimit-Policy": {
        "description": 'IETF RateLimit-Policy：`"partner";q=<每窗口请求数>;w=<窗口秒数>`',
        "schema": {"type": "string", "pattern": '^"[a-z]+";q=\\d+;w=\\d+$'},
    },
    "RateLimit": {
        "description": 'IETF RateLimit：`"partner";r=<剩余请求数>;t=<额度恢复秒数>`',
        "schema": {"type": "string", "pattern": '^"[a-z]+";r=\\d+;t=\\d+$'},
    },
    "Retry-After": {"description": "可再次请求前需等待的秒数", "schema": {"type": "integer", "minimum": 0}},
}


# Types whose list and detail responses ``fields=`` can trim. Those responses use ``<Name>Item``, where only
# ``id`` and ``type`` are required; embedded (expanded) objects and search hits keep the strict ``<Name>``,
# which generated clients need to tell a whole object from a reference.
SHAPED_COMPONENTS = ("Campaign", "Activity", "Officer", "News", "Organisation")


def add_servers_and_headers(result, generator, request, public):
    """``servers`` from BASE_URL; ETag, RateLimit and Retry-After on every /api/v1/ response; fields= in types."""
    result["servers"] = [{"url": base_url(), "description": "本站"}]
    schemas = result.get("components", {}).get("schemas", {})
    items = {}
    for name in SHAPED_COMPONENTS:
        if name in schemas:
            item = {**schemas[name], "required": ["id", "type"]}
            item["description"] = (
                "列表和详情中的对象：不带 fields= 时返回每个字段；带 fields= 时只返回所选字段和 id、type。"
            )
            items[f"#/components/schemas/{name}"] = f"#/components/schemas/{name}Item"
            schemas[f"{name}Item"] = item
            paginated = schemas.get(f"Paginated{name}List")
            if paginated:
                paginated["properties"]["results"]["items"] = {"$ref": f"#/components/schemas/{name}Item"}
    for path, operations in (result.get("paths") or {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.get("responses", {})
            for content in responses.get("200", {}).get("content", {}).values():
                ref = content.get("schema", {}).get("$ref")
                if ref in items:
                    content["schema"]["$ref"] = items[ref]
            for status, response in responses.items():
                headers = response.setdefault("headers", {})
                # Rate-limit headers are on every response to a client, keyed or anonymous.
                headers["RateLimit-Policy"] = {**HEADERS["RateLimit-Policy"], "required": True}
                headers["RateLimit"] = {**HEADERS["RateLimit"], "required": True}
                if status == "200":
                    headers["ETag"] = {**HEADERS["ETag"], "required": True}
                    headers["Last-Modified"] = HEADERS["Last-Modified"]
                if status == "429":
                    headers["Retry-After"] = {**HEADERS["Retry-After"], "required": True}
            if "200" in responses and "304" not in responses:
                responses["304"] = {
                    "description": "内容未变化（If-None-Match / If-Modified-Since 命中）；不计入限额",
                    "headers": {
                        "ETag": HEADERS["ETag"],
                        "RateLimit-Policy": HEADERS["RateLimit-Policy"],
                        "RateLimit": HEADERS["RateLimit"],
                    },
                }
    return result


class BodyFieldScheme(OpenApiSerializerFieldExtension):
    """A body: html or text as a string, blocks as a list of the ``Block`` union (discriminated on ``type``)."""

    target_class = "partner_api.serializers.BodyField"

    def map_serializer_field(self, auto_schema, direction):
        from partner_api.serializers import BLOCK_SERIALIZER

        block = auto_schema.resolve_serializer(BLOCK_SERIALIZER, direction)
        return {
            "oneOf": [
                {"type": "string", "description": "format=html 或 text"},
                {"type": "array", "items": block.ref, "description": "format=blocks"},
            ],
            "nullable": True,
            "description": self.target.help_text or "列表中为 null；详情中按 format（html 默认、text、blocks）返回",
        }


# -- examples --------------------------------------------------------------

# Sample values by property name; anything else is made from its type and format.
EXAMPLE_STRINGS = {
    "title": "2022年昆明市全国“质量月”",
    "highlighted_title": "2022年昆明市全国“<mark>质量月</mark>”",
    "snippet": "……昆明市市场监督管理局启动<mark>质量月</mark>活动……",
    "theme": "质量强国 标准引领",
    "name": "昆明市市场监督管理局",
    "summary": "“小小质量官”走进校园，体验检验检测。",
    "lead": "9月1日，2022年昆明市全国“质量月”活动启动。",
    "occupation": "质检员",
    "declaration": "以质量守护春城。",
    "source": "质量昆明",
    "author": "本报记者",
    "edition": "第3届",
    "role": "host",
    "alt": "启动仪式现场",
    "caption": "启动仪式现场",
    "credit": "质量昆明",
    "contact_phone": "0871-65392426",
    "detail": "参数 limit 必须是 1 到 100 之间的整数。",
}


def example_value(schema, components, name=None, depth=0):
    """A deterministic example of ``schema`` (an OpenAPI 3.0 schema object), refs resolved."""
    if "$ref" in schema:
        target = schema["$ref"].rsplit("/", 1)[-1]
        return example_value(components.get(target, {}), components, name, depth)
    if name in ("next", "previous") and schema.get("type") == "string":
        return f"{base_url()}/api/v1/news/?limit=20&offset={40 if name == 'next' else 0}"
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return next((value for value in schema["enum"] if value is not None), None)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            choices = schema[key]
            # Deep inside expanded objects take the last choice (an id or a reference): examples stay small.
            return example_value(choices[-1] if depth > 1 else choices[0], components, name, depth)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return example_value(schema["allOf"][0], components, name, depth)
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            value = example_value(part, components, name, depth)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            key: example_value(value, components, key, depth + 1) for key, value in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example_value(schema.get("items", {}), components, name, depth + 1)]
    if kind == "integer":
        return max(schema.get("minimum", 1), min(schema.get("maximum", 2022 if name == "year" else 1), 2022))
    if kind == "number":
        return float(schema.get("minimum", 0.5))
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2022-09-01T09:30:00+08:00"
        if fmt == "date":
            return "2022-09-01"
        if fmt == "uri" or name == "url":
            return f"{base_url()}/2022/"
        if name == "slug":
            return "2022"
        if fmt == "email":
            return "zlkm@example.cn"
        if fmt == "uuid":
            return "3f2c1d8e-6b1a-4c55-9d0e-2a7b9c4e1f00"
        return EXAMPLE_STRINGS.get(name, "示例")
    return None


def add_examples(result, generator, request, public):
    """An example body for every response of every /api/v1/ operation (made from its schema)."""
    components = result.get("components", {}).get("schemas", {})
    for path, operations in (result.get("paths") or {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                for media in (response.get("content") or {}).values():
                    if "schema" in media and "example" not in media and "examples" not in media:
                        media["example"] = example_value(media["schema"], components)
    return result
