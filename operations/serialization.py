"""Django's JSON serialiser, but datetimes and times keep their microseconds.

DjangoJSONEncoder rounds to milliseconds (the ECMA-262 format); a restored
``last_published_at`` would then differ from the original.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.timezone import is_aware

FORMAT = "zlkm-json"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer


def register():
    from django.core import serializers

    if FORMAT not in serializers.get_serializer_formats():
        serializers.register_serializer(FORMAT, "operations.serialization")
