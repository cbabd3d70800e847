"""The constant-JsonResponse route: the ceiling of Django itself in the benchmark."""

from django.http import JsonResponse

PAYLOAD = {"status": "ok", "service": "质量昆明", "items": list(range(20))}


def constant_json(request):
    return JsonResponse(PAYLOAD)
