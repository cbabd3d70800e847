"""The API's JSON renderer: DRF's ``JSONRenderer`` output, written by orjson.

Same bytes in meaning as DRF's renderer with its defaults (UTF-8, Chinese not
escaped, compact separators, U+2028/U+2029 escaped for JavaScript, datetimes
in UTC with ``Z``); anything orjson does not know natively (lazy strings,
decimals, query sets, UUIDs…) goes through DRF's own encoder. An indented
body (``Accept: application/json; indent=4``, the browsable API) is left to
DRF's renderer.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
_default = JSONEncoder().default


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=_default, option=OPTIONS)
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
