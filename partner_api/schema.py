"""drf-spectacular hooks: the published contract covers /api/v1/ only."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_partner_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


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
