from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from publishing.visibility import public_pages

MAX_QUERY_LENGTH = 100


def search(request):
    """Public search page; the Chinese-aware backend is configured in settings."""
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = public_pages().specific().search(query) if query else []
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
